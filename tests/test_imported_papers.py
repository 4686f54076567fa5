"""Papers that came from a file or a feed look and sort as the Hub's do: a family name
of two words a file gave is shown "Given Family" (and exported as the file wrote it), a
paper dated only to its month sorts among that month, and a title is kept by the rule
of which source knows it best."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from arxivserver import ArxivServer
from arxivserver import Paper as ArxivPaper
from conftest import TODAY
from hubserver import HubServer, seed_items

# The three reference formats, each in its documented shape, naming one author whose
# family name is two words (a comma between family and given name).
BIBTEX = """@misc{ortega2024,
  title = {Folding Proteins by Hand},
  author = {P{\\'e}rez Ortega, Luc{\\'i}a and Smith, Ann},
  year = {2024},
  eprint = {2406.07001},
  archivePrefix = {arXiv},
}
"""
RIS = """TY  - JOUR
TI  - Folding Proteins by Hand
AU  - Pérez Ortega, Lucía
AU  - Smith, Ann
PY  - 2024
UR  - https://arxiv.org/abs/2406.07001
ER  - \n"""
CSL = json.dumps([{
    "id": "ortega2024", "type": "article", "title": "Folding Proteins by Hand",
    "author": [{"family": "Pérez Ortega", "given": "Lucía"},
               {"family": "Smith", "given": "Ann"}],
    "issued": {"date-parts": [[2024]]}, "URL": "https://arxiv.org/abs/2406.07001"}])


def _imported(papers: Any, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = papers("import", str(path), "--offline")
    assert result.exit_code == 0, result.stderr


def test_a_two_word_family_name_is_shown_given_name_first(papers: Any,
                                                          tmp_path: Path) -> None:
    """"Pérez Ortega, Lucía" (kept so, since "Lucía Pérez Ortega" would split as family
    name "Ortega") was shown with its comma in `show` and the listings, where every
    other author reads given name first."""
    for name, text in (("refs.bib", BIBTEX), ("refs.ris", RIS), ("refs.json", CSL)):
        _imported(papers, tmp_path, name, text)
        shown = papers("show", "2406.07001", "--offline")
        assert shown.exit_code == 0, shown.stderr
        assert "Lucía Pérez Ortega, Ann Smith" in shown.stdout, (name, shown.stdout)
        assert "Pérez Ortega, Lucía" not in shown.stdout
        listed = papers("search", "--offline", "--columns", "id,authors")
        assert listed.exit_code == 0, listed.stderr
        assert "Lucía Pérez Ortega +1" in listed.stdout, (name, listed.stdout)


def test_a_two_word_family_name_is_exported_as_the_file_wrote_it(papers: Any,
                                                                 tmp_path: Path) -> None:
    """The exports still tell the family name from the given one."""
    _imported(papers, tmp_path, "refs.bib", BIBTEX)
    bib = papers("export", "-f", "bibtex")
    assert bib.exit_code == 0, bib.stderr
    assert "P{\\'e}rez Ortega, Luc{\\'i}a" in bib.stdout or "Pérez Ortega, Lucía" in bib.stdout
    ris = papers("export", "-f", "ris")
    assert "AU  - Pérez Ortega, Lucía" in ris.stdout, ris.stdout
    csl = json.loads(papers("export", "-f", "csljson").stdout)
    assert csl[0]["author"][0] == {"family": "Pérez Ortega", "given": "Lucía"}


def test_a_two_word_family_name_reads_given_name_first_in_what_people_read(
        papers: Any, tmp_path: Path) -> None:
    """The Markdown byline, a note's front matter, the HTML digest and a feed's authors
    are read by people, as `show` is: "Lucía Pérez Ortega", not the file's "Pérez
    Ortega, Lucía" (which the reference formats above keep, to tell the parts apart)."""
    _imported(papers, tmp_path, "refs.bib", BIBTEX)
    for fmt in ("md", "html", "atom"):
        done = papers("export", "-f", fmt)
        assert done.exit_code == 0, done.stderr
        assert "Lucía Pérez Ortega" in done.stdout, (fmt, done.stdout)
        assert "Pérez Ortega, Lucía" not in done.stdout, fmt
    assert papers("export", "--split", str(tmp_path / "notes"), "--front-matter").exit_code == 0
    [note] = (tmp_path / "notes").glob("*.md")
    front = note.read_text(encoding="utf-8").split("---")[1]
    assert "Lucía Pérez Ortega" in front and "Pérez Ortega, Lucía" not in front, front


# Two papers a file dates to the day, and one it dates to its month alone (June 2024,
# as its id says), which the library keeps undated and shows as "2024-06".
DATED = """@article{early, title = {Proteins in May}, author = {Smith, Ann},
  date = {2024-05-30}, eprint = {2405.07003}, archivePrefix = {arXiv}}
@article{month, title = {Proteins in June}, author = {Smith, Ann},
  year = {2024}, month = jun, eprint = {2406.07001}, archivePrefix = {arXiv}}
@article{late, title = {Proteins late in June}, author = {Smith, Ann},
  date = {2024-06-20}, eprint = {2406.07002}, archivePrefix = {arXiv}}
"""


def test_a_paper_dated_to_its_month_sorts_among_that_month(papers: Any,
                                                            tmp_path: Path) -> None:
    """Newest first, the June paper dated by its month alone sorted below May's (below
    every dated paper, as if it had no date); it comes after June's days, before May's,
    in the library's order and in a search's, and is still shown as its month."""
    _imported(papers, tmp_path, "dated.bib", DATED)
    want = ["2406.07002", "2406.07001", "2405.07003"]
    for args in (("search", "--offline", "--sort", "new", "--json"),
                 ("search", "proteins", "--offline", "--sort", "new", "--json"),
                 ("search", "--offline", "--sort", "upvotes", "--json")):
        result = papers(*args)
        assert result.exit_code == 0, result.stderr
        assert [p["id"] for p in json.loads(result.stdout)] == want, args
    listed = papers("search", "--offline", "--sort", "new", "--columns", "id,date")
    rows = [line.split() for line in listed.stdout.splitlines() if "2406.07001" in line]
    assert rows and "2024-06" in rows[0] and not any("2024-06-" in c for c in rows[0])
    shown = papers("show", "2406.07001", "--offline", "--json")
    assert shown.json["published_at"] is None  # (no day made up)


def _hub_item(title: str) -> dict[str, Any]:
    """2401.01055 as the Hub's Daily Papers list it, under `title`."""
    item = copy.deepcopy(seed_items()[0])
    item["paper"]["title"] = item["title"] = title
    return item


def _title(papers: Any) -> str:
    return str(papers("show", "2401.01055", "--offline", "--json").json["title"])


def test_a_title_is_the_best_sources_whoever_wrote_last(papers: Any, hub: HubServer,
                                                        arx: ArxivServer,
                                                        tmp_path: Path) -> None:
    """The title was the last writer's: a Hub sync after `papers arxiv` put back the
    Hub's title over arXiv's own, and an old export imported again over both. arXiv's
    wins over the Hub's, the Hub's over a file's, and an import never replaces a title
    a fetch gave."""
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{k, title = {a file's title}, eprint = {2401.01055},\n"
                   "  archivePrefix = {arXiv}, year = {2024}}\n", encoding="utf-8")
    _imported(papers, tmp_path, "refs.bib", bib.read_text(encoding="utf-8"))
    assert _title(papers) == "a file's title"
    hub.set_day(TODAY, [_hub_item("The Hub's Title")])
    assert papers("today", "-q").exit_code == 0
    assert _title(papers) == "The Hub's Title"  # (the Hub's over a file's)
    arx.announce(ArxivPaper("2401.01055", "arXiv's Own Title", ["cs.CL"],
                            datetime(2024, 1, 2, 9, 0, tzinfo=UTC)))
    assert papers("arxiv", "cs.CL", "-q").exit_code == 0
    assert _title(papers) == "arXiv's Own Title"
    assert papers("today", "-q", "--refresh").exit_code == 0
    assert hub.count("/api/daily_papers") >= 2  # (the Hub was asked again)
    assert _title(papers) == "arXiv's Own Title"
    export = tmp_path / "old.json"
    export.write_text(json.dumps([_hub_item("An Old Export's Title")]), encoding="utf-8")
    assert papers("import", str(export), "--offline").exit_code == 0
    assert _title(papers) == "arXiv's Own Title"
    _imported(papers, tmp_path, "refs.bib", bib.read_text(encoding="utf-8"))
    assert _title(papers) == "arXiv's Own Title"


def _announced(papers: Any, arx: ArxivServer) -> None:
    """2401.07004, submitted on 2024-01-12 and announced on 2024-01-16 (a weekend
    between), read from arXiv's RSS alone: it gives the day of the announcement."""
    arx.announce(ArxivPaper("2401.07004", "Folding After a Weekend", ["cs.CL"],
                            datetime(2024, 1, 12, 9, 0, tzinfo=UTC)))
    listed = papers("arxiv", "cs.CL", "-q")
    assert listed.exit_code == 0, listed.stderr


def test_a_paper_known_from_the_rss_alone_says_its_day_is_the_announcement(
        papers: Any, hub: HubServer, arx: ArxivServer) -> None:
    """`show` said "arXiv 2024-01-16", as it says v1's date, for the day arXiv announced
    the paper (four days after it was sent in): it is labelled the announcement's."""
    _announced(papers, arx)
    shown = papers("show", "2401.07004", "--offline")
    assert shown.exit_code == 0, shown.stderr
    assert "Announced 2024-01-16" in shown.stdout, shown.stdout
    assert "arXiv 2024-01-16" not in shown.stdout


def test_show_online_asks_arxiv_for_the_date_of_a_paper_known_from_the_rss(
        papers: Any, hub: HubServer, arx: ArxivServer) -> None:
    """Online, `show` asks arXiv's API once for v1's date (as for a paper the RSS gave
    no date at all), keeps it, and says it as arXiv's."""
    _announced(papers, arx)
    shown = papers("show", "2401.07004")
    assert shown.exit_code == 0, shown.stderr
    assert "arXiv 2024-01-12" in shown.stdout, shown.stdout
    assert "Announced " not in shown.stdout
    assert arx.count("/api") == 1
    assert papers("show", "2401.07004").exit_code == 0
    assert arx.count("/api") == 1
