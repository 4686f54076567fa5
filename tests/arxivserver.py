"""A real HTTP server on 127.0.0.1 that answers like arXiv's API and RSS feeds, and fails
on cue.

Written from arXiv's API User's Manual and RSS specification. Tests point
ARXIV_API_ENDPOINT at `server.api_url` and ARXIV_RSS_ENDPOINT at `server.rss_url`.

- RSS: `/rss/cs.CL+cs.CV` lists the announced papers in any of those categories, each
  once, typed as arXiv types them: `new` / `replace` when the primary category is asked
  for, `cross` / `replace-cross` otherwise. With nothing announced (`weekend = True`, or
  no paper in those categories) the channel is empty, with `skipDays`.
- API: `/api/query` with `search_query` (`cat:` terms, `.*` wildcards, OR-ed in
  parentheses, AND-ed with `submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]`), `id_list`,
  `start`, `max_results`, `sortBy`, `sortOrder`; `opensearch:totalResults` etc.; error
  feeds for a bad id or query, as arXiv sends them (HTTP 400 with an Atom error entry).
- Faults, queued with `fail(kind, ...)` and taken by the next matching request:
  "status" (any status, optional Retry-After), "slow" (answer after `delay` s),
  "short" (a page with only `count` entries), "error_feed" (arXiv's error entry with
  `message`), "malformed", "truncated", "laughs" (billion laughs), "xxe" (an external
  entity naming `target`), "huge" (`size` bytes streamed, never held in memory),
  "raw" (any `body`).
Every request is logged with its arrival and end times, and `max_inflight` says how many
were being answered at once.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse
from xml.sax.saxutils import escape, quoteattr

from loopback import LoopbackServer

ATOM_NS = "http://www.w3.org/2005/Atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
ARXIV_NS = "http://arxiv.org/schemas/atom"
_ID = re.compile(
    r"(?:[0-9]{4}\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]+)?"
)


@dataclass
class Paper:
    """One invented paper; `hard_wrap` makes the API wrap its title and abstract."""

    id: str
    title: str
    categories: list[str]
    submitted: datetime
    version: int = 1
    updated: datetime | None = None
    abstract: str = "An invented abstract."
    authors: list[str] = field(default_factory=lambda: ["Ada Example"])
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    announced: bool = False  # in today's RSS announcement
    pdf_link: str = "new"  # "new": rel=alternate, no title; "old": title="pdf" rel="related"
    scheme: str = "https"
    hard_wrap: bool = True

    @property
    def primary(self) -> str:
        return self.categories[0]


def make_papers(n: int, category: str = "cs.CL", day: datetime | None = None,
                prefix: str = "2401") -> list[Paper]:
    """n distinct papers in `category`, submitted a minute apart from `day`."""
    start = day or datetime(2024, 1, 15, 9, 0, tzinfo=UTC)
    return [
        Paper(id=f"{prefix}.{i + 10000:05d}", title=f"Synthetic paper number {i} on {category}",
              categories=[category], submitted=start + timedelta(minutes=i))
        for i in range(n)
    ]


@dataclass
class Fault:
    kind: str
    path: str = "/"
    status: int = 503
    retry_after: str | None = None
    delay: float = 0.0
    count: int = 0
    message: str = "unknown error"
    target: str = "/etc/hostname"
    size: int = 200 * 2**20
    body: bytes = b""


@dataclass
class Request:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    arrived: float
    ended: float | None = None


@dataclass
class ArxivState:
    papers: dict[str, Paper] = field(default_factory=dict)
    weekend: bool = False
    # The RSS channel's pubDate: the day of the announcement it holds.
    announced_at: datetime = datetime(2024, 1, 16, 5, 0, tzinfo=UTC)
    faults: deque[Fault] = field(default_factory=deque)
    log: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    inflight: int = 0
    max_inflight: int = 0


class ArxivServer(LoopbackServer):
    def __init__(self) -> None:
        self.state = ArxivState()
        super().__init__(type("Handler", (_Handler,), {"state": self.state}))
        self.api_url = f"{self.url}/api/query"
        self.rss_url = f"{self.url}/rss"

    # -- scripting ------------------------------------------------------------------

    def add(self, *papers: Paper) -> None:
        for paper in papers:
            self.state.papers[paper.id] = paper

    def announce(self, *papers: Paper) -> None:
        for paper in papers:
            paper.announced = True
            self.state.papers[paper.id] = paper

    def next_announcement(self, day: datetime, *papers: Paper) -> None:
        """arXiv's next announcement (dated `day`) replaces the RSS's: only `papers` are
        in it now; the papers announced before stay in the API."""
        for paper in self.state.papers.values():
            paper.announced = False
        self.state.announced_at = day
        self.announce(*papers)

    def fail(self, kind: str, *, times: int = 1, path: str = "/", **kw: Any) -> None:
        for _ in range(times):
            self.state.faults.append(Fault(kind, path, **kw))

    @property
    def requests(self) -> list[Request]:
        return list(self.state.log)

    def count(self, path_prefix: str = "/") -> int:
        return sum(1 for r in self.state.log if r.path.startswith(path_prefix))


# -- documents --------------------------------------------------------------------


def _wrap(text: str, width: int = 70) -> str:
    """Hard-wrap like the API does: newline plus two spaces inside long text."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n  ".join(lines)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_entry(p: Paper) -> str:
    host = f"{p.scheme}://arxiv.org"
    vid = f"{p.id}v{p.version}"
    title = _wrap(p.title) if p.hard_wrap else p.title
    abstract = "  " + (_wrap(p.abstract) if p.hard_wrap else p.abstract) + "\n"
    pdf = (f'<link href="{host}/pdf/{vid}" rel="alternate" type="application/pdf"/>'
           if p.pdf_link == "new" else
           f'<link title="pdf" href="{host}/pdf/{vid}" rel="related" type="application/pdf"/>')
    parts = [
        "<entry>",
        f"<id>{host}/abs/{vid}</id>",
        f"<title>{escape(title)}</title>",
        f"<updated>{_iso(p.updated or p.submitted)}</updated>",
        f'<link href="{host}/abs/{vid}" rel="alternate" type="text/html"/>',
        pdf,
        f"<summary>{escape(abstract)}</summary>",
        *(f'<category term={quoteattr(c)} scheme="http://arxiv.org/schemas/atom"/>'
          for c in p.categories),
        f"<published>{_iso(p.submitted)}</published>",
        f'<arxiv:primary_category term={quoteattr(p.primary)}/>',
    ]
    if p.comment:
        parts.append(f"<arxiv:comment>{escape(p.comment)}</arxiv:comment>")
    if p.journal_ref:
        parts.append(f"<arxiv:journal_ref>{escape(p.journal_ref)}</arxiv:journal_ref>")
    if p.doi:
        parts.append(f"<arxiv:doi>{escape(p.doi)}</arxiv:doi>")
    parts += [f"<author><name>{escape(a)}</name></author>" for a in p.authors]
    parts.append("</entry>")
    return "\n".join(parts)


def atom_feed(entries: list[str], total: int, start: int, per_page: int, query: str) -> bytes:
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<feed xmlns="{ATOM_NS}" xmlns:opensearch="{OPENSEARCH_NS}" xmlns:arxiv="{ARXIV_NS}">\n'
        f"<id>https://arxiv.org/api/loopback</id>\n"
        f"<title>arXiv Query: {escape(query)}</title>\n"
        f"<updated>{_iso(datetime.now(UTC))}</updated>\n"
        f"<opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>\n"
        f"<opensearch:totalResults>{total}</opensearch:totalResults>\n"
        f"<opensearch:startIndex>{start}</opensearch:startIndex>\n"
    )
    return (head + "\n".join(entries) + "\n</feed>\n").encode("utf-8")


def error_feed(message: str) -> bytes:
    anchor = re.sub(r"[^A-Za-z0-9.]+", "_", message)
    entry = (
        "<entry>\n"
        f"<id>https://arxiv.org/api/errors#{escape(anchor)}</id>\n"
        "<title>Error</title>\n"
        f"<summary>{escape(message)}</summary>\n"
        f"<updated>{_iso(datetime.now(UTC))}</updated>\n"
        f'<link href="https://arxiv.org/api/errors#{escape(anchor)}" rel="alternate" '
        'type="text/html"/>\n'
        "<author><name>arXiv api core</name></author>\n"
        "</entry>"
    )
    return atom_feed([entry], 1, 0, 1, "error")


def rss_item(p: Paper, kind: str, day: datetime) -> str:
    parts = [
        "<item>",
        f"<title>{escape(p.title)}</title>",
        f"<link>https://arxiv.org/abs/{p.id}</link>",
        f"<description>arXiv:{p.id}v{p.version} Announce Type: {kind} \n"
        f"Abstract: {escape(p.abstract)}</description>",
        f'<guid isPermaLink="false">oai:arXiv.org:{p.id}v{p.version}</guid>',
        *(f"<category>{escape(c)}</category>" for c in p.categories),
        f"<pubDate>{format_datetime(day)}</pubDate>",
        f"<arxiv:announce_type>{kind}</arxiv:announce_type>",
        "<dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>",
        f"<dc:creator>{escape(', '.join(p.authors))}</dc:creator>",
    ]
    if p.doi:
        parts.append(f"<arxiv:DOI>{escape(p.doi)}</arxiv:DOI>")
    if p.journal_ref:
        parts.append(f"<arxiv:journal_reference>{escape(p.journal_ref)}</arxiv:journal_reference>")
    parts.append("</item>")
    return "\n".join(parts)


def rss_feed(combo: str, items: list[str], day: datetime) -> bytes:
    shown = combo.replace("+", ", ")
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f'<rss xmlns:arxiv="{ARXIV_NS}" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:atom="{ATOM_NS}" version="2.0">\n<channel>\n'
        f"<title>{escape(shown)} updates on arXiv.org</title>\n"
        f"<link>http://rss.arxiv.org/rss/{escape(combo)}</link>\n"
        f"<description>{escape(shown)} updates on the arXiv.org e-print archive.</description>\n"
        f"<pubDate>{format_datetime(day)}</pubDate>\n"
        "<skipDays><day>Saturday</day><day>Sunday</day></skipDays>\n"
        + "\n".join(items)
        + "\n</channel>\n</rss>\n"
    ).encode("utf-8")


def _cat_matches(term: str, categories: list[str]) -> bool:
    if term.endswith(".*"):
        return any(c.startswith(term[:-1]) or c == term[:-2] for c in categories)
    return term in categories


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M")


def run_query(papers: list[Paper], query: str) -> list[Paper]:
    """`search_query` as the loopback understands it; ValueError for anything else."""
    out = papers
    for part in query.split(" AND "):
        part = part.strip()
        if part.startswith("(") and part.endswith(")"):
            part = part[1:-1]
        date_range = re.fullmatch(r"submittedDate:\[([0-9]{12}) TO ([0-9]{12})\]", part)
        if date_range:
            low, high = date_range.groups()
            out = [p for p in out if low <= _stamp(p.submitted) <= high]
            continue
        terms = [t.strip() for t in part.split(" OR ")]
        if not all(t.startswith("cat:") for t in terms):
            raise ValueError(f"unsupported query term {part}")
        cats = [t[4:] for t in terms]
        out = [p for p in out if any(_cat_matches(c, p.categories) for c in cats)]
    return out


class _Handler(BaseHTTPRequestHandler):
    state: ArxivState
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        url = urlparse(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        record = Request(url.path, params, dict(self.headers.items()), time.time())
        self.last_write: float | None = None
        with self.state.lock:
            self.state.log.append(record)
            fault = None
            for i, f in enumerate(self.state.faults):
                if url.path.startswith(f.path):
                    fault = f
                    del self.state.faults[i]
                    break
            self.state.inflight += 1
            self.state.max_inflight = max(self.state.max_inflight, self.state.inflight)
        try:
            self._answer(url.path, params, fault)
        finally:
            with self.state.lock:
                self.state.inflight -= 1
                # The end is when the body was handed to the socket: a client may read it
                # and send its next request before this thread runs again, on a busy machine
                record.ended = self.last_write or time.time()

    # -- answers ------------------------------------------------------------------

    def _send(self, body: bytes, status: int = 200, ctype: str = "application/atom+xml",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.last_write = time.time()
        self.wfile.write(body)

    def _answer(self, path: str, params: dict[str, str], fault: Fault | None) -> None:
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if self._fault(fault):
                return
        if path == "/api/query":
            self._api(params, fault)
        elif path.startswith("/rss/"):
            self._rss(unquote(path[len("/rss/"):]))
        else:
            self._send(b"not found", 404, "text/plain")

    def _fault(self, fault: Fault) -> bool:
        kind = fault.kind
        if kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._send(b"<html>busy</html>", fault.status, "text/html", headers)
        elif kind == "error_feed":
            self._send(error_feed(fault.message), 400)
        elif kind == "malformed":
            self._send(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
                       b"<entry><id>x</id></feed>")
        elif kind == "truncated":
            whole = atom_feed([atom_entry(p) for p in list(self.state.papers.values())[:3]],
                              3, 0, 3, "truncated")
            self._send(whole[: len(whole) * 2 // 3])
        elif kind == "laughs":
            self._send(billion_laughs())
        elif kind == "xxe":
            self._send(external_entity(fault.target))
        elif kind == "raw":
            self._send(fault.body)
        elif kind == "huge":
            self._huge(fault.size)
        elif kind in ("slow", "short"):
            return False  # "slow" has waited; "short" is applied by _api
        else:
            raise ValueError(f"unknown fault {kind}")
        return True

    def _huge(self, size: int) -> None:
        head = (b'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/'
                b'Atom"><title>')
        chunk = b"x" * 65536
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        try:
            self.wfile.write(head)
            left = size - len(head)
            while left > 0:
                piece = chunk[: min(left, len(chunk))]
                self.wfile.write(piece)
                left -= len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _api(self, params: dict[str, str], fault: Fault | None) -> None:
        papers = list(self.state.papers.values())
        ids = [i for i in params.get("id_list", "").split(",") if i]
        for pid in ids:
            if not _ID.fullmatch(pid):
                self._send(error_feed(f"incorrect id format for {pid}"), 400)
                return
        try:
            start = int(params.get("start", "0"))
            per_page = int(params.get("max_results", "10"))
        except ValueError:
            self._send(error_feed("start and max_results must be integers"), 400)
            return
        if start < 0 or per_page < 0:
            self._send(error_feed("start and max_results must be non-negative"), 400)
            return
        query = params.get("search_query", "")
        if query:
            try:
                papers = run_query(papers, query)
            except ValueError as exc:
                self._send(error_feed(str(exc)), 400)
                return
        if ids:
            wanted = [re.sub(r"v[0-9]+$", "", i) for i in ids]
            papers = [p for p in papers if p.id in wanted]
            if not query:
                papers.sort(key=lambda p: wanted.index(p.id))
        sort_by = params.get("sortBy", "relevance" if not ids else "")
        reverse = params.get("sortOrder", "descending") == "descending"
        if sort_by == "submittedDate":
            papers.sort(key=lambda p: (p.submitted, p.id), reverse=reverse)
        elif sort_by == "lastUpdatedDate":
            papers.sort(key=lambda p: (p.updated or p.submitted, p.id), reverse=reverse)
        page = papers[start : start + per_page]
        if fault is not None and fault.kind == "short":
            page = page[: fault.count]
        self._send(atom_feed([atom_entry(p) for p in page], len(papers), start, per_page,
                             f"search_query={query}&id_list={','.join(ids)}"))

    def _rss(self, combo: str) -> None:
        asked = [c for c in combo.split("+") if c]
        day = self.state.announced_at
        items = []
        if not self.state.weekend:
            for p in self.state.papers.values():
                if not p.announced or not any(_cat_matches(a, p.categories) or
                                              _cat_matches(a + ".*", p.categories)
                                              for a in asked):
                    continue
                replaced = p.version > 1
                home = any(p.primary == a or p.primary.startswith(a + ".") for a in asked)
                kind = ("replace" if replaced else "new") if home else (
                    "replace-cross" if replaced else "cross")
                items.append(rss_item(p, kind, day))
        self._send(rss_feed(combo, items, day), ctype="application/rss+xml")


def billion_laughs() -> bytes:
    """The classic exponential entity document: 10 levels of 10, a billion "lol"s."""
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE feed [", '<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        refs = f"&lol{i - 1};" * 10
        lines.append(f'<!ENTITY lol{i} "{refs}">')
    lines += ["]>", f'<feed xmlns="{ATOM_NS}"><title>&lol9;</title></feed>']
    return "\n".join(lines).encode()


def external_entity(target: str) -> bytes:
    """A document whose title is an external entity naming a local file."""
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE feed [<!ENTITY secret SYSTEM "file://{target}">]>\n'
        f'<feed xmlns="{ATOM_NS}"><entry><id>https://arxiv.org/abs/2401.00001v1</id>'
        "<title>&secret;</title></entry></feed>\n"
    ).encode()
