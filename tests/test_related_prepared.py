"""`papers import` and `papers sync` fit what the first `related` or `for-you` would (the
vocabulary and the latent topics) when they added papers to a large library, so that
call reads a cache instead of fitting for seconds; `--no-prepare` leaves it to that call.

"Large" is `ranking.PREPARE_AT` papers; the tests lower it to 100 and make a library of
240 papers in four topics (enough for topics to be fitted and cached). Fits are counted
by wrapping `Vocabulary.fit` and `Topics.fit`: what is observed is whether a command
fitted, never how long it took."""

from __future__ import annotations

import json
import random
import shutil
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, Home, one_line
from hubserver import HubServer, seed_items

TOPICS = ["diffusion denoising sampler", "agent planner tool", "mesh point cloud",
          "speech audio codec"]
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "sa", "do", "gu"]
PAPERS = 240


def _items(count: int = PAPERS, seed: int = 3) -> list[dict[str, Any]]:
    """`count` daily-papers items, each about one of TOPICS over random filler words."""
    rng = random.Random(seed)
    filler = sorted({"".join(rng.choices(SYLLABLES, k=3)) for _ in range(300)})

    def words(k: int) -> str:
        return " ".join(rng.choice(filler) for _ in range(k))

    items = []
    for n in range(count):
        topic = TOPICS[n % len(TOPICS)]
        day = TODAY - timedelta(days=n % 20)
        stamp = f"{day.isoformat()}T08:00:00.000Z"
        title = f"{topic} {words(3)}"
        paper = {"id": f"{day:%y%m}.{n + 1:05d}", "title": title,
                 "summary": f"{words(15)} {topic} {words(15)} {topic}", "upvotes": n % 40,
                 "authors": [{"name": f"Author {n}"}], "publishedAt": stamp}
        items.append({"paper": paper, "publishedAt": stamp, "title": title})
    return items


@pytest.fixture
def fits(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times the vocabulary and the topics were fitted, in this process; and a
    library of 100 papers counts as large."""
    from papercli import ranking
    from papercli.topics import Topics

    counts: Counter[str] = Counter()
    for name, cls in (("vocabulary", ranking.Vocabulary), ("topics", Topics)):
        original = cls.fit.__func__  # type: ignore[attr-defined]

        def counted(klass: Any, *args: Any, _name: str = name, _original: Any = original,
                    **kwargs: Any) -> Any:
            counts[_name] += 1
            return _original(klass, *args, **kwargs)

        monkeypatch.setattr(cls, "fit", classmethod(counted))
    monkeypatch.setattr(ranking, "PREPARE_AT", 100)
    return counts


def _cache(home: Home) -> Path:
    return home.cache / "papercli" / "ranking"


def _write(tmp_path: Path, items: list[dict[str, Any]], name: str = "library.json") -> str:
    src = tmp_path / name
    src.write_text(json.dumps(items), encoding="utf-8")
    return str(src)


def test_after_an_import_related_reads_what_the_import_fitted(
        papers, home: Home, tmp_path: Path, fits: Counter[str]) -> None:  # type: ignore[no-untyped-def]
    items = _items()
    result = papers("import", _write(tmp_path, items))
    assert result.exit_code == 0, result.stderr
    assert fits == {"vocabulary": 1, "topics": 1}
    assert (_cache(home) / "vocabulary.json").is_file()
    assert (_cache(home) / "topics.json").is_file()
    query = items[0]["paper"]["id"]
    prepared = papers("related", query, "--json", "-n", "10")
    assert prepared.exit_code == 0, prepared.stderr
    assert len(prepared.ids) == 10
    assert fits == {"vocabulary": 1, "topics": 1}  # read back, not fitted again
    # What `related` fits by itself, with no cache, ranks exactly the same.
    shutil.rmtree(_cache(home))
    cold = papers("related", query, "--json", "-n", "10")
    assert fits == {"vocabulary": 2, "topics": 2}
    assert cold.stdout == prepared.stdout


def test_no_prepare_leaves_the_fit_to_the_first_related(
        papers, home: Home, tmp_path: Path, fits: Counter[str]) -> None:  # type: ignore[no-untyped-def]
    items = _items()
    result = papers("import", _write(tmp_path, items), "--no-prepare")
    assert result.exit_code == 0, result.stderr
    assert not fits
    assert not _cache(home).exists()
    assert papers("related", items[0]["paper"]["id"], "--json").exit_code == 0
    assert fits == {"vocabulary": 1, "topics": 1}


def test_an_import_fits_again_only_when_it_added_papers(
        papers, home: Home, tmp_path: Path, fits: Counter[str]) -> None:  # type: ignore[no-untyped-def]
    items = _items(PAPERS + 10)
    src = _write(tmp_path, items[:PAPERS])
    assert papers("import", src).exit_code == 0
    assert fits == {"vocabulary": 1, "topics": 1}
    stamp = (_cache(home) / "topics.json").stat().st_mtime_ns
    assert papers("import", src).exit_code == 0  # the same papers: none added
    assert fits == {"vocabulary": 1, "topics": 1}
    assert (_cache(home) / "topics.json").stat().st_mtime_ns == stamp
    # Ten more (a library this small is refitted on any change: ranking.REFIT_SMALL).
    assert papers("import", _write(tmp_path, items[PAPERS:], "more.json")).exit_code == 0
    assert fits == {"vocabulary": 2, "topics": 2}
    assert papers("related", items[0]["paper"]["id"], "--json").exit_code == 0
    assert fits == {"vocabulary": 2, "topics": 2}


def test_a_small_library_is_left_for_related_to_fit(
        papers, home: Home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # At the real threshold, an import of a few papers pays nothing for `related`.
    items = seed_items()
    assert papers("import", _write(tmp_path, items)).exit_code == 0
    assert not _cache(home).exists()
    assert papers("related", items[0]["paper"]["id"], "--json").exit_code == 0
    assert (_cache(home) / "vocabulary.json").is_file()


def test_sync_prepares_related_unless_told_not_to(
        papers, home: Home, hub: HubServer, fits: Counter[str]) -> None:  # type: ignore[no-untyped-def]
    items = _items()
    hub.set_day(TODAY, items[:PAPERS // 2])
    result = papers("sync", "--since", TODAY.isoformat(), "--no-prepare")
    assert result.exit_code == 0, result.stderr
    assert not fits and not _cache(home).exists()
    hub.set_day(TODAY - timedelta(days=1), items[PAPERS // 2:])
    result = papers("sync", "--since", (TODAY - timedelta(days=1)).isoformat())
    assert result.exit_code == 0, result.stderr
    assert fits == {"vocabulary": 1, "topics": 1}
    assert papers("related", items[0]["paper"]["id"], "--json").exit_code == 0
    assert fits == {"vocabulary": 1, "topics": 1}


def test_ctrl_c_while_preparing_keeps_the_import_and_says_so(
        papers, home: Home, tmp_path: Path, fits: Counter[str],  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    from papercli.topics import Topics

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Topics, "fit", classmethod(interrupted))
    items = _items()
    result = papers("import", _write(tmp_path, items))
    assert result.exit_code == 130
    _summary, note, rest = result.stderr.split("\n", 2)
    assert note == NOTE  # (not a terminal: said before the wait)
    line = one_line(rest)  # after the import's summary and that note
    assert line == "papers: error: interrupted — the import is done; related prepares on " \
        "first use", line  # (in 80 columns: 103 before)
    assert len(line) <= 80
    assert not (_cache(home) / "topics.json").exists()
    listed = papers("search", "--json", "-n", "0", "--offline")
    assert listed.exit_code == 0, listed.stderr
    assert len(listed.ids) == PAPERS


def test_related_in_a_small_library_needs_no_scikit_learn(
        papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # Under 100 papers there are no latent topics to fit: importing scikit-learn (about a
    # second) to find that out was the most of a first `related` there.
    import sys

    for name in [m for m in sys.modules if m.split(".")[0] in ("sklearn", "scipy")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "scipy", None)
    items = seed_items()
    assert papers("import", _write(tmp_path, items)).exit_code == 0
    result = papers("related", items[0]["paper"]["id"], "--json")
    assert result.exit_code == 0, result.stderr
    assert result.ids


NOTE = "papers: preparing related papers (--no-prepare leaves it to the first related)"


def _fit_said(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each vocabulary fit writes "FIT" on stderr as it starts: where the note stands
    against the work it announces."""
    import sys

    from papercli import ranking

    counted = ranking.Vocabulary.fit.__func__  # type: ignore[attr-defined]

    def marked(klass: Any, *args: Any, **kwargs: Any) -> Any:
        sys.stderr.write("FIT\n")
        return counted(klass, *args, **kwargs)

    monkeypatch.setattr(ranking.Vocabulary, "fit", classmethod(marked))


def test_a_log_is_told_of_the_wait_before_it_only_when_there_is_one(
        papers, home: Home, tmp_path: Path, fits: Counter[str],  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A cron sync printed its summary, then fitted for 76 s without a word.
    from papercli import ranking

    _fit_said(monkeypatch)
    monkeypatch.setattr(ranking, "REFIT_SMALL", 100)  # 10 papers more keep the caches fresh
    items = _items(PAPERS + 10)
    result = papers("import", _write(tmp_path, items[:PAPERS]))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[-2:] == [NOTE, "FIT"], result.stderr
    assert fits == {"vocabulary": 1, "topics": 1}
    more = papers("import", _write(tmp_path, items[PAPERS:], "more.json"))
    assert more.exit_code == 0, more.stderr
    assert fits == {"vocabulary": 1, "topics": 1}  # fresh: nothing to wait for
    assert "preparing" not in more.stderr, more.stderr


def test_a_sync_in_a_log_says_it_prepares_and_a_small_library_does_not(
        papers, home: Home, hub: HubServer, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    from papercli import ranking

    _fit_said(monkeypatch)
    items = _items(PAPERS + 20)
    hub.set_day(TODAY, items[:PAPERS])
    small = papers("sync", "--since", TODAY.isoformat())  # under PREPARE_AT: left alone
    assert small.exit_code == 0, small.stderr
    assert "preparing" not in small.stderr and "FIT" not in small.stderr, small.stderr
    monkeypatch.setattr(ranking, "PREPARE_AT", 100)
    hub.set_day(TODAY - timedelta(days=1), items[PAPERS:])
    result = papers("sync", "--since", (TODAY - timedelta(days=1)).isoformat())
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-2:] == [NOTE, "FIT"], result.stderr
    assert len(NOTE) <= 80


# `papers` with a library of 100 papers counted as large, and a status line drawn at once
# rather than after its delay (what is checked is what it says, not when).
_ON_TERMINAL = """
import sys
from papercli import ranking, terminal
ranking.PREPARE_AT = 100
terminal.StatusLine.later = lambda self, message, delay=0: self.show(message)
from papercli.cli.main import main
sys.argv = ["papers", *sys.argv[1:]]
main()
"""


def test_on_a_terminal_a_sync_says_it_prepares_on_its_status_line(
        home: Home, hub: HubServer) -> None:
    import sys

    from conftest import screen_lines, screens, stderr_on_terminal

    hub.set_day(TODAY, _items())
    code, _, text = stderr_on_terminal([sys.executable, "-c", _ON_TERMINAL, "sync",
                                        "--since", TODAY.isoformat()])
    assert code == 0, text
    shown = [line for screen in screens(text) for line in screen]
    assert "preparing related papers: learning the library's vocabulary…" in shown, text
    assert "preparing related papers: learning the library's topics…" in shown, text
    assert not any(line.startswith("papers: preparing") for line in shown), text
    assert screen_lines(text)[-1].startswith("papers: synced "), text
