"""`papers export --md-tags` writes the families and your tags as note-app `#tags`: each
slug once (`cs.ro` and `cs-ro` are both `#cs-ro`), and a tag whole up to the 64
characters a tag may have."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from papercli.db.records import TAG_MAX_LENGTH as MAX_LENGTH

PID = "2408.15881"  # LLaVA-MoD (family LLaVA)
LONG = "long-" + "x" * (MAX_LENGTH - 8) + "end"  # 64 characters, its end past 60


def test_tags_that_slug_alike_are_written_once(library: Any) -> None:
    """Before: `#cs-ro #cs-ro`, one for each tag."""
    assert library("tag", PID, "cs.ro", "cs-ro", "robotics").exit_code == 0
    got = library("export", "--tag", "robotics", "--md-tags")
    assert got.exit_code == 0, got.stderr
    [line] = [ln for ln in got.stdout.splitlines() if "#robotics" in ln]
    hashtags = [w for w in line.split() if w.startswith("#")]
    assert hashtags.count("#cs-ro") == 1 and len(hashtags) == len(set(hashtags))
    assert {"#LLaVA", "#cs-ro", "#robotics"} <= set(hashtags)


def test_a_tag_of_64_characters_is_written_whole(library: Any, tmp_path: Path) -> None:
    """Before: cut at 60, `#long-xxx…x` without its `end`, in the line and in a note's
    front matter."""
    assert len(LONG) == MAX_LENGTH
    assert library("tag", PID, LONG).exit_code == 0
    got = library("export", "--tag", LONG, "--md-tags")
    assert got.exit_code == 0, got.stderr
    assert f"#{LONG}" in got.stdout.split()
    vault = tmp_path / "vault"
    split = library("export", "--tag", LONG, "--split", str(vault), "--front-matter")
    assert split.exit_code == 0, split.stderr
    [note] = vault.glob("*.md")
    head = note.read_text(encoding="utf-8").split("---")[1]
    assert LONG in head and LONG[:60] + "\n" not in head


def test_a_tag_that_names_a_family_in_another_case_is_written_once(
        library: Any, tmp_path: Path) -> None:
    """Before: `#LLaVA … #llava`, two spellings of what Obsidian and Logseq read as one
    tag, in the line and in a note's front matter; now the family's spelling, once."""
    assert library("tag", PID, "llava", "vision").exit_code == 0
    got = library("export", "--tag", "llava", "--md-tags")
    assert got.exit_code == 0, got.stderr
    [line] = [ln for ln in got.stdout.splitlines() if "#vision" in ln]
    hashtags = [w for w in line.split() if w.startswith("#")]
    assert "#LLaVA" in hashtags and "#llava" not in hashtags
    assert len({h.casefold() for h in hashtags}) == len(hashtags)
    vault = tmp_path / "vault"
    split = library("export", "--tag", "llava", "--split", str(vault), "--front-matter",
                    "--md-tags")
    assert split.exit_code == 0, split.stderr
    [note] = vault.glob("*.md")
    [tags] = [ln for ln in note.read_text(encoding="utf-8").splitlines()
              if ln.startswith("tags: ")]
    assert '"LLaVA"' in tags and '"llava"' not in tags and '"vision"' in tags
