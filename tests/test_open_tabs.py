"""`papers open` with many ids: `papers search x -q | papers open -` opened a browser tab
for each of hundreds of papers. More than 20 tabs are asked about on a terminal, refused
when the ids are piped in, and opened without a word with --yes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import on_terminal, one_line, run_process

MANY = [f"2607.{n:05d}" for n in range(10001, 10026)]  # 25 ids, made up


def opened(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_many_piped_ids_open_nothing_without_yes(library, browser: Path) -> None:
    done = run_process("open", "-", "--offline", input="\n".join(MANY) + "\n")
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert one_line(done.stderr) == ("papers: error: opening 25 tabs needs --yes (over 20) "
                                     "— -n prints the URLs")  # (99 columns before)
    assert opened(browser) == []


def test_yes_opens_them_all(library, browser: Path) -> None:
    done = run_process("open", "-", "--offline", "--yes", input=" ".join(MANY))
    assert done.returncode == 0, done.stderr
    assert [url.rsplit("/", 1)[1] for url in opened(browser)] == MANY


def test_twenty_open_without_asking(library, browser: Path) -> None:
    done = run_process("open", "-", "--offline", input=" ".join(MANY[:20]))
    assert done.returncode == 0, done.stderr
    assert len(opened(browser)) == 20


def test_printing_the_urls_is_not_limited(library, browser: Path) -> None:
    done = run_process("open", "-", "--offline", "-n", input=" ".join(MANY))
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 25
    assert opened(browser) == []


@pytest.mark.parametrize(("answer", "code", "count"), [(b"n\r", 1, 0), (b"y\r", 0, 25)])
def test_on_a_terminal_it_asks_first(library, browser: Path, answer: bytes, code: int,
                                     count: int) -> None:
    asked: list[bytes] = []

    def reply(screen: bytes) -> bytes | None:
        if b"Open 25 browser tabs? [y/N]" in screen and not asked:
            asked.append(answer)
            return answer
        return None

    shown = on_terminal(["open", *MANY, "--offline"], reply=reply)
    assert asked, shown.screen
    assert shown.code == code, shown.screen
    assert len(opened(browser)) == count
    if not count:
        assert b"nothing opened: you answered no" in shown.screen


def test_a_question_stderr_does_not_show_is_not_asked(library, browser: Path) -> None:
    """Ids typed on a terminal, stderr to a file: the question would sit unseen there
    while the command waited for an answer; it is refused as when piped."""
    shown = on_terminal(["open", *MANY, "--offline"], stderr_on_pty=False, deadline=30)
    assert shown.code == 2, shown.screen
    assert one_line(shown.err).startswith("papers: error: opening 25 tabs needs --yes")
    assert opened(browser) == []
