"""A real HTTP server on 127.0.0.1 that answers like the Hub's papers API, and fails on cue.

Tests point HF_ENDPOINT at it. It keeps a log of every request so a test can assert that a
cached command made none, and a queue of faults (`fail(...)`) so a test can script 429 with
Retry-After, 5xx, hangs, resets, HTML pages, malformed or wrongly shaped JSON, nesting
bombs, empty or raw bodies ("ok" answers normally, optionally with extra headers), and the
hostile ones: compression bombs in layers ("bomb"), answers in any Content-Encoding
("encoded"), bodies or headers trickled a byte at a time ("trickle", "trickle_headers"),
endless bodies ("endless"). `BlackHole` is a Hub that accepts connections, never answers.
`gather(n)` proves that n requests were in flight at once; `state.max_inflight` bounds it.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import gzip
import json
import socket
import struct
import threading
import time
import zlib
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from loopback import LoopbackServer

DATA = Path(__file__).parent / "data"


def seed_items() -> list[dict[str, Any]]:
    """The 19 LLaMA/LLaVA papers in the Hub's daily-papers item shape."""
    return json.loads((DATA / "search-llama.json").read_text(encoding="utf-8"))


def item_for_day(item: dict[str, Any], day: date, upvotes: int | None = None) -> dict[str, Any]:
    """A copy of an item as if it entered Daily Papers on `day`."""
    out = copy.deepcopy(item)
    stamp = f"{day.isoformat()}T08:00:00.000Z"
    out["publishedAt"] = stamp
    out["paper"]["submittedOnDailyAt"] = stamp
    if upvotes is not None:
        out["paper"]["upvotes"] = upvotes
    return out


@dataclass
class Fault:
    kind: str
    path: str = "/api/"
    retry_after: str | None = None
    hang: float = 5.0
    headers: dict[str, str] = field(default_factory=dict)  # extra headers ("ok" answers)
    body: bytes = b""  # what "raw" sends, as a 200 application/json answer
    barrier: threading.Barrier | None = None  # "gather": wait for the others
    encoding: str = "gzip, gzip"  # "bomb", "encoded": Content-Encoding layers, in order
    size: int = 256 * 2**20  # "bomb": decoded bytes (zeros)
    interval: float = 1.0  # "trickle*": seconds between bytes


@dataclass
class Request:
    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class HubState:
    days: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    papers: dict[str, dict[str, Any]] = field(default_factory=dict)
    faults: deque[Fault] = field(default_factory=deque)
    log: list[Request] = field(default_factory=list)
    latency: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    inflight: int = 0
    max_inflight: int = 0  # most requests being answered at once
    broken_barriers: int = 0
    page_cap: int | None = None  # the most items a daily_papers page holds, whatever limit
    # `/papers/{id}.md`: full texts as served (bytes), or a size to stream (never built)
    full_texts: dict[str, bytes] = field(default_factory=dict)
    streamed_texts: dict[str, int] = field(default_factory=dict)
    # fields a paper page (`/api/papers/{id}`) adds to the paper: linkedModels …
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)


def encode(body: bytes, encoding: str) -> bytes:
    """`body` compressed by each Content-Encoding layer in turn ("gzip, deflate")."""
    for layer in (e.strip() for e in encoding.split(",")):
        if layer == "gzip":
            body = gzip.compress(body, 9, mtime=0)
        elif layer == "deflate":
            body = zlib.compress(body, 9)
        elif layer != "identity":
            raise ValueError(f"cannot encode {layer!r}")
    return body


@functools.lru_cache(maxsize=8)
def bomb(encoding: str, size: int) -> bytes:
    """`size` zero bytes (whole MiB) under `encoding`: 256 MiB in two gzip layers is under
    1 KB. Built fast: one fully flushed deflate block of a MiB of zeros stands alone, so
    the stream is that block repeated, wrapped with a checksum computed piece by piece."""
    first = encoding.split(",")[0].strip()
    mib = b"\0" * 2**20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(mib) + packer.flush(zlib.Z_FULL_FLUSH)
    count = size // len(mib)
    raw = block * count + packer.flush()
    crc, adler = 0, 1
    for _ in range(count):
        crc, adler = zlib.crc32(mib, crc), zlib.adler32(mib, adler)
    if first == "gzip":
        layer = (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + raw
                 + struct.pack("<II", crc, (count * len(mib)) & 0xFFFFFFFF))
    elif first == "deflate":
        layer = b"\x78\xda" + raw + struct.pack(">I", adler)
    else:
        raise ValueError(first)
    rest = ",".join(encoding.split(",")[1:])
    return encode(layer, rest) if rest.strip() else layer


class BlackHole:
    """A Hub that accepts every connection (the kernel's backlog does) and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def close(self) -> None:
        self.sock.close()


class HubServer(LoopbackServer):
    def __init__(self) -> None:
        self.state = HubState()
        super().__init__(type("Handler", (_Handler,), {"state": self.state}))

    # -- scripting ----------------------------------------------------------------------

    def set_day(self, day: date | str, items: Iterable[dict[str, Any]]) -> None:
        key = day if isinstance(day, str) else day.isoformat()
        stamped = [item_for_day(i, date.fromisoformat(key)) for i in items]
        self.state.days[key] = stamped
        for item in stamped:
            self.state.papers[item["paper"]["id"]] = item["paper"]

    def fill(self, start: date, end: date, per_day: int = 3) -> dict[str, list[str]]:
        """Every day from start to end gets `per_day` distinct papers; returns their ids
        by day (ids are YYMM.NNNNN of the day's month, numbered across the range)."""
        base = seed_items()
        by_day: dict[str, list[str]] = {}
        n = 0
        day = start
        while day <= end:
            items = []
            for k in range(per_day):
                item = copy.deepcopy(base[k % len(base)])
                pid = f"{day:%y%m}.{n:05d}"
                n += 1
                item["paper"]["id"] = pid
                item["paper"]["title"] = f"Synthetic paper {pid} about {item['paper']['title']}"
                items.append(item)
            self.set_day(day, items)
            by_day[day.isoformat()] = [i["paper"]["id"] for i in items]
            day += timedelta(days=1)
        return by_day

    def add_paper(self, paper: dict[str, Any]) -> None:
        self.state.papers[paper["id"]] = paper

    def set_full_text(self, paper_id: str, body: bytes | int) -> None:
        """`/papers/{id}.md` answers `body`, or (an int) that many bytes of Markdown
        streamed a MiB at a time, never held whole by the server."""
        self.state.full_texts.pop(paper_id, None)
        self.state.streamed_texts.pop(paper_id, None)
        if isinstance(body, int):
            self.state.streamed_texts[paper_id] = body
        else:
            self.state.full_texts[paper_id] = body

    def set_links(self, paper_id: str, **fields: Any) -> None:
        """What the paper page adds: linkedModels=[…], numTotalModels=12, …"""
        self.state.pages[paper_id] = fields

    def fail(self, kind: str, *, times: int = 1, path: str = "/api/", **kw: Any) -> None:
        for _ in range(times):
            self.state.faults.append(Fault(kind, path, **kw))

    def gather(self, n: int, *, timeout: float = 10.0) -> None:
        """The next n requests are answered only once all n are in flight together: proof
        of concurrency without timing (sequential requests break the barrier: HTTP 500)."""
        barrier = threading.Barrier(n, timeout=timeout)
        for _ in range(n):
            self.state.faults.append(Fault("gather", barrier=barrier))

    @property
    def requests(self) -> list[Request]:
        return list(self.state.log)

    def count(self, path_prefix: str = "/api/") -> int:
        return sum(1 for r in self.state.log if r.path.startswith(path_prefix))

    def reset_log(self) -> None:
        self.state.log.clear()


class _Handler(BaseHTTPRequestHandler):
    state: HubState
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        url = urlparse(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        with self.state.lock:
            self.state.log.append(Request(url.path, params, dict(self.headers.items())))
            fault = None
            for i, f in enumerate(self.state.faults):
                if url.path.startswith(f.path):
                    fault = f
                    del self.state.faults[i]
                    break
            self.state.inflight += 1
            self.state.max_inflight = max(self.state.max_inflight, self.state.inflight)
        try:
            self._answer(url, params, fault)
        finally:
            with self.state.lock:
                self.state.inflight -= 1

    def _answer(self, url: Any, params: dict[str, str], fault: Fault | None) -> None:
        self._extra_headers = fault.headers if fault is not None else {}
        self._encoding: str | None = None
        if self.state.latency:
            time.sleep(self.state.latency)
        if fault is not None and self._fault(fault):
            return
        if url.path == "/api/daily_papers":
            self._json(self._daily(params))
        elif url.path == "/api/papers/search":
            self._json(self._search(params))
        elif url.path.startswith("/api/papers/"):
            pid = unquote(url.path[len("/api/papers/") :])
            paper = self.state.papers.get(pid)
            if paper is None:
                self._send(404, b'{"error":"Paper not found"}', "application/json")
            else:
                self._json({**paper, **self.state.pages.get(pid, {})})
        elif url.path.startswith("/papers/") and url.path.endswith(".md"):
            self._full_text(unquote(url.path[len("/papers/"):-len(".md")]))
        else:
            self._send(404, b'{"error":"Not found"}', "application/json")

    # -- answers ------------------------------------------------------------------------

    def _daily(self, params: dict[str, str]) -> list[dict[str, Any]]:
        days = self.state.days
        if "date" in params:
            selected = [params["date"]]
        elif "week" in params:
            year, week = params["week"].split("-W")
            start = date.fromisocalendar(int(year), int(week), 1)
            selected = [(start + timedelta(days=i)).isoformat() for i in range(7)]
        elif "month" in params:
            selected = sorted(d for d in days if d.startswith(params["month"] + "-"))
        else:
            nonempty = sorted(d for d, items in days.items() if items)
            selected = nonempty[-1:]
        items = [i for d in selected for i in days.get(d, [])]
        limit = int(params.get("limit", "50"))
        if self.state.page_cap is not None:
            limit = min(limit, self.state.page_cap)
        page = int(params.get("p", "0"))
        return items[page * limit : (page + 1) * limit]

    def _search(self, params: dict[str, str]) -> list[dict[str, Any]]:
        words = params.get("q", "").lower().split()
        hits = []
        for paper in self.state.papers.values():
            text = (paper.get("title", "") + " " + paper.get("summary", "")).lower()
            if words and all(w in text for w in words):
                hits.append({"paper": paper, "title": paper.get("title"),
                             "publishedAt": paper.get("publishedAt")})
        return hits[: int(params.get("limit", "50"))]

    # -- faults -------------------------------------------------------------------------

    def _fault(self, fault: Fault) -> bool:
        kind = fault.kind
        if kind in ("400", "401", "403", "404", "422", "429", "500", "502", "503", "504"):
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._send(int(kind), b'{"error":"busy"}', "application/json", headers)
        elif kind == "html":
            body = b"<!DOCTYPE html><html><body><h1>We'll be right back</h1></body></html>"
            self._send(200, body, "text/html; charset=utf-8")
        elif kind == "html503":
            self._send(503, b"<html><body>Service Unavailable</body></html>", "text/html")
        elif kind == "malformed":
            self._send(200, b'[{"paper": {"id": "2401.01055", "title": ', "application/json")
        elif kind == "wrong_shape":
            self._send(200, b'{"papers": [], "note": "not a list"}', "application/json")
        elif kind == "deep":  # nesting that blows a recursive decoder's stack
            self._send(200, b"[" * 200_000 + b"]" * 200_000, "application/json")
        elif kind == "empty":
            self._send(200, b"", "application/json")
        elif kind == "raw":
            self._send(200, fault.body, "application/json")
        elif kind == "ok":  # answer normally (after faults meant for other requests)
            return False
        elif kind == "encoded":  # answer normally, compressed as `encoding` says
            self._encoding = fault.encoding
            return False
        elif kind == "bomb":  # a tiny body that decodes to `size` zero bytes
            self._send(200, bomb(fault.encoding, fault.size), "application/json",
                       {"Content-Encoding": fault.encoding})
        elif kind == "trickle":  # a valid header, then the body a byte per interval
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            return self._drip(b"[" + b" " * 99_999, fault.interval)
        elif kind == "trickle_headers":  # the status line and headers a byte per interval
            return self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              + b"X-Pad: " + b"a" * 100_000, fault.interval)
        elif kind == "endless":  # no length, no end: bytes until the client hangs up
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b'[{"paper": {"id": "2401.01055", "title": "again"}},' * 1000
            with contextlib.suppress(OSError):
                while True:
                    self.wfile.write(chunk)
        elif kind == "gather":
            assert fault.barrier is not None
            try:
                fault.barrier.wait()
            except threading.BrokenBarrierError:
                with self.state.lock:
                    self.state.broken_barriers += 1
                self._send(500, b'{"error":"barrier broken"}', "application/json")
                return True
            return False
        elif kind == "hang":
            time.sleep(fault.hang)
            return self._close()
        elif kind == "reset":
            return self._reset()
        elif kind == "truncated":
            body = b'[{"paper": {"id": "2401.01055", "title": "x"}}]'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body) + 100))
            self.end_headers()
            self.wfile.write(body)
            return self._close()
        else:
            return False
        return True

    def _drip(self, data: bytes, interval: float) -> bool:
        with contextlib.suppress(OSError):
            for i in range(len(data)):
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
                time.sleep(interval)
        return self._close()

    def _close(self) -> bool:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)
        return True

    def _reset(self) -> bool:
        # SO_LINGER 0 makes close() send RST: the client sees "connection reset".
        import struct

        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()
        return True

    def _full_text(self, pid: str) -> None:
        body = self.state.full_texts.get(pid)
        size = self.state.streamed_texts.get(pid)
        if body is not None:
            self._send(200, body, "text/markdown; charset=utf-8")
            return
        if size is None:
            self._send(404, b"Not Found", "text/plain")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/markdown; charset=utf-8")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        line = b"Lorem ipsum dolor sit amet, $x_i$ and **more** text. " * 20 + b"\n"
        piece = line * (2**20 // len(line) + 1)
        piece = piece[:2**20]
        sent = 0
        with contextlib.suppress(OSError):  # the client hung up at its cap
            while sent < size:
                chunk = piece[:size - sent]
                self.wfile.write(chunk)
                sent += len(chunk)

    def _json(self, data: Any) -> None:
        body = json.dumps(data).encode()
        encoding = getattr(self, "_encoding", None)
        headers = {}
        if encoding:
            body = encode(body, encoding)
            headers["Content-Encoding"] = encoding
        self._send(200, body, "application/json; charset=utf-8", headers)

    def _send(
        self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        extra = getattr(self, "_extra_headers", {})
        for name, value in {**extra, **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":  # `python tests/hubserver.py`: a manual playground
    server = HubServer()
    today = date.today()
    server.set_day(today, seed_items()[:10])
    server.set_day(today - timedelta(days=1), seed_items()[10:])
    print(server.url, flush=True)
    server.httpd.serve_forever()
