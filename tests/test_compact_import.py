"""The compact library and the bulk import (issue 22): long text stored compressed and
read back intact, a damaged blob counted and defaulted, an old library converted in place,
day listings appended batch by batch, and families found by the one-pass gate exactly as
by the per-family scan."""

from __future__ import annotations

import json
import random
import sqlite3
import zlib
from pathlib import Path

import pytest

from conftest import Home
from papercli import library as library_module
from papercli.db import records, schema
from papercli.db.store import Store
from papercli.families import GATE_AFTER, build_matcher
from papercli.models import Paper

LONG = ("Ünïcødé — 李明 ‏שלום‏ “quotes” \\ back\\slash ' OR 1=1; -- 🚀 "
        "<script>alert(1)</script> %s {} \u2028 ") * 20


def _without_fts(path: Path) -> None:
    """The library as it is once the FTS5 index is gone (the search index beside it
    replaces it): from then on long text is stored compressed."""
    conn = sqlite3.connect(path)
    for trigger in ("insert", "delete", "update"):
        conn.execute(f"DROP TRIGGER IF EXISTS papers_fts_{trigger}")
    conn.execute("DROP TABLE IF EXISTS papers_fts")
    conn.commit()
    conn.close()


def _store(path: Path) -> Store:
    Store.open(path).close()
    _without_fts(path)
    store = Store.open(path)
    assert store.packed
    return store


def _paper(pid: str, summary: str, ai_summary: str | None = None) -> Paper:
    return Paper(id=pid, title=f"Title of {pid}", summary=summary, authors=("José", "李明"),
                 published_at="2024-05-01T00:00:00Z", ai_summary=ai_summary,
                 ai_keywords=("naïve", "x"))


def test_every_field_survives_compression(tmp_path: Path) -> None:
    store = _store(tmp_path / "library.db")
    papers = [_paper("2405.00001", LONG, LONG[::-1]), _paper("2405.00002", "short", None),
              _paper("2405.00003", "x" * records.PACK_MIN, "y" * (records.PACK_MIN - 1))]
    store.upsert_papers(papers)
    kinds = dict(store.conn.execute(
        "SELECT id, typeof(summary) || ' ' || typeof(ai_summary) FROM papers"))
    assert kinds == {"2405.00001": "blob blob", "2405.00002": "text null",
                     "2405.00003": "blob text"}
    raw = store.conn.execute("SELECT length(summary) FROM papers WHERE id = '2405.00001'")
    assert raw.fetchone()[0] < len(LONG.encode()) / 3  # it is smaller, not just different
    for paper in papers:
        got = store.get_paper(paper.id)
        assert got is not None
        assert (got.summary, got.ai_summary, got.authors, got.ai_keywords) == (
            paper.summary, paper.ai_summary, paper.authors, paper.ai_keywords)
    assert records.take() == {}
    store.close()


def test_the_stored_format_is_zlibs_both_ways(tmp_path: Path) -> None:
    """Text is deflated by ISA-L but stays zlib's format with the preset dictionary: the
    standard zlib (an older papercli, any program) reads what is stored, and a library
    written by zlib itself (papercli before ISA-L) reads as it did."""
    text = LONG + " ünïcödé"
    blob = records.pack(text)
    assert isinstance(blob, bytes)
    inflater = zlib.decompressobj(zdict=records.PACK_DICTIONARY)
    assert inflater.decompress(blob).decode("utf-8") == text and inflater.eof
    packer = zlib.compressobj(6, zlib.DEFLATED, records.PACK_WINDOW, 8,
                              zlib.Z_DEFAULT_STRATEGY, records.PACK_DICTIONARY)
    older = packer.compress(text.encode("utf-8")) + packer.flush()
    assert older != blob  # (another deflater, the same format)
    assert records.unpack(older) == records.unpack(blob) == text
    store = _store(tmp_path / "library.db")
    store.upsert_papers([_paper("2405.00001", LONG, None)])
    store.conn.execute("UPDATE papers SET summary = ? WHERE id = '2405.00001'", (older,))
    got = store.get_paper("2405.00001")
    assert got is not None and got.summary == text
    store.close()


@pytest.mark.parametrize("blob", [
    b"\x78\x9c not zlib at all",
    zlib.compress(b"\xff\xfe not utf-8"),
    zlib.compress(b"a" * (records.UNPACK_LIMIT + 1)),  # inflates past the limit
    zlib.compress(b"truncated " * 50)[:-6],
])
def test_a_damaged_blob_is_counted_and_defaulted(tmp_path: Path, blob: bytes) -> None:
    store = _store(tmp_path / "library.db")
    store.upsert_papers([_paper("2405.00001", LONG, LONG)])
    records.take()
    store.conn.execute("UPDATE papers SET summary = ?, ai_summary = ?", (blob, blob))
    got = store.get_paper("2405.00001")
    assert got is not None and got.summary == "" and got.ai_summary is None
    assert got.title == "Title of 2405.00001"
    assert records.take() == {"library.db": (0, 1)}
    found = store.damaged()
    assert found.count == 1
    assert set(found.sample[0]["fields"]) == {"summary", "ai_summary"}  # type: ignore[arg-type]
    store.close()


def test_show_reads_a_damaged_blob_as_a_damaged_field(papers, home: Home, tmp_path: Path
                                                      ) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "one.json"
    src.write_text(json.dumps([{"paper": {"id": "2405.00001", "title": "A title",
                                          "summary": LONG, "authors": []}}]))
    assert papers("cache", "info").exit_code == 0
    _without_fts(home.library)
    assert papers("import", str(src)).exit_code == 0
    shown = papers("show", "2405.00001", "--offline", "--json")
    assert shown.exit_code == 0 and "李明" in shown.json["summary"]
    assert len(shown.json["summary"]) > 1000
    conn = sqlite3.connect(home.library)
    conn.execute("UPDATE papers SET summary = x'789c0000'")
    conn.commit()
    conn.close()
    shown = papers("show", "2405.00001", "--offline", "--json")
    assert shown.exit_code == 0 and shown.json["summary"] == ""
    assert shown.json["title"] == "A title"
    assert "damaged record" in shown.stderr


def test_an_old_library_is_converted_in_place(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    conn = sqlite3.connect(path, isolation_level=None)
    before = schema.migrations.steps.index(schema._m010_compressed_text)  # the steps before
    for version, step in enumerate(schema.migrations.steps[:before], 1):
        step(conn)
        conn.execute(f"PRAGMA user_version = {version}")
    earlier = [c for c in records.COLUMNS if c != "author_accounts"]  # (schema 15 added it)
    columns = ", ".join(earlier)
    marks = ", ".join("?" for _ in earlier)
    row = ["2401.00001", "Old", LONG, '["A"]', "2024-01-01T00:00:00Z", None, 3, 0, None, None,
           LONG.upper(), "[]", '["GPT"]', None, None, None, None, None, None, "", None, None,
           None, None, None, None, "hf", None, None, None]  # link counts: not known
    conn.execute(f"INSERT INTO papers ({columns}, fetched_at) VALUES ({marks}, ?)",
                 [*row, "2024-01-02T00:00:00Z"])
    conn.execute(f"INSERT INTO papers ({columns}, fetched_at) VALUES ({marks}, ?)",
                 ["2401.00002", "Short", "brief", *row[3:10], "tiny", *row[11:],
                  "2024-01-02T00:00:00Z"])
    conn.close()
    _without_fts(path)
    store = Store.open(path)
    assert store.schema_version() == len(schema.migrations.steps)
    kinds = dict(store.conn.execute(
        "SELECT id, typeof(summary) || ' ' || typeof(ai_summary) FROM papers"))
    assert kinds == {"2401.00001": "blob blob", "2401.00002": "text text"}
    old = store.get_paper("2401.00001")
    assert old is not None and (old.summary, old.ai_summary) == (LONG, LONG.upper())
    assert old.families == ("GPT",)
    short = store.get_paper("2401.00002")
    assert short is not None and (short.summary, short.ai_summary) == ("brief", "tiny")
    assert records.take() == {}
    store.close()


def _items(days: list[str], per_day: int, offset: int = 0) -> list[dict[str, object]]:
    out = []
    for n in range(per_day):
        for d, day in enumerate(days):
            pid = f"2405.{offset + n * len(days) + d:05d}"
            out.append({"paper": {"id": pid, "title": f"Paper {pid}", "summary": LONG,
                                  "authors": [{"name": "A. Person"}],
                                  "submittedOnDailyAt": f"{day}T08:00:00.000Z"}})
    return out


def _listings(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    out: dict[str, list[str]] = {}
    for key, pid in conn.execute(
            "SELECT listing, paper_id FROM listing_papers ORDER BY listing, position"):
        out.setdefault(key, []).append(pid)
    counts = dict(conn.execute("SELECT key, count FROM listings"))
    conn.close()
    assert counts == {key: len(ids) for key, ids in out.items()}
    return out


def test_day_listings_are_appended_batch_by_batch(papers, home: Home, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch
                                                  ) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(library_module, "IMPORT_BATCH", 4)  # many batches per day
    days = ["2024-05-01", "2024-05-02", "2024-05-03"]
    first = _items(days, 5)
    src = tmp_path / "first.json"
    src.write_text(json.dumps(first + first[:3]))  # repeats within the file too
    assert papers("import", str(src)).exit_code == 0
    expected = {f"day:{day}": [i["paper"]["id"] for i in first  # type: ignore[index]
                               if i["paper"]["submittedOnDailyAt"].startswith(day)]  # type: ignore[index]
                for day in days}
    assert _listings(home.library) == expected
    assert papers("import", str(src)).exit_code == 0  # the same file again: nothing moves
    assert _listings(home.library) == expected
    more = _items(days[1:], 2, offset=100)
    src2 = tmp_path / "more.json"
    src2.write_text(json.dumps(more))
    assert papers("import", str(src2)).exit_code == 0
    for day in days[1:]:
        expected[f"day:{day}"] += [i["paper"]["id"] for i in more  # type: ignore[index]
                                   if i["paper"]["submittedOnDailyAt"].startswith(day)]  # type: ignore[index]
    assert _listings(home.library) == expected
    shown = papers("day", "2024-05-02", "--offline", "--json", "--limit", "100")
    assert shown.exit_code == 0
    assert set(shown.ids) == set(expected["day:2024-05-02"])


def _corpus(n: int, seed: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """Texts full of family names, near-misses and hint substrings in every case."""
    rng = random.Random(seed)
    pieces = ["LLaMA-2", "llama.cpp", "LLaMA-Factory", "TinyLlama", "LlamaIndex", "llamas",
              "Phi-3", "phi coefficient", "the Phi", "SAM", "Segment Anything", "sharpness-aware",
              "(SAM)", "segmentation", "Claude", "Claude Shannon", "Claude 3 Opus", "Sonnet",
              "Haiku", "GPT-4o", "gpt", "ChatGPT", "GPTQ", "Stable Diffusion", "SD", "SDXL",
              "stable", "BERT", "RoBERTa", "Robert", "T5", "t5x", "flan-t5", "Whisper",
              "whisper model", "Qwen2.5", "qwen", "Mistral", "mixtral", "Gemma", "Gemini",
              "DeepSeek-V3", "Falcon", "falconry", "CLIP", "clipping", "Mamba", "mambas",
              "InternVL2", "Vicuna", "LLaVA-1.5", "Orca-2", "İstanbul", "KELVIN", "\u212a",
              "ß", "ﬁne", "model", "we", "propose", "\n\n", "\n", ",", "."]
    out = []
    for _ in range(n):
        title = " ".join(rng.choices(pieces, k=rng.randint(3, 10)))
        summary = " ".join(rng.choices(pieces, k=rng.randint(0, 60)))
        keywords = tuple(rng.choices(pieces, k=rng.randint(0, 3)))
        out.append((title, summary, keywords))
    return out


def test_the_one_pass_gate_finds_what_the_per_family_scan_finds() -> None:
    config = {"Orca": {"words": ["Orca"]}, "Segmenter": {"patterns": ["(?-i)SAM\\b"]}}
    for table in (None, config):
        gated, scanned = build_matcher(table), build_matcher(table)
        scanned._gate = False  # the per-family scan (what every match did before)
        corpus = _corpus(3000, seed=22)
        got = [gated.match(*text) for text in corpus]
        assert gated._gate  # it did switch to the gate after GATE_AFTER papers
        want = [scanned.match(*text) for text in corpus]
        assert got == want
        assert sum(1 for g in got[GATE_AFTER:] if g) > 1000  # the texts do name families
        # Every family is both found and missed somewhere in the corpus.
        named = {name for g in got for name in g}
        assert named >= {"LLaMA", "GPT", "Phi", "Claude", "CLIP"}
