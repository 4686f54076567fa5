"""Redaction: every message leaving the program passes `redact`.

It knows the current token and endpoint credentials (`remember`, called where they enter,
in `secrets`) and also hides anything shaped like one (`Bearer ...`,
`scheme://user:pass@`), whatever the library underneath wrote. A leaf module (standard
library only, no papercli import): the errors redact their own text with it, so it must sit
below them.
"""

from __future__ import annotations

import os
import re
import threading
from urllib.parse import unquote, urlsplit

MASK = "***"
MIN_SECRET = 4  # shorter strings would mask ordinary words; URL shapes still catch them

_known: set[str] = set()
_lock = threading.Lock()

_BEARER = re.compile(r"(?i)(\bbearer\s+|(?:authorization|token)\s*[:=]\s*)([^\s'\",;]+)")
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@?#]+@")
# A Hub token is hf_ and 34 letters: a shorter run is a name (a watch `hf_datasets`).
_HF_TOKEN = re.compile(r"\bhf_[A-Za-z0-9]{30,}")


def remember(*values: str | None) -> None:
    """Add values to what `redact` hides (and their percent-decoded forms)."""
    with _lock:
        for value in values:
            if not value:
                continue
            for form in (value, unquote(value)):
                if len(form) >= MIN_SECRET:
                    _known.add(form)


def _from_environment() -> list[str]:
    """What the current environment holds, so redaction works before any client exists."""
    found = []
    token = (os.environ.get("HF_TOKEN") or "").strip()
    if token:
        found.append(token)
    endpoint = os.environ.get("HF_ENDPOINT") or ""
    if "@" in endpoint:
        try:
            parts = urlsplit(endpoint.strip())
            if parts.password:
                found += [parts.password, unquote(parts.password)]
        except ValueError:
            pass
    return [s for s in found if len(s) >= MIN_SECRET]


def redact(text: str) -> str:
    """`text` with every known secret and anything shaped like one replaced by ***."""
    if not text:
        return text
    with _lock:
        known = set(_known)
    known.update(_from_environment())
    for secret in sorted(known, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    text = _USERINFO.sub(lambda m: f"{m.group(1)}{MASK}@", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)}{MASK}", text)
    return _HF_TOKEN.sub(f"hf_{MASK}", text)
