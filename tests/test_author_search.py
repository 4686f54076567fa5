"""`--author` as people type names: letters Unicode gives no accent to drop (Łukasz,
Yağız, Ødeby), initials ("Y. Fengino", or a byline's "Fengino, Y." for "Yorick Fengino")
and a family name first ("Fengino Yorick"), in the library (the search index, the count
in the caption) and in a listing."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
import tantivy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY, Home, one_line, write_config
from hubserver import HubServer, seed_items
from papercli.criteria import CRITERIA
from papercli.db.store import Store
from papercli.db.textindex import ANALYZER, SCHEMA, analyzer, document
from papercli.db.textquery import filter_query
from papercli.filters import Filter
from papercli.models import parse_item

BYLINES = [
    ["Łukasz Wrzosek", "Ada Invented"],
    ["Yağız Ertan"],
    ["Anders Ødeby", "Vésteinn Hræbjarnarson"],
    ["Yorick Fengino", "Cy New"],
    ["Sander Fengino"],
    ["Y. Fengino"],
    ["Heming Lan"],
    ["Fengino, Y."],
    ["Yann Fengino"],
    ["J.-B. Alaroque", "Yang Fengino"],
]


def _ids(hub: HubServer) -> list[str]:
    items: list[dict[str, Any]] = []
    for item, names in zip(seed_items(), BYLINES, strict=False):
        item = copy.deepcopy(item)
        item["paper"]["authors"] = [{"name": n, "hidden": False} for n in names]
        items.append(item)
    hub.set_day(TODAY, items)
    return [item["paper"]["id"] for item in items]


def _authors_today(papers, hub: HubServer, authors: Sequence[list[dict[str, Any]]]  # type: ignore[no-untyped-def]
                   ) -> list[str]:
    """Today's listing of the seed papers, the n-th with the n-th `authors` as the Hub
    gives them, fetched into the library: their ids, in that order."""
    items = []
    for item, theirs in zip(seed_items(), authors, strict=False):
        item = copy.deepcopy(item)
        item["paper"]["authors"] = theirs
        items.append(item)
    hub.set_day(TODAY, items)
    assert papers("today", "-q").exit_code == 0
    return [item["paper"]["id"] for item in items]


def _bylines_today(papers, hub: HubServer, *bylines: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """`_authors_today` with each paper's bylines as names alone."""
    return _authors_today(papers, hub, [[{"name": n, "hidden": False} for n in names]
                                        for names in bylines])


def _found(papers, *args: str) -> list[str]:
    result = papers(*args, "--json")
    assert result.exit_code == 0, (args, result.stderr)
    return sorted(p["id"] for p in json.loads(result.stdout))


def test_letters_without_an_accent_to_drop_are_folded(papers, hub: HubServer) -> None:
    """Before, `-a lukasz` did not find Łukasz (nor yagiz Yağız, odeby Ødeby): NFKD has
    no plain letter in Ł, ı, ø, æ, so only `-a łukasz` did."""
    ids = _ids(hub)
    assert papers("today", "-q").exit_code == 0
    for name, paper in (("lukasz", ids[0]), ("Lukasz Wrzosek", ids[0]),
                        ("yagiz ertan", ids[1]), ("odeby", ids[2]),
                        ("hraebjarnarson", ids[2]), ("Łukasz", ids[0])):
        assert _found(papers, "search", "--author", name, "--offline") == [paper], name
        assert _found(papers, "today", "--author", name, "--offline") == [paper], name


def test_initials_and_a_family_name_first_find_the_author(papers, hub: HubServer) -> None:
    """Before, "Y. Fengino" found only the byline written so, and "Fengino Yorick" nothing.
    A one-letter word stands for a name it begins; the words may come in any order;
    initials alone are never enough; and the caption counts just these."""
    ids = _ids(hub)
    assert papers("today", "-q").exit_code == 0
    yorick, sander, short, comma, yann = ids[3], ids[4], ids[5], ids[7], ids[8]
    for name, wanted in (("Y. Fengino", [yorick, short, comma, yann, ids[9]]),
                         ("fengino, y.", [yorick, short, comma, yann, ids[9]]),
                         ("Fengino Yorick", [yorick, short, comma]),
                         ("Yorick Fengino", [yorick, short, comma])):
        assert _found(papers, "search", "--author", name, "--offline") == sorted(
            wanted), name
        assert _found(papers, "today", "--author", name, "--offline") == sorted(
            wanted), name
    assert _found(papers, "search", "--author", "Lan Heming", "--offline") == [ids[6]]
    assert _found(papers, "search", "--author", "Y. B.", "--offline") == []
    assert _found(papers, "search", "--author", "fengino", "--offline") == sorted(
        [yorick, sander, short, comma, yann, ids[9]])
    shown = papers("search", "--author", "Y. Fengino", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 of 5 papers" in shown.stdout


def test_a_given_name_spelled_out_finds_its_initial(papers, hub: HubServer) -> None:
    """Before, `--author "Yorick Fengino"` missed the bylines "Y. Fengino" and "Fengino, Y."
    (only an initial typed stood for a name, not an initial stored). Now each may stand
    for the other, but a different given name spelled out is another person (Yann), a
    name is one person's (the byline "Y Fengino Cousin" is not "Yorick Fengino"'s unless
    it holds both), and "Jean-Baptiste Alaroque" finds "J.-B. Alaroque"."""
    ids = _ids(hub)
    assert papers("today", "-q").exit_code == 0
    for command in ("search", "today"):
        assert _found(papers, command, "--author", "Yorick Fengino", "--offline") == sorted(
            [ids[3], ids[5], ids[7]]), command
        assert _found(papers, command, "-a", "Jean-Baptiste Alaroque", "--offline") == [
            ids[9]], command
        assert _found(papers, command, "-a", "Jean Alaroque", "--offline") == [ids[9]]
        assert _found(papers, command, "-a", "Sander Fengino", "--offline") == [ids[4]]
        assert _found(papers, command, "-a", "Heming Lan", "--offline") == [ids[6]]
        assert _found(papers, command, "-a", "H. Lan", "--offline") == [ids[6]]
        # initials on both sides, or no word whole: never enough
        assert _found(papers, command, "-a", "J. B. A.", "--offline") == []
    shown = papers("search", "--author", "Yorick Fengino", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 of 3 papers" in shown.stdout



def test_a_middle_initial_typed_may_be_missing_from_the_byline(papers, hub: HubServer) -> None:
    """Before, `-a "Dirkjan P. Kingstra"` (a citation's form) missed the byline "Dirkjan
    Kingstra": each initial typed needed a word of its own. Now a middle initial may be
    missing once two names are found whole, but not when the byline has another initial
    there, and an initial beside one name found whole still needs its word ("J. Smith"
    is not Adam Smith)."""
    ids = _bylines_today(papers, hub, ["Dirkjan Kingstra"], ["Dirkjan P Kingstra"],
                         ["Kingstra, Dirkjan"], ["Dirkjan Q. Kingstra"], ["Adam Smith"],
                         ["Sander Fengino"], ["Yann LeCun"], ["Durk Kingstra"])
    for command in ("search", "today"):
        for name in ("Dirkjan P. Kingstra", "Kingstra, Dirkjan P."):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[:3]), (command, name)
        assert _found(papers, command, "-a", "Dirkjan Kingstra", "--offline") == sorted(
            ids[:4])
        assert _found(papers, command, "-a", "Yann A. LeCun", "--offline") == [ids[6]]
        assert _found(papers, command, "-a", "J. Smith", "--offline") == []
        assert _found(papers, command, "-a", "Y. Fengino", "--offline") == []
        # initials typed: the middle one may be missing beside a given name written out
        assert _found(papers, command, "-a", "D. P. Kingstra", "--offline") == sorted(
            [*ids[:3], ids[7]])


def test_initials_run_together_and_middle_names_spelled_out(papers, hub: HubServer) -> None:
    """Before, "DP Kingstra" and "JB Alaroque" (initials run together, typed or in a
    byline) were read as one name, so neither found nor was found by "Dirkjan P.
    Kingstra"; "D. P. Kingstra" missed "Dirkjan Kingstra" (a byline without the middle
    initial), "Dirkjan Pieter Kingstra" missed it too, and "John Smith Jr." missed John
    Smith. Now each of those is the one person, but a middle name or initial the byline
    spells otherwise, or a first initial missing, is another person."""
    ids = _bylines_today(papers, hub, ["Dirkjan Kingstra"], ["DP Kingstra"],
                         ["Dirkjan Pieter Kingstra"], ["Dirkjan Paul Kingstra"],
                         ["Pieter Kingstra"], ["D. Kingstra"], ["JB Alaroque", "John Smith"],
                         ["Jean-Baptiste Alaroque", "Adam Smith Jr."], ["Zefan MO"])
    for command in ("search", "today"):
        for name in ("D. P. Kingstra", "Dirkjan P. Kingstra", "D.P. Kingstra"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[:4]), (command, name)
        # initials joined by a hyphen are one given name's parts: no middle initial;
        # so are initials run together that are the whole given name
        for name in ("D.-P. Kingstra", "DP Kingstra", "Kingstra DP"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[1:4]), (command, name)
        for name in ("Dirkjan Pieter Kingstra", "Kingstra, Dirkjan Pieter"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[:3]), (command, name)
        assert _found(papers, command, "-a", "Dirkjan Kingstra", "--offline") == sorted(
            [*ids[:4], ids[5]])
        # an initial typed is the first given name's, not a middle one (Dirkjan P.),
        # but a given name spelled out is found in any place (Dirkjan Pieter)
        assert _found(papers, command, "-a", "P. Kingstra", "--offline") == [ids[4]]
        assert _found(papers, command, "-a", "Pieter Kingstra", "--offline") == sorted(
            [ids[2], ids[4]])
        for name in ("JB Alaroque", "J.-B. Alaroque", "Jean-Baptiste Alaroque", "J. Alaroque"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[6:8]), (command, name)
        assert _found(papers, command, "-a", "John Smith Jr.", "--offline") == [ids[6]]
        assert _found(papers, command, "-a", "Smith, Adam, Jr.", "--offline") == [ids[7]]
        assert _found(papers, command, "-a", "J. R. Smith", "--offline") == [ids[6]]
        assert _found(papers, command, "-a", "J. Smith", "--offline") == [ids[6]]
        assert _found(papers, command, "-a", "Zefan Mo", "--offline") == [ids[8]]
        assert _found(papers, command, "-a", "M. Zefan", "--offline") == [ids[8]]
    shown = papers("search", "--author", "DP Kingstra", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 of 3 papers" in shown.stdout


def test_an_umlaut_and_its_e_spelling_are_one_name(papers, hub: HubServer) -> None:
    """Before, `-a "Juergen Schmidhofer"` missed the byline "Jürgen Schmidhofer" and
    `-a "Jürgen Schmidhofer"` the byline "Juergen Schmidhofer" (bylines hold both, and
    folding reads ü as u alone). Now ä, ö and ü are also ae, oe and ue, on either side;
    "ue" is no umlaut typed, so Xuefeng is not Xüfeng's only spelling and Yue not Yü's."""
    ids = _bylines_today(papers, hub, ["Jürgen Schmidhofer"], ["Juergen Schmidhofer"],
                         ["Philipp Mählenbühl"], ["Philipp Maehlenbuehl"],
                         ["Jurgen Schmidhofer"], ["Xuefeng Qiao"])
    for command in ("search", "today"):
        for name in ("Juergen Schmidhofer", "Jürgen Schmidhofer", "J. Schmidhofer"):
            found = _found(papers, command, "-a", name, "--offline")
            assert set(ids[:2]) <= set(found), (command, name)
        assert _found(papers, command, "-a", "Juergen Schmidhofer", "--offline") == sorted(
            ids[:2])
        for name in ("Maehlenbuehl", "Mählenbühl", "Philipp Mählenbühl", "MAEHLENBUEHL"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[2:4]), (command, name)
        assert _found(papers, command, "-a", "Mahlenbuhl", "--offline") == [ids[2]]
        assert _found(papers, command, "-a", "Xuefeng Qiao", "--offline") == [ids[5]]


# Name words as users type them and bylines hold them (a hyphen, an apostrophe, a
# particle, a letter with no accent to drop, Chinese characters), and their initials.
WORDS = ["Yorick", "Fengino", "Yann", "Jean-Baptiste", "Alaroque", "O'Brien", "van", "der",
         "Wei", "Zhang", "Łukasz", "兰", "鹤鸣", "Y", "W.", "D’Antonio", "D'Antonio",
         "Antonio", "D`Souza", "山田", "太郎", "山田太郎", "Jürgen", "Juergen", "Müller",
         "Mueller", "Xue", "Kraehenbühl", "DP", "AJ", "Jr.", "Pieter", "Dirkjan",
         "Ying-Cun", "Yingcun", "Tung-yi", "Yu", "Yu-Chiang", "Le", "Brun", "LeBrun", "De",
         "vanDer"]


@st.composite
def byline_of(draw: st.DrawFn, words: list[str]) -> str:
    """A byline near the asked words: most of them and maybe others, in any order, each
    whole or as an initial ("Y.", "Y"), maybe a family name first and a comma."""
    kept = [w for w in words if draw(st.integers(0, 3))]
    chosen = kept + draw(st.lists(st.sampled_from(WORDS), max_size=2))
    parts = [draw(st.sampled_from([w, w[0] + ".", w[0]])) for w in chosen or words]
    parts = draw(st.permutations(parts))
    if draw(st.booleans()):
        parts[0] += ","
    return " ".join(parts)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One real library file for the property test, emptied for each example."""
    with Store.open(tmp_path_factory.mktemp("library") / "library.db") as store:
        yield store


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
def test_the_index_and_sql_keep_every_paper_an_author_name_passes(
        library: Store, data: st.DataObject, words: list[str]) -> None:
    """A name's words the search index and SQL look for (an initial alone beside no
    letter, a pair of words in either order) never leave out a paper Python keeps: the
    index answers `search -a` and SQL a library walk, and Python only confirms."""
    asked = data.draw(st.sampled_from([" ".join(words), ", ".join(words),
                                       " ".join(w[0] + "." for w in words[:-1]) + " "
                                       + words[-1],
                                       " ".join([*words[:1], "P.", *words[1:]]),
                                       " ".join([*words[:1], "Pieter", *words[1:]]),
                                       "".join(w[0].upper() for w in words[:-1]) + " "
                                       + words[-1],
                                       " ".join(words) + "*",
                                       " ".join([*words[:-1], words[-1][:2]]) + "*",
                                       ", ".join([*words[:-1], words[-1][:2]]) + "*",
                                       " ".join(words) + " *"]))
    bylines = data.draw(st.lists(st.lists(byline_of(words), min_size=1, max_size=3),
                                 min_size=1, max_size=4))
    seed = parse_item(seed_items()[0])
    stored = [seed._replace(id=f"2401.{n:05d}", authors=tuple(names))
              for n, names in enumerate(bylines)]
    author = next(c for c in CRITERIA if c.key == "author")
    passed = {p.id for p in stored if author.passes((asked,), p)}

    index = tantivy.Index(SCHEMA)
    index.register_tokenizer(ANALYZER, analyzer(True))
    writer = index.writer()
    for paper in stored:
        writer.add_document(document(paper))
    writer.commit()
    index.reload()
    searcher = index.searcher()
    queries, _, _ = filter_query(Filter(authors=(asked,)))
    query = tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in queries])
    found = {searcher.doc(address)["id"][0]
             for _, address in searcher.search(query, len(stored)).hits}
    assert passed <= found, (asked, bylines)

    library.clear()
    library.upsert_papers(stored)
    assert author.prefilter is not None
    term, args = author.prefilter((asked,), "p")
    kept = {r[0] for r in library.conn.execute(
        f"SELECT p.id FROM papers p WHERE {term}", args)}
    assert passed <= kept, (asked, bylines)


def test_repeated_author_is_any_of_and_the_help_says_so(papers, hub: HubServer) -> None:
    """`-a A -a B` finds the papers of either (as a watch's author list does); before,
    `--help` did not say how a repeated --author combines, as it does for --family and
    --keyword."""
    ids = _ids(hub)
    assert papers("today", "-q").exit_code == 0
    assert _found(papers, "search", "-a", "Sander Fengino", "-a", "Heming Lan",
                  "--offline") == sorted([ids[4], ids[6]])
    for command in ("search", "today", "export"):
        shown = papers(command, "--help")
        assert shown.exit_code == 0, shown.stderr
        text = " ".join(shown.stdout.split())
        assert "containing NAME, whole words if several; a trailing * lets the last be " \
               "cut short (repeatable: any of)." in text, command


def test_an_apostrophe_holds_a_family_name_together(papers, hub: HubServer) -> None:
    """Before, `-a "D'Antonio"` was read as an initial and a word, and found Antonio De
    Domenico and Davide Antonio Serra (as `-a "D'Souza"` found Joana de Souza). Now
    "D'Antonio" is one name, found whichever apostrophe the byline or the user wrote."""
    ids = _bylines_today(papers, hub, ["Antonio De Lorenzi"], ["Davide Antonio Serra"],
                         ["Marco D\u2019Antonio"], ["Luca D'Antonio"],
                         ["Joana G. C. de Souza"], ["Kylan O'Brien"])
    for command in ("search", "today"):
        for name in ("D'Antonio", "d\u2019antonio", "D`Antonio"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                [ids[2], ids[3]]), (command, name)
        assert _found(papers, command, "-a", "Marco D'Antonio", "--offline") == [ids[2]]
        assert _found(papers, command, "-a", "D'Souza", "--offline") == []
        assert _found(papers, command, "-a", "O\u2019Brien", "--offline") == [ids[5]]
        assert _found(papers, command, "-a", "Antonio", "--offline") == sorted(ids[:4])


def test_a_cjk_name_is_one_with_or_without_a_space(papers, hub: HubServer) -> None:
    """Before, `-a "山田太郎"` missed the byline "山田 太郎" (and `-a "兰 鹤鸣"` the
    account display name 兰鹤鸣): a space between family and given name, written or not,
    was a different name. Now a space between two CJK letters is no difference."""
    ids = _authors_today(papers, hub, (
            [{"name": "山田 太郎", "hidden": False}],
            [{"name": "山田太郎", "hidden": False}],
            [{"name": "Heming Lan", "hidden": False,
              "user": {"_id": "1", "user": "heminglan", "fullname": "兰鹤鸣", "type": "user"}}],
            [{"name": "山田 花子", "hidden": False}],
            [{"name": "김 윤식", "hidden": False}]))
    for command in ("search", "today"):
        for name in ("山田太郎", "山田 太郎", "山田\u3000太郎"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(ids[:2]), name
        assert _found(papers, command, "-a", "兰 鹤鸣", "--offline") == [ids[2]]
        assert _found(papers, command, "-a", "김윤식", "--offline") == [ids[4]]
        assert _found(papers, command, "-a", "山田", "--offline") == sorted(
            [ids[0], ids[1], ids[3]])



def test_a_name_of_several_words_is_not_found_inside_longer_words(
        papers, hub: HubServer) -> None:
    """Before, `-a "Wei Zhang"` found Fenwei Zhang and Ruwei Zhang (the name asked was
    found anywhere in a byline, inside a word too), and `-a "Jun Li"` Ruojun Li. Now a
    name of several words is found only as whole words (its last word cut short only
    after a `*`: "Jose Ram*"); one word is still found anywhere ("zhang", "wei")."""
    ids = _bylines_today(papers, hub, ["Wei Zhang"], ["Fenwei Zhang"], ["Ruwei Zhang"],
                         ["Ruojun Li"], ["Li Jun"], ["José Ramírez"])
    for command in ("search", "today"):
        assert _found(papers, command, "-a", "Wei Zhang", "--offline") == [ids[0]]
        assert _found(papers, command, "-a", "Jun Li", "--offline") == [ids[4]]
        assert _found(papers, command, "-a", "Jose Ram*", "--offline") == [ids[5]]
        assert _found(papers, command, "-a", "Jose Ram", "--offline") == []
        assert _found(papers, command, "-a", "zhang", "--offline") == sorted(ids[:3])
        assert _found(papers, command, "-a", "wei", "--offline") == sorted(ids[:3])
    shown = papers("search", "--author", "Wei Zhang", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 paper" in shown.stdout


def test_a_hyphen_inside_a_given_name_may_be_left_out(papers, hub: HubServer) -> None:
    """Before, `-a "Yingcun Chen"` missed the byline "Ying-Cun Chen" and `-a "Ji-Ran
    Wen"` the byline "Jiran Wen" (the real archive holds both spellings of 94 such
    names): a hyphen made two words. Now a name is also read without the hyphens inside
    it, typed or in the byline, and its parts stay initials ("Y.-C. Chen"), but not a
    middle name a byline may lack ("Ying-Cun Chen" is not Ying Chen)."""
    ids = _bylines_today(papers, hub, ["Ying-Cun Chen"], ["Yingcun Chen"],
                         ["Y.-C. Chen"], ["Ying Chen"], ["Jiran Wen"], ["Ji-Ran Wen"],
                         ["Tung-yi Lee"], ["Yingcun Li"])
    for command in ("search", "today"):
        for name in ("Yingcun Chen", "Ying-Cun Chen", "Chen, Yingcun", "YingCun Chen"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(ids[:3]), (
                command, name)
        for name in ("Ji-Ran Wen", "Jiran Wen", "J. Wen"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(ids[4:6]), (
                command, name)
        assert _found(papers, command, "-a", "Tungyi Lee", "--offline") == [ids[6]]
        assert _found(papers, command, "-a", "Ying-Cun", "--offline") == sorted(
            [*ids[:2], ids[7]])
        assert _found(papers, command, "-a", "Ying-Cun Li", "--offline") == [ids[7]]


def test_a_particle_written_apart_or_joined_is_one_name(papers, hub: HubServer) -> None:
    """`-a "Le Brun"` missed the byline "Ana LeBrun", and `-a LeBrun` "Ana Le Brun": a
    family name's particle (le, van der, de) is written apart or joined to the name after
    it, and either spelling, typed or in the byline, is the other's; case and accents
    aside as ever. A word joined so is whole: `-a "Da Li"` is no "Dalia"."""
    ids = _bylines_today(papers, hub, ["Ana LeBrun"], ["Ana Le Brun"], ["A. le Brun"],
                         ["Lars van der Berg"], ["Lars Vanderberg"], ["Ana De Souza"],
                         ["Ana DeSouza"], ["Dalia Tern"], ["Da Li"])
    for command in ("search", "today"):
        for name in ("Le Brun", "LeBrun", "le brun", "Ana Le Brun", "Ana LeBrun", "Lébrun",
                     "Le Brun, Ana", "LeBrun, A."):
            assert _found(papers, command, "-a", name, "--offline") == sorted(ids[:3]), (
                command, name)
        for name in ("van der Berg", "Vanderberg", "Lars van der Berg", "Lars VanDerBerg"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(ids[3:5]), (
                command, name)
        for name in ("De Souza", "DeSouza", "Ana de Souza"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(ids[5:7]), (
                command, name)
        assert _found(papers, command, "-a", "Da Li", "--offline") == [ids[8]]


def test_a_hyphenated_name_is_one_name(papers, hub: HubServer) -> None:
    """Before, `-a "Yu Wang"` found Yu-Chiang Hank Wang and Yu-Xiu Wang (98 papers on
    the real archive, 34 of them others', with Meng-Yu Wang and Yu-Kang Wang), `-a "Ji
    Wen"` Ji-Ran Wen and `-a "Jun Liu"` Kai-Jun Liu: a hyphen made two words, the
    asked word one of them and the other a middle name the user may leave out. Now a
    hyphenated name is one name: found whole (with or without its hyphen), by each of
    its parts in order, whole or as initials, or by its initial or its start cut short
    with a `*`; a byline of that name alone ("DeepFjord-AI") is the name asked."""
    ids = _bylines_today(papers, hub, ["Yu-Chiang Hank Wang"], ["Yu-Xiu Wang"],
                         ["Yu Wang"], ["Yuchiang Wang"], ["Meng-Yu Wang"],
                         ["Chun-Yi Wang"], ["Ji-Ran Wen"], ["Jiran Wen"],
                         ["Jun-Li Zhang"], ["DeepFjord-AI"], ["Wang Yu-Chiang"],
                         ["Kai-Jun Liu"])
    (hank, xiong, yu, joined, sheng, chien, ji_rong, jirong, jun_li, deepseek,
     family_first, kang) = ids
    for command in ("search", "today"):
        def found(name: str) -> list[str]:
            return _found(papers, command, "-a", name, "--offline")  # noqa: B023

        assert found("Yu Wang") == [yu]
        assert found("Wang Yu") == [yu]  # not "Wang Yu-Chiang"
        for name in ("Chiang Wang", "Ji Wen", "Jun Li", "Jun Liu", "Chiang Hank Wang"):
            assert found(name) == [], name
        for name in ("Yu-Chiang Wang", "Yuchiang Wang", "Wang, Yu-Chiang"):
            assert found(name) == sorted([hank, joined, family_first]), name
        # a space typed for the hyphen: its parts, in order (and Yu Wang, who may lack
        # a middle name "Chiang")
        assert found("Yu Chiang Wang") == sorted([hank, yu, family_first])
        for name in ("Y.-C. Wang", "YC Wang", "Y. C. Wang"):
            assert {hank, family_first} <= set(found(name)), name
            assert not {sheng, chien} & set(found(name)), name
        for name in ("Y. Wang", "Wang Yu*", "Wang Y."):
            assert found(name) == sorted([hank, xiong, yu, joined, family_first]), name
        # a given name spelled out is found in any place, a middle name too
        assert found("Hank Wang") == [hank]
        assert found("Wang Hank") == [hank]
        assert found("Meng-Yu Wang") == [sheng]
        for name in ("Ji-Ran Wen", "Jiran Wen", "J. Wen", "J.-R. Wen"):
            assert found(name) == sorted([ji_rong, jirong]), name
        assert found("Ji Ran Wen") == [ji_rong]
        for name in ("Jun-Li Zhang", "Junli Zhang", "J. Zhang", "J.-L. Zhang"):
            assert found(name) == [jun_li], name
        assert found("Kai-Jun Liu") == [kang]
        assert found("DeepFjord AI") == [deepseek]


def test_a_name_of_several_words_is_whole_words_unless_it_ends_in_a_star(
        papers, hub: HubServer) -> None:
    """Before, `-a "Jun Li"` found Jun Liu, Jun Ling, Jun Liang and Kai-Jun Liu (the
    last word of a name was always cut short: 35 papers on the real archive, 4 of Jun
    Li's), so a Chinese name, whose family names differ by a letter, found other people.
    Now its words are whole, in any order and with initials as before ("J. Li" finds
    Jun Li, not Jun Liu); a trailing `*` lets the word typed last be cut short ("Jun
    Li*" and "J. Li*" find Jun Liu and "Liu, Jun"); one word is still found anywhere."""
    ids = _bylines_today(papers, hub, ["Jun Li"], ["Jun Liu"], ["Jun Ling"],
                         ["Kai-Jun Liu"], ["Li Jun"], ["J. Li"], ["J. Liu"],
                         ["Jun Li\u2019an"], ["José Ramírez"], ["Liu, Jun"])
    jun_li, liu, ling, kang, li_jun, j_li, j_liu, li_an, jose, liu_jun = ids
    for command in ("search", "today"):
        for name in ("Jun Li", "jun li", "Li, Jun", "J. Li"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                [jun_li, li_jun, j_li]), (command, name)
        for name in ("Jun Li*", "Jun Li *", "jun li**", "J. Li*"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                [jun_li, liu, ling, li_jun, j_li, j_liu, li_an, liu_jun]), (
                    command, name)
        assert _found(papers, command, "-a", "Jun Liu", "--offline") == sorted(
            [liu, j_liu, liu_jun])  # Kai-Jun is one name (test_a_hyphenated_name_...)
        for name in ("li", "li*"):  # one word: anywhere
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                [jun_li, liu, ling, kang, li_jun, j_li, j_liu, li_an, liu_jun]), (
                    command, name)
        for name in ("Jose Ram*", "Ramírez, Jo*", "Ramirez Jos*", "jose r*"):
            assert _found(papers, command, "-a", name, "--offline") == [jose], name
        assert _found(papers, command, "-a", "Jose Ram", "--offline") == []
        # a `*` inside a name is no wildcard: it parts words, as a space does
        assert _found(papers, command, "-a", "Jun*Li", "--offline") == sorted(
            [jun_li, li_jun, j_li])
    shown = papers("search", "--author", "Jun Li", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 of 3 papers" in shown.stdout


def test_a_watch_on_a_name_reads_it_as_author_does(papers, hub: HubServer,
                                                   home: Home) -> None:
    """A watch's author is the filter's: "Jun Li" whole words, "Jun Li*" cut short,
    kept in config.toml as typed (before, a watch on Jun Li counted Jun Liu's papers);
    and `*` alone, written by hand, is refused as `--author '*'` is (it holds no name)."""
    ids = _bylines_today(papers, hub, ["Jun Li"], ["Jun Liu"], ["Wei Zhang"])
    for name, watch in (("Jun Li", "li"), ("Jun Li*", "li-cut")):
        assert papers("watch", "add", watch, "--author", name).exit_code == 0
    kept = home.config_file.read_text(encoding="utf-8")
    assert '"Jun Li*"' in kept
    write_config(home, kept + '\n[watch.star]\nauthor = ["*"]\n')
    refused = papers("watch", "list", "--json")
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert one_line(refused.stderr).endswith("author '*' holds no word — remove it")
    write_config(home, kept)
    listed = papers("watch", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    counts = {w["name"]: w["papers"] for w in json.loads(listed.stdout)}
    assert counts == {"li": 1, "li-cut": 2}
    assert _found(papers, "new", "--peek", "--watch", "li-cut") == sorted(ids[:2])
    assert _found(papers, "new", "--peek", "--watch", "li") == [ids[0]]


def test_the_first_given_name_asked_is_the_bylines_first(papers, hub: HubServer) -> None:
    """Before, `-a "Jun Li"` and `-a "J. Li"` found "Abner J. Li" (his middle initial J
    stood for Jun): a word asked could be any of the byline's. Now an initial is a first
    given name's, typed or in the byline: the first given name asked, typed as an
    initial, is the byline's first given name (the word after the family name in a
    byline written family name first, "Li Jun" or "Li, Jun"), and spelled out it is the
    byline's first given name, whole or by its initial, or a middle name spelled out
    ("Jun Li" finds "Abner Jun Li": many go by a middle name)."""
    ids = _bylines_today(papers, hub, ["Abner J. Li"], ["Jun Li"], ["Li Jun"],
                         ["Jing Li"], ["J. Li"], ["Li, Jun"], ["Abner Jun Li"],
                         ["Jun Q. Li"], ["Li, Abner Jun"], ["Jun Abner Li"])
    (abner, jun, family_first, jing, initial, comma, abner_jun, middle, comma_jun,
     jun_abner) = ids
    for command in ("search", "today"):
        def found(name: str) -> list[str]:
            return _found(papers, command, "-a", name, "--offline")  # noqa: B023

        for name in ("Jun Li", "Li Jun", "Li, Jun", "jun li"):
            assert found(name) == sorted([jun, family_first, initial, comma, abner_jun,
                                          middle, comma_jun, jun_abner]), (command, name)
        for name in ("J. Li", "Li J.", "Li, J."):
            assert found(name) == sorted([jun, family_first, jing, initial, comma,
                                          middle, jun_abner]), (command, name)
        for name in ("Abner Li", "Li, Abner"):
            assert found(name) == sorted([abner, abner_jun, comma_jun, jun_abner]), name
        # Abner spelled out is his middle name too (and J. his first: Jun Abner Li)
        assert found("Abner J. Li") == sorted([abner, abner_jun, comma_jun, jun_abner])
        assert found("A. J. Li") == sorted([abner, abner_jun, comma_jun])
        assert found("A. Li") == sorted([abner, abner_jun, comma_jun])
    shown = papers("search", "--author", "Jun Li", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 of 8 papers" in shown.stdout


def test_hyphenated_initials_are_each_a_part_of_the_name(papers, hub: HubServer) -> None:
    """Before, `-a "Y.-C. Wang"` found "Yongpei Wang" and "Yu Wang" (the second initial
    was a middle one the byline might lack). Now initials joined by a hyphen are one
    given name's parts: each is found, a part of a hyphenated name or a word of its own
    in order, or the name written without its hyphen holds them ("Yuchun")."""
    ids = _bylines_today(papers, hub, ["Yu-Chiang Wang"], ["Yu-Chun Wang"],
                         ["Yuchun Wang"], ["Wang Yu-Chiang"], ["Yu Chun Wang"],
                         ["Yongpei Wang"], ["Yu Wang"], ["Yu-Xiu Wang"], ["Y. Wang"])
    for command in ("search", "today"):
        for name in ("Y.-C. Wang", "Wang, Y.-C.", "Wang Y.-C."):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[:5]), (command, name)
        assert _found(papers, command, "-a", "Y. Wang", "--offline") == sorted(ids)


def test_initials_run_together_as_the_given_name_are_its_parts(papers, hub: HubServer
                                                                ) -> None:
    """Before, `-a "YC Wang"` found "Yongpei Wang", "Yu Wang" and "Yu-Xiu Wang" (859
    papers on the real archive, where "Y.-C. Wang" finds 53): C was a middle initial the
    byline could lack. Now initials run together that are the whole given name ("YC
    Wang", "Wang YC") are its parts, as "Y.-C." is; a given name in title case ("Yc")
    is a name, and run-together initials after a given name spelled out ("Marco AF
    Pimenteira") stay middle ones a byline may lack."""
    ids = _bylines_today(papers, hub, ["Yu-Chiang Wang"], ["Yu-Chun Wang"],
                         ["Yuchun Wang"], ["Wang Yu-Chiang"], ["Yu Chun Wang"],
                         ["Yongpei Wang"], ["Yu Wang"], ["Yu-Xiu Wang"], ["Y. Wang"],
                         ["Marco Pimenteira"], ["Marco A. F. Pimenteira"], ["YC Wang"])
    for command in ("search", "today"):
        def found(name: str) -> list[str]:
            return _found(papers, command, "-a", name, "--offline")  # noqa: B023

        hyphened = found("Y.-C. Wang")
        assert hyphened == sorted([*ids[:5], ids[11]])
        for name in ("YC Wang", "Wang YC", "Wang, YC", "YC Wang Jr."):
            assert found(name) == hyphened, (command, name)
        assert ids[5] not in found("Yc Wang")  # a name, not Y. C.: Yongpei is no Yc
        assert found("Marco AF Pimenteira") == sorted(ids[9:11])
    shown = papers("search", "--author", "YC Wang", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 of 6 papers" in shown.stdout


def test_a_given_name_spelled_out_may_be_a_middle_name(papers, hub: HubServer) -> None:
    """Many go by a middle name: a given name spelled out is found in any place among
    the byline's given names ("Hank Wang" finds "Yu-Chiang Hank Wang", "Zhu Huang"
    "Livia Zhu Huang"), but an initial only as the first given name, typed or in the
    byline ("Z. Huang" is no Livia Zhu Huang, "Zhu Huang" no "Livia Z. Huang"), and a
    name read with an initial for its family name pins no middle name ("H. Zhu", read
    as Zhu H., is no Livia Zhu Huang)."""
    ids = _bylines_today(papers, hub, ["Yu-Chiang Hank Wang"], ["Livia Zhu Huang"],
                         ["Livia Z. Huang"], ["Huang, Livia Zhu"], ["Dirkjan P. Kingstra"],
                         ["Hao Zhu"])
    hank, zhu, initial, comma, kingstra, hao = ids
    for command in ("search", "today"):
        def found(name: str) -> list[str]:
            return _found(papers, command, "-a", name, "--offline")  # noqa: B023

        for name in ("Hank Wang", "Wang Hank", "Wang, Hank"):
            assert found(name) == [hank], (command, name)
        for name in ("Zhu Huang", "Huang Zhu", "Huang, Zhu"):
            assert found(name) == sorted([zhu, comma]), (command, name)
        assert found("Z. Huang") == []
        assert found("L. Huang") == sorted([zhu, initial, comma])
        assert found("H. Zhu") == [hao]
        assert found("F. Wang") == []
        assert found("Dirkjan Kingstra") == [kingstra]
        assert found("P. Kingstra") == []


def test_a_given_name_spelled_out_is_no_byline_of_more_initials(
        papers, hub: HubServer, home: Home) -> None:
    """Before, `-a "Yongpei Wang"` found "Y. Q. Wang" (two DeepFjord-AI papers on the
    real archive), "YC Wang" and "Y. C. Wang": "Yongpei" stood on the initial Y and the
    byline's other initial was left over. Now a given name spelled out that a byline
    gives as initials takes one of them, or those it holds in order (`Yuchun Wang`
    finds "Y. C. Wang"), when it reads as pinyin, so it finds no byline of more
    initials; another given name may stand before a middle initial ("Dirkjan Kingstra"
    finds "D. P. Kingstra"). Watches and the `author:` qualifier read it so too."""
    ids = _bylines_today(papers, hub, ["Yongpei Wang"], ["Y. Wang"], ["Y Wang"],
                         ["YC Wang"], ["Y. C. Wang"], ["Y.-C. Wang"], ["Wang, Y. Q."],
                         ["Yu-Chun Wang"], ["Yuchun Wang"], ["Yongpei Q. Wang"],
                         ["Y. P. Wang"], ["KM He"], ["DP Kingstra"], ["D. P. Kingstra"])
    (yongpei, y, bare, yc, y_c, hyphened, _comma, yu_chen, yuchun, middle, y_p, km, dp,
     d_p) = ids
    for command in ("search", "today"):
        def found(name: str) -> list[str]:
            return _found(papers, command, "-a", name, "--offline")  # noqa: B023

        for name in ("Yongpei Wang", "Wang Yongpei", "Wang, Yongpei"):
            assert found(name) == sorted([yongpei, y, bare, middle, y_p]), (command, name)
        # a name written without its hyphen holds its initials (Yu-Chun, Kai-Ming)
        assert found("Yuchun Wang") == sorted([y, bare, yc, y_c, hyphened, yu_chen,
                                               yuchun]), command
        assert found("Kaiming He") == [km]
        for name in ("Y.-C. Wang", "YC Wang"):
            assert found(name) == sorted([yc, y_c, hyphened, yu_chen, yuchun]), name
        assert found("Y. Wang") == sorted(ids[:11]), command
        # a given name not read as pinyin may stand before a middle initial
        assert found("Dirkjan Kingstra") == sorted([dp, d_p])
        assert found("Dirkjan P. Kingstra") == sorted([dp, d_p])
    assert _found(papers, "search", 'author:"Yongpei Wang"', "--offline") == sorted(
        [yongpei, y, bare, middle, y_p])
    assert papers("watch", "add", "wang", "--author", "Yongpei Wang").exit_code == 0
    listed = papers("watch", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert [w["papers"] for w in json.loads(listed.stdout)] == [5]
    assert _found(papers, "new", "--peek", "--watch", "wang") == sorted(
        [yongpei, y, bare, middle, y_p])
