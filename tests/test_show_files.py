"""`papers show ... -o FILE`: the file holds what stdout would have."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Papers
from hubserver import HubServer

PAPER = {"id": "2402.11111", "title": "Saved As Shown", "summary": "An abstract.",
         "authors": [{"name": "Ana Lopez"}], "publishedAt": "2024-02-16T00:00:00.000Z",
         "upvotes": 5, "numComments": 2}


def test_json_to_a_file_is_the_json_on_stdout(papers: Papers, hub: HubServer,
                                              tmp_path: Path) -> None:
    hub.add_paper(PAPER)
    hub.add_paper({**PAPER, "id": "2402.11112", "title": "Its Neighbour"})
    assert papers("star", "2402.11111").exit_code == 0
    for ids in (["2402.11111"], ["2402.11111", "2402.11112"]):
        shown = papers("show", *ids, "--json")
        assert shown.exit_code == 0, shown.stderr
        for how in (["--json"], []):  # asked for, or told by the file's extension
            target = tmp_path / f"{len(ids)}-{len(how)}.json"
            written = papers("show", *ids, *how, "-o", str(target))
            assert written.exit_code == 0, written.stderr
            assert written.stdout == ""
            assert written.stderr == (f"papers: wrote {len(ids)} paper"
                                      f"{'s' if len(ids) > 1 else ''} to {target}\n")
            assert target.read_text(encoding="utf-8") == shown.stdout
    one = json.loads((tmp_path / "1-1.json").read_text(encoding="utf-8"))
    assert one["id"] == "2402.11111" and one["starred_at"] and one["linked_models"] == []
    again = papers("show", "2402.11111", "--json", "-o", str(tmp_path / "1-1.json"))
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_the_panel_to_a_file_is_the_panel(papers: Papers, hub: HubServer,
                                          tmp_path: Path) -> None:
    hub.add_paper(PAPER)
    odd = papers("show", "2402.11111", "-o", str(tmp_path / "paper.xyz"))
    assert odd.exit_code == 2 and ".xyz names no format" in odd.stderr
    assert not (tmp_path / "paper.xyz").exists()
    target = tmp_path / "paper"
    bare = papers("show", "2402.11111", "-o", str(target))  # no extension: which format?
    assert bare.exit_code == 2 and "paper has no extension" in bare.stderr
    written = papers("show", "2402.11111", "--format", "table", "-o", str(target))
    assert written.exit_code == 0, written.stderr
    assert written.stdout == ""
    assert written.stderr.splitlines() == [f"papers: wrote 1 paper to {target}"]
    lines = [line.strip("│ ") for line in target.read_text(encoding="utf-8").splitlines()]
    assert lines[0].startswith("╭─ Saved As Shown ─") and lines[-1].endswith(" 2402.11111 ─╯")
    assert "arXiv 2024-02-16   ▲ 5   comments 2" in lines
    assert "An abstract." in lines and "\x1b" not in "".join(lines)
    chosen = tmp_path / "paper.out"
    assert papers("show", "2402.11111", "--format", "table", "-o", str(chosen)).stderr == (
        f"papers: wrote 1 paper to {chosen}\n")
    assert chosen.read_text(encoding="utf-8") == target.read_text(encoding="utf-8")


def test_show_has_no_columns_option(papers: Papers, hub: HubServer) -> None:
    # Panels have no columns: the option was taken and ignored.
    hub.add_paper(PAPER)
    result = papers("show", "2402.11111", "--columns", "id,title")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("papers: error: no such option: --columns — see 'papers show "
                             "--help'\n")
    assert "--columns" not in papers("show", "--help").stdout
