"""Files papercli keeps for itself (the search index's state, the ranking caches, arXiv's
pacing stamp) are never written through a symbolic link planted at their names or at the
temporary names they were once written under (`state.json.tmp`, `.taste.json.PID.tmp`):
a link at the name is replaced, the file it led to is untouched, and each temporary file
has a fresh random name, created without following links."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import Home
from hubserver import seed_items
from papercli.sources.pacing import Pacer

VICTIM_TEXT = "keep me\n"


def plant(at: Path, victim: Path) -> None:
    at.parent.mkdir(parents=True, exist_ok=True)
    at.unlink(missing_ok=True)
    at.symlink_to(victim)


def untouched(victim: Path, *names: Path) -> None:
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
    for name in names:
        assert name.is_file() and not name.is_symlink(), name
    leftovers = [p for name in names for p in name.parent.iterdir()
                 if p.suffix == ".tmp" and not p.is_symlink()]
    assert leftovers == []


def test_the_search_index_state(library, home: Home, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM_TEXT, encoding="utf-8")
    assert library("search", "llama", "--offline", "--json").exit_code == 0
    state = home.cache / "papercli" / "library.index" / "state.json"
    assert state.is_file()
    plant(state.with_name("state.json.tmp"), victim)
    item = seed_items()[0]
    item["paper"] = {**item["paper"], "id": "2401.09999", "title": "Planted links"}
    more = tmp_path / "more.json"
    more.write_text(json.dumps([item]), encoding="utf-8")
    assert library("import", str(more)).exit_code == 0  # the index catches up in place
    done = library("search", "planted", "--offline", "--json")
    assert done.exit_code == 0, done.stderr
    assert [p["id"] for p in done.json] == ["2401.09999"]
    untouched(victim, state)
    plant(state, victim)  # the state itself a link: read as no state, rebuilt, replaced
    assert library("search", "planted", "--offline", "--json").exit_code == 0
    untouched(victim, state)


def test_the_ranking_caches(library, home: Home, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM_TEXT, encoding="utf-8")
    ids = [i["paper"]["id"] for i in seed_items()[:5]]  # enough for a taste of its own
    assert library("star", *ids).exit_code == 0
    caches = home.cache / "papercli" / "ranking"
    names = [caches / "vocabulary.json", caches / "taste.json", caches / "counts.bin"]
    for name in names:
        plant(name, victim)
        plant(name.with_name(f".{name.name}.{os.getpid()}.tmp"), victim)  # in-process
    done = library("for-you", "--json")
    assert done.exit_code == 0, done.stderr
    # (the seed's papers are starred or out of for-you's window: ranked here, counted)
    done = library("search", "--offline", "--sort", "relevance", "--json")
    assert done.exit_code == 0 and done.json, done.stderr
    untouched(victim, *names)


def test_the_pacing_stamp(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM_TEXT, encoding="utf-8")
    pacer = Pacer(tmp_path / "cache", 0.01)
    plant(pacer.stamp_path, victim)
    plant(pacer.stamp_path.with_name(f"{pacer.stamp_path.name}.{os.getpid()}.tmp"), victim)
    with pacer.slot():
        pass
    untouched(victim, pacer.stamp_path)
    assert pacer.last_request() is not None


def test_replace_small_is_private_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    from papercli.outfile import replace_small

    target = tmp_path / "state.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    replace_small(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]
    replace_small(target, b"\x00\xffbinary")  # a binary cache (ranking/counts.bin)
    assert target.read_bytes() == b"\x00\xffbinary"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_the_config_lock(papers, home: Home, tmp_path: Path) -> None:
    """The lock beside config.toml is opened without following links: a link planted
    there stops `config set` with a line naming it, and the file it leads to is kept."""
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM_TEXT, encoding="utf-8")
    lock = home.config_file.with_name(f".{home.config_file.name}.lock")
    plant(lock, victim)
    result = papers("config", "set", "display.limit", "10")
    assert result.exit_code == 1 and result.stdout == ""
    assert lock.name in result.stderr and "symbolic link" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
    assert not home.config_file.exists()
    lock.unlink()
    assert papers("config", "set", "display.limit", "10").exit_code == 0
