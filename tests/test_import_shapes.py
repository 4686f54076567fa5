"""`papers import` of a file that is not one it reads: papercli's own outputs that cannot
be read back (CSV, Markdown, an HTML digest, a feed, a list of ids) are named as what they
are, with what to do instead; the files it does read are never taken for one of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import one_line
from hubserver import seed_items
from papercli.terminal import cell_width

EXPORT_AGAIN = "export them with -f json"  # (-f jsonl or -f bibtex when it fits)


@pytest.mark.parametrize(("fmt", "says", "hint"), [
    ("csv", "is CSV", EXPORT_AGAIN),
    ("md", "is Markdown", EXPORT_AGAIN),
    ("html", "is an HTML page", EXPORT_AGAIN),
    ("atom", "is an Atom feed", EXPORT_AGAIN),
    ("rss", "is an RSS feed", EXPORT_AGAIN),
    ("ids", "is a list of arXiv ids, not papers", "with papers show - < out.ids, or star"),
])
def test_an_export_that_cannot_be_read_back_is_named(library: Any, tmp_path: Path, fmt: str,
                                                      says: str, hint: str) -> None:
    """Each said "out.csv is not a JSON document (it starts with 'i')" (the HTML digest:
    "has no BibTeX entry that can be read", its CSS's `@media` taken for an entry)."""
    out = tmp_path / "cwd" / f"out.{fmt}"
    assert library("export", "-n", "3", "-f", fmt, "-o", str(out)).exit_code == 0
    result = library("import", str(out))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: {out} {says}"), line
    assert hint.replace("out.ids", str(out)) in line, line
    assert "JSON document" not in line and "BibTeX entry" not in line
    assert "`" not in line, line  # (commands bare, as every hint writes them: not Markdown)


# A reference manager's exports papercli does not read, in the shapes Zotero (and
# EndNote) write them: each said "not JSON (it starts with '<')", or "export with -f
# json", papercli's own export, or "unwrap: jq -c '.items[]'" (Better BibTeX JSON).
RDF = ('<rdf:RDF\n xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
       ' xmlns:z="http://www.zotero.org/namespaces/export#">\n'
       '    <bib:Article rdf:about="http://arxiv.org/abs/2401.01055"/>\n</rdf:RDF>\n')
BETTER_BIBTEX = json.dumps({"config": {"id": "36a3b0b5-bad0-4a04-b79b-441c7cef77db",
                                       "label": "BetterBibTeX JSON"},
                            "items": [{"itemType": "preprint", "title": "Attention",
                                       "archiveID": "arXiv:2401.01055"}]})


@pytest.mark.parametrize(("name", "text", "says"), [
    ("z.rdf", RDF, "Zotero RDF"),
    ("z.rdf", '<?xml version="1.0" encoding="UTF-8"?>\n' + RDF, "Zotero RDF"),
    ("z.csv", '\ufeff"Key","Item Type","Publication Year","Author","Title"\n'
     '"AB12CD34","preprint","2024","Zhao, Jun","Attention"\n', "Zotero's CSV"),
    ("z.xml", '<?xml version="1.0"?>\n<modsCollection xmlns="http://www.loc.gov/'
     'mods/v3">\n<mods ID="a"><titleInfo><title>A</title></titleInfo></mods>\n'
     '</modsCollection>\n', "MODS XML"),
    ("z.xml", '<?xml version="1.0" encoding="UTF-8" ?><xml><records><record>'
     "<titles><title>A</title></titles></record></records></xml>", "EndNote XML"),
    ("z.txt", "%0 Journal Article\n%T Attention\n%A Zhao, Jun\n", "Refer/BibIX"),
    ("z.json", BETTER_BIBTEX, "Better BibTeX JSON"),
])
def test_a_reference_managers_other_export_names_the_ones_read(
        papers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str,
        says: str) -> None:
    """Zotero's other export formats are named, with the three it also writes that
    papers import reads, in 80 columns."""
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(text, encoding="utf-8")
    result = papers("import", name)
    assert result.exit_code == 1
    line = result.stderr.removesuffix("\n")
    assert line in (f"papers: error: {name} is {says} — export{it} CSL JSON, BibTeX or RIS"
                    for it in (" it as", "")), line  # (the shorter where it must)
    assert cell_width(line) <= 80, line


@pytest.mark.parametrize("listing", [("search", "--offline", "llama", "-n", "2"),
                                     ("export", "-f", "table", "-n", "2")])
def test_a_listing_saved_from_the_terminal_is_named(library: Any, tmp_path: Path,
                                                    listing: tuple[str, ...]) -> None:
    """`papers search llama > found.txt`, then imported: "not a JSON document (it starts
    with 'S')"."""
    shown = library(*listing)
    assert shown.exit_code == 0, shown.stderr
    saved = tmp_path / "found.txt"
    saved.write_text(shown.stdout, encoding="utf-8")
    line = one_line(library("import", str(saved)).stderr)
    assert line.startswith(f"papers: error: {saved} is a table papercli printed"), line
    assert "run that command again with -f json" in line


@pytest.mark.parametrize("listing", [
    ("search", "--offline", "llama", "-n", "12"),  # (ranks of two digits: " #" heads it)
    ("search", "--offline", "llama", "--columns", "title,id"),
    ("export", "-f", "table", "--columns", "id,title")])
def test_a_table_saved_from_any_listing_says_how_to_save_json(
        library: Any, listing: tuple[str, ...]) -> None:
    """`papers today > today.txt; papers import today.txt` said "today.txt is not JSON":
    a table of ten papers or more has its header row indented (" #"), and one of chosen
    columns has no "Authors" after "ID". Said as papers' own table, with the command's
    JSON saved beside it, in 80 columns."""
    shown = library(*listing)
    assert shown.exit_code == 0, shown.stderr
    Path("today.txt").write_text(shown.stdout, encoding="utf-8")
    done = library("import", "today.txt")
    assert (done.exit_code, done.stdout) == (1, "")
    assert one_line(done.stderr) == ("papers: error: today.txt is a papers table — rerun "
                                     "with -f json > today.json")
    piped = library("import", "-", input=shown.stdout)
    assert one_line(piped.stderr) == ("papers: error: standard input is a papers table — "
                                      "rerun with -f json")


def test_ids_on_standard_input_say_to_pipe_them(library: Any) -> None:
    """`papers search -q WORDS | papers import -`: the ids go to `show -` or `star -`."""
    ids = "2401.01055\n2404.14047v2\nhttps://arxiv.org/abs/2402.00001\nhep-th/9901001\n"
    result = library("import", "-", input=ids)
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line == ("papers: error: standard input holds ids, not papers — feed it to papers "
                    "star -")  # (in 80 columns: `… | papers show -` too made 148)


def test_text_that_is_none_of_them_keeps_the_json_error(library: Any, tmp_path: Path) -> None:
    """A line of prose is not taken for a list of ids, CSV or Markdown."""
    odd = tmp_path / "notes.txt"
    odd.write_text("2401.01055 is a good one, read it\n#not a heading\n")
    line = one_line(library("import", str(odd)).stderr)
    assert "is not a JSON document (it starts with '2')" in line or "not valid JSON" in line
    assert "ids" not in line and "CSV" not in line and "Markdown" not in line


BIB_HEADED = """# My references, id,title,authors
<html> was here
@article{smith2024,
  title = {A Paper},
  author = {Smith, Ann},
  year = {2024},
  eprint = {2401.01055},
  archivePrefix = {arXiv},
}
"""


@pytest.mark.parametrize(("name", "text", "kind"), [
    ("refs.bib", BIB_HEADED, "BibTeX"),
    ("refs.ris", "TY  - JOUR\nTI  - # A heading, a, b\nAU  - Smith, Ann\n"
                 "UR  - https://arxiv.org/abs/2401.01055\nER  - \n", "RIS"),
    ("refs.json", json.dumps([{"type": "article-journal", "title": "<html> a, b, c",
                               "issued": {"date-parts": [[2024]]},
                               "URL": "https://arxiv.org/abs/2401.01055"}]), "CSL-JSON"),
])
def test_reference_files_are_read_as_before(library: Any, tmp_path: Path, name: str,
                                            text: str, kind: str) -> None:
    """A BibTeX file whose comment starts like Markdown, CSV or HTML, and RIS and CSL-JSON
    whose values do, are still read as what they are."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = library("import", str(path), "--offline")
    assert result.exit_code == 0, result.stderr
    assert f"({kind})" in result.stderr


@pytest.mark.parametrize("jsonl", [False, True])
def test_hub_json_that_looks_like_the_others_is_read(papers: Any, tmp_path: Path,
                                                     jsonl: bool) -> None:
    """A JSON list or JSON Lines whose first value reads like an id, a CSV header or a
    heading is JSON all the same."""
    items = seed_items()[:2]
    items[0]["paper"]["title"] = "# 2401.01055\nid,title,authors\n<html>"
    path = tmp_path / "items.json"
    path.write_text("\n".join(json.dumps(i) for i in items) if jsonl else json.dumps(items),
                    encoding="utf-8")
    result = papers("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "read 2 papers" in result.stderr


@pytest.mark.parametrize("key", ["papers", "the papers"])
def test_a_list_of_papers_inside_an_object_is_named(papers: Any, tmp_path: Path,
                                                    key: str) -> None:
    """`{"papers": [...]}` (an API's answer, a `jq` step) said "skipped 1 unusable item
    (missing id)" and exit 0, nothing imported: it is an error that says how to take
    the list out, and what that command writes imports the papers."""
    import shlex

    items = seed_items()[:2]
    path = tmp_path / "wrapped.json"
    path.write_text(json.dumps({"total": 2, key: items}), encoding="utf-8")
    result = papers("import", str(path))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    path_expr = ".papers[]" if key == "papers" else '.["the papers"][]'
    assert line == (f"papers: error: {path} is an object holding a list of papers under "
                    f"{key!r}, not a list of papers — import the list: jq -c "
                    f"{shlex.quote(path_expr)} {path} | papers import -"), line
    taken = "".join(json.dumps(item) + "\n" for item in items)  # what that jq writes
    assert papers("import", "-", input=taken).exit_code == 0
    a_paper = {"title": "No id here", "authors": [{"name": "Ann Example"}]}
    path.write_text(json.dumps(a_paper), encoding="utf-8")
    bare = papers("import", str(path))  # a paper without its id: a file of no papers
    assert bare.exit_code == 1, bare.stderr
    assert one_line(bare.stderr).startswith(
        f"papers: error: no papers in {path}: 1 item skipped, first: missing id")


@pytest.mark.parametrize("wrapped", [False, True])
def test_python_dicts_saved_as_text_are_named_with_how_to_convert_them(
        papers: Any, tmp_path: Path, wrapped: bool) -> None:
    """Items saved with `str(item)` for `json.dumps(item)` (as some scrapers keep Daily
    Papers, alone or under a "data" key) said "no papers: 3 items skipped, first: not an
    object" (or "missing id"), naming neither what they were nor a way on. The command
    the hint gives turns them into papers."""
    import subprocess
    import sys

    items = [str(item) for item in seed_items()[:3]]  # Python's text: 'paper', True, None
    path = tmp_path / "saved.json"
    path.write_text(json.dumps({"status": "success", "data": items} if wrapped else items),
                    encoding="utf-8")
    result = papers("import", str(path), "--offline")
    assert (result.exit_code, result.stdout) == (1, "")
    shape = ("an object holding a list of Python dicts saved as text under 'data'"
             if wrapped else "a list of Python dicts saved as text")
    assert one_line(result.stderr) == (f"papers: error: {path} is {shape}, not JSON papers "
                                       "— turn them into JSON with ast.literal_eval and "
                                       "json.dumps")
    from papercli.jsonstream import python_dicts

    hint = python_dicts(str(path), 3, "data" if wrapped else None).hint or ""
    command = hint.removeprefix("turn them into JSON: ").removesuffix(" | papers import -")
    converted = subprocess.run(command.replace("python3", sys.executable, 1), shell=True,
                               capture_output=True, check=True).stdout.decode()
    again = papers("import", "-", "--offline", input=converted)
    assert again.exit_code == 0, again.stderr
    assert "read 3 papers from standard input: 3 new" in again.stderr


def csl_item(n: int, pid: str | None) -> dict[str, Any]:
    """A CSL-JSON item as Zotero writes one: a preprint, or (no id) a journal article."""
    return {"id": f"http://zotero.org/users/1/items/K{n}", "type": "article",
            "title": f"An invented study, part {n}",
            "author": [{"family": "Varga", "given": "Ilse"}],
            "issued": {"date-parts": [[2024, 3]]},
            **({"URL": f"https://arxiv.org/abs/{pid}"} if pid else {})}


def test_zoteros_web_api_csl_json_is_read_as_its_items(papers: Any, tmp_path: Path) -> None:
    """Zotero's web API answers `format=csljson` with `{"items": [...]}`: it was read as
    one untitled entry without an arXiv id, exit 0, and not one of its items starred."""
    path = tmp_path / "zotero-api.json"
    items = [csl_item(1, "2403.10001"), csl_item(2, None), csl_item(3, "2403.10003")]
    path.write_text(json.dumps({"items": items}), encoding="utf-8")
    result = papers("import", str(path), "--offline")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "papers: zotero-api.json (CSL-JSON): 2 from the file's fields; 2 stars added",
        "papers: 1 entry without an arXiv id (not imported):",
        "papers: - An invented study, part 2"], result.stderr
    starred = papers("starred", "--json")
    assert sorted(p["title"] for p in starred.json) == [
        "An invented study, part 1", "An invented study, part 3"]


def test_csl_json_wrapped_under_another_key_says_how_to_unwrap_it(
        papers: Any, tmp_path: Path) -> None:
    """CSL items under a key of some other tool's are not guessed at: the line says how
    to take the list out (as a Hub file's does), and what that writes is read."""
    path = tmp_path / "refs.json"
    items = [csl_item(1, "2403.10001"), csl_item(2, "2403.10002")]
    path.write_text(json.dumps({"count": 2, "references": items}), encoding="utf-8")
    result = papers("import", str(path), "--offline")
    assert (result.exit_code, result.stdout) == (1, "")
    line = one_line(result.stderr)
    assert line.startswith(f"papers: error: {path} ") and "jq -c '.references[]'" in line, line
    taken = "".join(json.dumps(item) + "\n" for item in items)  # what that jq writes
    back = papers("import", "-", "--offline", input=taken)
    assert back.exit_code == 0 and "2 stars added" in back.stderr, back.stderr
