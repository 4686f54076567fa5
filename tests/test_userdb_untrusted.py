"""The user database on disk as untrusted: other bytes over user.db, a damaged first page,
a stranger's database, a table of another shape, a newer papercli's file, a symbolic link
(to a file, read through and never written through, or to nothing). Each is said in one
line of 80 columns: a listing shows its papers without your marks and says so once, as a
folder there is said ("stars and notes not shown: user.db is a folder — move it aside");
a write fails and says to move it aside, never touching the file (nor writing through the
link); the library is left alone."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Home, one_line
from papercli.terminal import cell_width

STARRED = "2401.01055"  # a seed paper, starred before the file is spoiled


def user_db(home: Home) -> Path:
    return home.data / "papercli" / "user.db"


def _checkpointed(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _other_bytes(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


def _damaged_first_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema's page, past the header
    path.write_bytes(bytes(data))


def _tags_of_another_shape(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE tags")
    conn.execute("CREATE TABLE tags (label TEXT)")
    conn.commit()
    conn.close()


def _a_strangers(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()


def _a_link(path: Path) -> None:
    elsewhere = path.with_name("elsewhere.db")
    path.rename(elsewhere)
    path.symlink_to(elsewhere)


# (what is done to user.db, the warning a listing gives, words the error of a write holds)
SPOILED: list[tuple[str, Callable[[Path], None], str, str]] = [
    ("other-bytes", _other_bytes,
     "stars, notes not shown: user.db is unreadable — move it aside", "move it aside"),
    ("damaged-first-page", _damaged_first_page,
     "stars and notes not shown: user.db is damaged — move it aside", "move it aside"),
    ("table-of-another-shape", _tags_of_another_shape,
     "stars and notes not shown: user.db is damaged — move it aside", "move it aside"),
    ("a-strangers", _a_strangers,
     "marks not shown: user.db is not papercli's — move it aside", "move it aside"),
    ("newer", _newer,
     "stars and notes not shown: a newer papercli wrote user.db", "upgrade papercli"),
]


def _starred_then(library, home: Home, spoil: Callable[[Path], None]  # type: ignore[no-untyped-def]
                  ) -> tuple[str, Path, bytes]:
    """STARRED starred, then user.db spoiled: another paper of the library, the file the
    marks are in now (a link's target) and its bytes, to see it is never written."""
    assert library("star", STARRED, "--offline").exit_code == 0
    listed = library("search", "--offline", "-q").stdout.split()
    other = next(pid for pid in listed if pid != STARRED)
    user = user_db(home)
    _checkpointed(user)
    spoil(user)
    target = user.resolve()
    return other, target, target.read_bytes()


@pytest.mark.parametrize(("spoil", "warning", "words"), [s[1:] for s in SPOILED],
                         ids=[s[0] for s in SPOILED])
def test_a_spoiled_user_database_is_said_in_one_line_and_never_written(
        library, home: Home, spoil: Callable[[Path], None], warning: str,
        words: str) -> None:
    """Other bytes over user.db made a listing's warning 186 columns and every error 233
    (the whole path twice); a table of another shape failed every listing ("no such
    column", 274 columns) and `tag` with "unexpected OperationalError"; a newer
    papercli's file made a warning of 215; a stranger's database said no "move it aside"
    in its warning; a link was written through. Now: one line each, in 80 columns."""
    listed = library("search", "--offline", "-q").stdout.split()
    other, target, before = _starred_then(library, home, spoil)
    library_before = home.library.read_bytes()
    for args in (("search", "--offline", "-n", "50"), ("show", STARRED, "--offline")):
        result = library(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stderr.splitlines() == [f"papers: warning: {warning}"], (args, result.stderr)
        assert "★" not in result.stdout, args
    assert library("search", "--offline", "-q").stdout.split() == listed
    for args in (("star", other, "--offline"), ("tag", other, "mine"), ("starred",)):
        result = library(*args)
        line = one_line(result.stderr)
        assert result.exit_code == 1, (args, line)
        assert line.startswith("papers: error: ") and cell_width(line) <= 80, line
        assert words in line, line
    assert target.read_bytes() == before  # never written, nor replaced
    assert home.library.read_bytes() == library_before


def test_a_link_to_a_file_is_read_through_and_never_written_through(
        library, home: Home) -> None:
    """A user.db that links to a file (a dotfiles setup) is read, as config.toml is: the
    stars show. A star, tag or note is refused in one line and the file is not touched:
    before, a star wrote through the link."""
    other, target, before = _starred_then(library, home, _a_link)
    shown = library("show", STARRED, "--offline")
    assert shown.exit_code == 0 and shown.stderr == "", shown.stderr
    assert "★" in library("search", "--offline", "-n", "50").stdout
    assert library("starred", "-q").stdout.split() == [STARRED]
    for args in (("star", other, "--offline"), ("tag", other, "mine"),
                 ("note", other, "-m", "mine"), ("read", other)):
        result = library(*args)
        line = one_line(result.stderr)
        assert result.exit_code == 1, (args, line)
        assert line == ("papers: error: user.db is a symbolic link — put the file itself "
                        "there"), line
    assert target.read_bytes() == before
    assert library("starred", "-q").stdout.split() == [STARRED]


def test_a_link_to_nothing_is_not_written_through(library, home: Home) -> None:
    """A user.db linking to a missing file read as "none yet": a star created the file
    it pointed at, wherever that was."""
    user = user_db(home)
    user.parent.mkdir(parents=True, exist_ok=True)
    nowhere = home.root / "elsewhere" / "user.db"
    nowhere.parent.mkdir()
    user.symlink_to(nowhere)
    result = library("star", STARRED, "--offline")
    assert result.exit_code == 1
    assert "symbolic link" in one_line(result.stderr)
    assert not nowhere.exists()
    listing = library("search", "--offline", "-n", "3")
    assert listing.exit_code == 0
    assert listing.stderr.splitlines() == [
        "papers: warning: stars and notes not shown: user.db is a link — move it aside"]


def test_tags_over_a_folder_where_user_db_belongs_says_so(library, home: Home) -> None:
    """`papers tags` tested user.db with is_file() where every other reader asks
    Session.has_userdb: over a folder it said "no tags yet" while `starred` said what
    is wrong."""
    user_db(home).mkdir(parents=True)
    result = library("tags")
    assert result.exit_code == 1
    assert one_line(result.stderr) == one_line(library("starred").stderr) == (
        "papers: error: ~/data/papercli/user.db is not a file — move it aside")


def test_a_rarer_user_database_error_names_it_in_80_columns(
        library, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error of opening user.db with no shorter way to say it (SQLite cannot open the
    file: a permission root does not meet, a lock file system) named the whole path
    twice: said with ~, else by the file's name, in 80 columns; PAPERS_DEBUG says all."""
    from papercli.db import userdb

    assert library("star", STARRED, "--offline").exit_code == 0
    deep = home.root / "a-rather-long-folder-name-for-the-papers-data" / "user.db"
    deep.parent.mkdir()
    user_db(home).rename(deep)
    monkeypatch.setenv("XDG_DATA_HOME", str(deep.parent.parent / "nested-data-folder"))
    moved = deep.parent.parent / "nested-data-folder" / "papercli" / "user.db"
    moved.parent.mkdir(parents=True)
    deep.rename(moved)

    def refused(path: Path, **_: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(userdb, "connect", refused)
    line = one_line(library("starred").stderr)
    assert line.startswith("papers: error: ") and cell_width(line) <= 80, line
    assert "user.db" in line and "unable to open database file" in line, line
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    assert str(moved) in one_line(library("starred").stderr)


def test_the_wrote_line_of_a_split_export_fits_80_columns(library) -> None:
    """"wrote 0 notes to /home/alice/Documents/papers-notes (1 kept as you edited it)":
    85 columns with a usual home. Now the counts in fewer words where that fits; the
    folder is said whole, as every "wrote" line says its file."""
    import shutil
    import tempfile

    assert library("star", STARRED, "--offline").exit_code == 0
    # (a test's own folder is longer than a home's: /tmp's is shorter)
    base = Path(tempfile.mkdtemp(prefix="p-", dir="/tmp"))
    try:
        said = "papers: wrote 0 notes to {} (1 kept as you edited it)"
        room = 85 - cell_width(said.format(f"{base}/"))  # as long as with a usual home
        assert room > 0, base
        folder = base / ("n" * room)
        assert library("export", "--starred", "--split", str(folder)).exit_code == 0
        [note] = folder.glob("*.md")
        note.write_text("my own words, no marker line\n", encoding="utf-8")
        result = library("export", "--starred", "--split", str(folder), "--force")
        assert result.exit_code == 0, result.stderr
        wrote = [line for line in result.stderr.splitlines()
                 if line.startswith("papers: wrote")]
        assert cell_width(said.format(folder)) == 85  # (what it said)
        assert wrote == [f"papers: wrote 0 notes to {folder} (1 kept)"], wrote
    finally:
        shutil.rmtree(base)
