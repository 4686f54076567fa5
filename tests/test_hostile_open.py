"""Only http(s) links are ever handed to a web browser: `papers open` (page, --arxiv, --pdf,
--code) and the browser's open keys. A library row whose code link was tampered with
(`javascript:`, `file:`, `data:`, an option-looking `-…`) is refused with one line and exit 1,
and the browser command is never run; so is a Hub endpoint that is not a web address."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import Home, one_line, run_process
from hubserver import HubServer
from papercli.errors import PapersError
from papercli.sanitize import safe_url
from test_browse import B, Opener, make_app, settle

A = "2501.03895"  # LLaVA-Mini, in the seed library

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "file:///etc/passwd",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "-remote-debugging-port=9222",  # read by the browser as an option
    "http:///etc/passwd",  # no host
    "https://github.com/a b",  # a space: two arguments to some openers
    "https://github.com/x\x1b]52;c;aGk=\x07",  # an escape in the link
    "//github.com/x",  # scheme-relative: file: in some openers
]


def refused(line: str) -> bool:
    """A tampered link is stopped twice: the library's read boundary drops a link that is
    not http(s) as damaged ("has no code link"), and the launcher refuses anything else
    ("not an http(s) link"); either way one line says so and nothing is launched."""
    return "not an http(s) link" in line or "has no code link" in line


def tamper(home: Home, pid: str, code_link: str) -> None:
    """Write a code link straight into library.db, as another tool or a person could, and
    mark the record complete so nothing fetches it again."""
    with sqlite3.connect(home.library) as conn:
        assert conn.execute("UPDATE papers SET github_repo = ? WHERE id = ?",
                            (code_link, pid)).rowcount == 1
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     (f"detail:{pid}", "2026-11-25T12:00:00Z"))


# A link with a space or an escape is repaired where the library is read (what follows the
# link is dropped, as for the Hub's own wrapped links): `open` launches only the plain part.
REPAIRED = [link for link in HOSTILE if link.startswith("https://")]
LAUNCHED_AS_IS = [link for link in HOSTILE if link not in REPAIRED]


@pytest.mark.parametrize("link", REPAIRED)
def test_a_repaired_link_launches_only_its_plain_part(library, home: Home, browser: Path,
                                                      link: str) -> None:
    tamper(home, A, link)
    done = run_process("open", A, "--code")
    assert done.returncode == 0, done.stderr
    (launched,) = browser.read_text().splitlines()
    assert safe_url(launched) == launched and link.startswith(launched) and launched != link


@pytest.mark.parametrize("link", LAUNCHED_AS_IS)
def test_open_code_never_launches_a_tampered_link(library, home: Home, browser: Path,
                                                  link: str) -> None:
    tamper(home, A, link)
    for extra in ([], ["--offline"]):
        done = run_process("open", A, "--code", *extra)
        assert done.returncode == 1, done.stderr
        line = one_line(done.stderr)
        assert A in line and refused(line), line
        assert "\x1b" not in done.stderr and "\x07" not in done.stderr
        assert done.stdout == ""
        assert not browser.exists(), browser.read_text()


def test_one_tampered_link_of_several_is_never_opened(library, home: Home,
                                                     browser: Path) -> None:
    """The tampered link is said (exit 1) and never handed to the browser; the good one
    beside it opens, as every command given several ids does what it can."""
    tamper(home, B, "https://github.com/example/llama-beyond-english")
    tamper(home, A, "file:///etc/passwd")
    done = run_process("open", B, A, "--code")
    assert done.returncode == 1
    line = done.stderr.splitlines()[-1]
    assert A in line and refused(line), done.stderr
    assert browser.read_text() == "https://github.com/example/llama-beyond-english\n"


def test_a_good_code_link_still_opens(library, home: Home, browser: Path) -> None:
    tamper(home, A, "https://github.com/example/llava-mini")
    done = run_process("open", A, "--code")
    assert done.returncode == 0, done.stderr
    assert browser.read_text() == "https://github.com/example/llava-mini\n"


def test_without_a_browser_a_tampered_link_is_not_printed(library, home: Home, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    tamper(home, A, "javascript:alert(1)")
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    done = run_process("open", A, "--code")
    assert done.returncode == 1
    assert done.stdout == "" and refused(one_line(done.stderr))


@pytest.mark.parametrize("endpoint", ["file:///home", "javascript:alert(1)//"])
def test_a_hub_endpoint_that_is_not_a_web_address_is_not_launched(
        home: Home, browser: Path, monkeypatch: pytest.MonkeyPatch, endpoint: str) -> None:
    """Refused where it is read, as every setting is: nothing is launched, whatever the
    link asked for (`papers open` checks each URL again before launching it)."""
    monkeypatch.setenv("HF_ENDPOINT", endpoint)
    for args in ((A,), (A, "--pdf")):
        done = run_process("open", *args)
        assert done.returncode == 1, done.stderr
        line = one_line(done.stderr)
        assert line.startswith("papers: error: HF_ENDPOINT must be an http(s) URL"), line
        assert not browser.exists()


@pytest.mark.parametrize("link", [*HOSTILE, "", "https:", "ftp://example.org/x", None, 42])
def test_safe_url_allows_http_and_https_only(link: Any) -> None:
    assert safe_url(link) is None
    for good in ("https://github.com/x/y", "http://example.org", "HTTPS://GitHub.com/x",
                 "https://[::1]:8080/papers/1", "https://example.org/a?b=c#d"):
        assert safe_url(good) == good


# -- the browser's open keys ----------------------------------------------------------------


async def test_the_code_key_never_opens_a_tampered_link(seeded_hub: HubServer,
                                                        home: Home) -> None:
    opener = Opener()
    app = make_app(opener=opener)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.selected == B
        for link in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi"):
            tamper(home, B, link)
            app.clear_notifications()
            await pilot.press("c")
            await settle(pilot)
            # (one line each time; the same line said again replaces itself)
            errors = [n.message for n in app._notifications if n.severity == "error"]
            assert len(errors) == 1 and refused(errors[0]), errors
        assert opener.urls == []
        assert app.clipboard != "javascript:alert(1)"
        tamper(home, B, "https://github.com/example/llama")
        await pilot.press("c")
        await settle(pilot)
        assert opener.urls == ["https://github.com/example/llama"]


class RecordingBrowser:
    """What `webbrowser.get()` returns, recording instead of launching."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def open(self, url: str) -> bool:
        self.urls.append(url)
        return True


async def test_the_real_opener_refuses_too(seeded_hub: HubServer, home: Home,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import webbrowser

    from papercli.tui.app import BrowseApp, open_in_browser
    from papercli.tui.source import Source, View

    recorder = RecordingBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda *a: recorder)
    with pytest.raises(PapersError, match="not an http"):
        open_in_browser("javascript:alert(1)")
    app = BrowseApp(Source(), View(), opener=open_in_browser, fetch_details=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tamper(home, B, "file:///etc/passwd")
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
    assert recorder.urls == [f"https://arxiv.org/abs/{B}"]
