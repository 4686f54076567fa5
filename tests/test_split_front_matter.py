"""`export --split --force` and the front matter you added to a note in your note app.

Obsidian's properties (and any YAML you type) live in the note's front matter, next to
papercli's keys. A later `--split --force` refreshes papercli's keys and keeps yours.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_exporters import SEED
from test_markdown_notes import read_front_matter

YOURS = ('aliases:\n  - "Prefill paper"\n  - second name\n'
         "status: reading  # my own comment\n"
         "# a comment line of mine\n")


def _note(vault: Path, pid: str) -> Path:
    [path] = [p for p in vault.iterdir() if p.name.startswith(pid + "-")]
    return path


def _papercli_s(text: str) -> dict[str, Any]:
    """papercli's keys of a note's front matter (yours taken out: they are not JSON)."""
    mine = text.replace(YOURS, "", 1).replace("rating: 5\n", "", 1)
    return read_front_matter(mine)


def test_force_keeps_the_front_matter_keys_you_added(library: Any, tmp_path: Path) -> None:
    """Your `aliases:` and `status:` (and a key typed between papercli's) were lost by the
    next `--split --force`; they are kept, word for word and in their places, while
    papercli's keys are refreshed."""
    vault = tmp_path / "vault"
    pid = SEED[0].id
    first = library("export", "--split", str(vault), pid, "--front-matter")
    assert first.exit_code == 0, first.stderr
    path = _note(vault, pid)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: ") and "\nurl: " in text
    text = text.replace("---\n", "---\n" + YOURS, 1).replace("\nurl: ", "\nrating: 5\nurl: ", 1)
    path.write_text(text, encoding="utf-8")
    assert library("tag", pid, "later-tag").exit_code == 0  # papercli's `tags` changes

    again = library("export", "--split", str(vault), pid, "--front-matter", "--force")
    assert again.exit_code == 0, again.stderr
    now = path.read_text(encoding="utf-8")
    assert now.startswith("---\n" + YOURS + "title: ")
    assert "\nrating: 5\nurl: " in now
    front = _papercli_s(now)  # papercli's: refreshed
    assert front["tags"] == ["later-tag"] and front["id"] == pid
    assert now.count("\ntitle: ") == 1 and now.count("papercli:note") == 1

    # Nothing changed since: the note is left alone.
    third = library("export", "--split", str(vault), pid, "--front-matter", "--force")
    assert third.exit_code == 0 and "1 already up to date" in third.stderr
    assert path.read_text(encoding="utf-8") == now


def test_without_front_matter_your_keys_stay_and_papercli_s_go(library: Any,
                                                              tmp_path: Path) -> None:
    """Exported again without --front-matter, the note keeps a front matter holding only
    your keys; a note whose front matter was all papercli's loses it."""
    vault = tmp_path / "vault"
    pid, other = SEED[0].id, SEED[1].id
    assert library("export", "--split", str(vault), pid, other,
                   "--front-matter").exit_code == 0
    path = _note(vault, pid)
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\n" + YOURS, 1),
                    encoding="utf-8")
    again = library("export", "--split", str(vault), pid, other, "--force")
    assert again.exit_code == 0, again.stderr
    assert path.read_text(encoding="utf-8").startswith(f"---\n{YOURS}---\n\n# ")
    assert not _note(vault, other).read_text(encoding="utf-8").startswith("---")


def test_your_keys_survive_a_byte_order_mark_and_windows_line_ends(library: Any,
                                                                  tmp_path: Path) -> None:
    """An editor that saves with a byte-order mark (and CRLF) put the `---` of the front
    matter after the mark, so your keys were not seen as front matter and were lost."""
    vault = tmp_path / "vault"
    pid = SEED[0].id
    assert library("export", "--split", str(vault), pid, "--front-matter").exit_code == 0
    path = _note(vault, pid)
    text = path.read_text(encoding="utf-8").replace("---\n", "---\n" + YOURS, 1)
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert library("tag", pid, "later-tag").exit_code == 0
    again = library("export", "--split", str(vault), pid, "--front-matter", "--force")
    assert again.exit_code == 0, again.stderr
    now = path.read_text(encoding="utf-8")
    assert now.startswith("---\n" + YOURS + "title: ")
    assert _papercli_s(now)["tags"] == ["later-tag"]


def _tags(path: Path) -> list[str]:
    return list(read_front_matter(path.read_text(encoding="utf-8"))["tags"])


def _force(library: Any, vault: Path, pid: str) -> Any:
    done = library("export", "--split", str(vault), pid, "--front-matter", "--force")
    assert done.exit_code == 0, done.stderr
    return done


def test_tags_you_type_into_the_front_matter_are_kept(library: Any, tmp_path: Path) -> None:
    """Tags typed into a note's `tags:` (a note app's tag list) were replaced by papercli's
    on the next `--split --force`. Now yours stay, one of papercli's you deleted stays
    deleted, and `papers tag`/`untag` still add and take off papercli's own."""
    vault = tmp_path / "vault"
    pid = SEED[0].id
    assert library("tag", pid, "ml", "vision").exit_code == 0
    assert library("export", "--split", str(vault), pid, "--front-matter").exit_code == 0
    path = _note(vault, pid)
    assert _tags(path) == ["ml", "vision"]
    text = path.read_text(encoding="utf-8")
    # Typed in the app: "vision" deleted, "to-review" added, as a block list.
    typed = text.replace('tags: ["ml", "vision"]\n', "tags:\n  - ml\n  - to-review  # mine\n")
    path.write_text(typed, encoding="utf-8")

    same = _force(library, vault, pid)  # nothing of papercli's changed: left as you wrote it
    assert "1 already up to date" in same.stderr
    assert path.read_text(encoding="utf-8") == typed

    assert library("untag", pid, "ml").exit_code == 0
    assert library("tag", pid, "rl").exit_code == 0
    _force(library, vault, pid)
    assert _tags(path) == ["to-review", "rl"]  # yours kept, "vision" still deleted

    # Your words below the marker changed too: the tags are merged all the same.
    path.write_text(path.read_text(encoding="utf-8") + "\nMy own thoughts.\n",
                    encoding="utf-8")
    assert library("tag", pid, "robotics").exit_code == 0
    _force(library, vault, pid)
    now = path.read_text(encoding="utf-8")
    assert _tags(path) == ["to-review", "rl", "robotics"] and "My own thoughts." in now
    assert library("untag", pid, "robotics").exit_code == 0
    _force(library, vault, pid)
    assert _tags(path) == ["to-review", "rl"]
    assert "My own thoughts." in path.read_text(encoding="utf-8")


def test_a_typed_tag_with_a_comma_in_quotes_stays_one_tag(library: Any,
                                                          tmp_path: Path) -> None:
    """`tags: ["ml", "reading, later"]` is two tags: merged with papercli's new one it was
    split at the comma inside the quotes, making two tags of it."""
    vault = tmp_path / "vault"
    pid = SEED[0].id
    assert library("tag", pid, "ml").exit_code == 0
    assert library("export", "--split", str(vault), pid, "--front-matter").exit_code == 0
    path = _note(vault, pid)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('tags: ["ml"]\n', "tags: [ml, \"reading, later\", 'it''s']\n"),
                    encoding="utf-8")
    assert library("tag", pid, "rl").exit_code == 0
    _force(library, vault, pid)
    assert _tags(path) == ["ml", "reading, later", "it's", "rl"]
