"""Long error lines that fitted 80 columns by dropping their hint: the line chosen said
what was wrong and nothing of what to do ("config.toml, line 4: bad watch name '[bold]x'",
"cannot lock arxiv-pacing.lock in the cache: Read-only file system"). Each known case
is said here through `main` and its 80-column line must still carry a hint (" — ")."""

from __future__ import annotations

import errno
import os
from typing import Any

import pytest

from conftest import Home, one_line, write_config
from papercli.terminal import cell_width


def hinted(stderr: str) -> str:
    """The one error line, checked to fit 80 columns with a hint in it."""
    line = one_line(stderr)
    assert line.startswith("papers: error: "), line
    assert cell_width(line) <= 80, line
    assert " — " in line, line  # what to do, kept
    return line


# A watch's table in config.toml (after a good watch, so on line 4), and what its line says.
CONFIG_CASES = [
    pytest.param('[watch."[bold]x"]\nkeyword = ["x"]\n',
                 "config.toml, line 4: bad watch name '[bold]x' — rename it", id="markup"),
    pytest.param('[watch."not / one"]\nkeyword = ["x"]\n',
                 "config.toml, line 4: bad watch name 'not / one' — rename it", id="slash"),
    pytest.param('[watch."bad\\u001b[1mname"]\nkeyword = ["x"]\n',
                 r"config.toml, line 4: bad watch name 'bad\x1b[1mname' — rename it",
                 id="escape"),
    pytest.param('[watch."x\\u001b]52;c;aGk=\\u0007"]\nkeyword = ["x"]\n',
                 r"config.toml, line 4: bad name 'x\x1b]52;c;aGk=\x07' — rename it",
                 id="osc52"),
    pytest.param('[watch."+plus"]\nkeyword = ["x"]\n',
                 "config.toml, line 4: bad watch name '+plus' — rename it", id="sign"),
    pytest.param(f'[watch.{"a" * 300}]\nkeyword = ["x"]\n',
                 "config.toml, line 4: watch name 'aaaaaaaa…' too long — rename it", id="300"),
    pytest.param(f'[watch."{"b" * 50}/x"]\nkeyword = ["x"]\n', None, id="long-bad"),
    pytest.param('[watch.q]\nkeyword = [""]\n',
                 "config.toml, line 5: keyword has an empty string — remove it", id="empty"),
    pytest.param('[watch.averyveryverylongwatchnameforthis]\nauthor = ["x", " "]\n',
                 "config.toml, line 5: author has an empty string — remove it",
                 id="empty-long-name"),
    pytest.param('[watch.q]\nkeyword = ["*"]\n',
                 "config.toml, line 5: keyword '*' holds no word — remove it", id="no-word"),
    pytest.param('[families.LLaVA]\nenabled = false\n',
                 "config.toml, line 2: LLaVA is switched off — papers config edit",
                 id="family-off"),
]


@pytest.mark.parametrize(("table", "said"), CONFIG_CASES)
def test_a_bad_watch_in_config_toml_is_said_with_what_to_do(
        papers: Any, home: Home, table: str, said: str | None) -> None:
    write_config(home, f'[watch.llava]\nfamily = ["LLaVA"]\n\n{table}')
    for args in (("watch", "list"), ("new", "--peek", "--offline")):
        result = papers(*args)
        assert (result.exit_code, result.stdout) == (1, ""), args
        line = hinted(result.stderr)
        assert "\x1b" not in line and "\x07" not in line
        if said is not None:
            assert line == f"papers: error: {said}", args


def test_the_whole_of_a_bad_watch_name_is_said_under_papers_debug(
        papers: Any, home: Home) -> None:
    write_config(home, '[watch."bad/name"]\nkeyword = ["x"]\n')
    line = one_line(papers("watch", "list", env={"PAPERS_DEBUG": "1"}).stderr)
    assert line.endswith("use letters, digits, spaces, _ - +: papers watch rename OLD NEW, "
                         "or papers watch rm it"), line


@pytest.mark.parametrize(("number", "said"), [
    (errno.EROFS, "arxiv-pacing.lock: the disk is read-only — make it writable"),
    (errno.EDQUOT, None),
    (errno.ENOSPC, None),
    (errno.EACCES, "cannot lock arxiv-pacing.lock — check its permissions (ls -l)"),
    (errno.EPERM, "cannot lock arxiv-pacing.lock — check its permissions (ls -l)"),
])
def test_arxivs_lock_on_a_disk_that_refuses_says_what_to_do(
        papers: Any, arx: Any, monkeypatch: pytest.MonkeyPatch, number: int,
        said: str | None) -> None:
    """On a read-only disk the lock that paces arXiv's requests said "cannot lock
    arxiv-pacing.lock in the cache: Read-only file system": the fix, "make it writable,
    or choose another place", did not fit beside it. In a cache the user may not write
    in, "Permission denied" was said with no word of what to do either."""
    from filelock import FileLock

    real = FileLock.acquire

    def refused(self: Any, *args: Any, **kwargs: Any) -> Any:
        if str(self.lock_file).endswith("arxiv-pacing.lock"):
            raise OSError(number, os.strerror(number), self.lock_file)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(FileLock, "acquire", refused)
    done = papers("arxiv", "cs.CL")
    assert done.exit_code == 1
    line = hinted(done.stderr)
    if said is not None:
        assert line == f"papers: error: {said}"
    whole = one_line(papers("arxiv", "cs.CL", env={"PAPERS_DEBUG": "1"}).stderr)
    assert os.strerror(number) in whole and "arxiv-pacing.lock" in whole
