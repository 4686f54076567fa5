"""Secrets at the edge: the Hub token and credentials in the endpoint URL.

Two rules. A secret is checked where it enters (`check_token`, `split_credentials`), so a
token with a stray `\\r` from a CRLF `.env` file is cleaned or refused before any HTTP
library sees it and quotes it back in an error. And every message leaving the program
passes `redact` (in `redaction`, re-exported here), which knows the current token and
endpoint credentials and also hides anything shaped like one (`Bearer ...`,
`scheme://user:pass@`), whatever the library underneath wrote. Standard library only,
imported lazily: it sits on the error path.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit, urlunsplit

from papercli.errors import ConfigError

# What every message passes (`redact`) lives below the errors, which redact their text.
from papercli.redaction import _USERINFO, MASK, redact, remember

__all__ = ["MASK", "check_token", "redact", "remember", "split_credentials",
           "strip_credentials"]


def check_token(raw: str | None, source: str = "HF_TOKEN") -> str | None:
    """The token with surrounding whitespace (a CRLF line end) removed, or None if empty.

    A token with inner spaces or control characters cannot be sent as a header: a
    ConfigError that names where it came from and never shows it."""
    if raw is None:
        return None
    token = raw.strip()
    if not token:
        return None
    remember(token)
    bad = next((c for c in token if not ("!" <= c <= "~")), None)
    if bad is not None:
        kind = "a space" if bad.isspace() else (
            "a control character" if ord(bad) < 32 or ord(bad) == 127 else
            "a non-ASCII character")
        error = ConfigError(
            f"{source} contains {kind}, so it cannot be a Hub token (not shown)",
            hint=f"set {source} to the token alone (hf_...), or unset it",
        )
        # (the whole of it made 141 columns, on every command that fetches)
        said = f"{source} contains {kind} (not shown)"
        error.shorter = [(said, "fix or unset it"), (said, "unset it")]
        raise error
    return token


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """(the URL without `user:pass@`, (user, password) or None). The parts are remembered
    for `redact`; the clean URL is what messages, links and JSON may show."""
    try:
        parts = urlsplit(url)
        if parts.username is None and parts.password is None:
            return url, None
        user = unquote(parts.username or "")
        password = unquote(parts.password or "")
        host = parts.hostname or ""
        if ":" in host:  # IPv6 literal
            host = f"[{host}]"
        netloc = host + (f":{parts.port}" if parts.port is not None else "")
    except ValueError:  # a port that is not a number, a bad IPv6 literal
        return _USERINFO.sub(lambda m: m.group(1), url), None
    remember(password, parts.password, f"{parts.username}:{parts.password}")
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, (user, password)


def strip_credentials(url: str) -> str:
    """The URL fit to show: no `user:pass@`."""
    return split_credentials(url)[0]
