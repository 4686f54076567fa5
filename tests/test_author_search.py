"""`--author` as people type names: letters Unicode gives no accent to drop (Łukasz,
Yağız, Øland), initials ("Y. Bengio", or a byline's "Bengio, Y." for "Yoshua Bengio")
and a family name first ("Bengio Yoshua"), in the library (the search index, the count
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
    ["Łukasz Dudziak", "Ada Invented"],
    ["Yağız Aksoy"],
    ["Anders Øland", "Vésteinn Snæbjarnarson"],
    ["Yoshua Bengio", "Cy New"],
    ["Samy Bengio"],
    ["Y. Bengio"],
    ["Zhibo Yang"],
    ["Bengio, Y."],
    ["Yann Bengio"],
    ["J.-B. Alayrac", "Yang Bengio"],
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
    """Before, `-a lukasz` did not find Łukasz (nor yagiz Yağız, oland Øland): NFKD has
    no plain letter in Ł, ı, ø, æ, so only `-a łukasz` did."""
    ids = _ids(hub)
    assert papers("today", "-q").exit_code == 0
    for name, paper in (("lukasz", ids[0]), ("Lukasz Dudziak", ids[0]),
                        ("yagiz aksoy", ids[1]), ("oland", ids[2]),
                        ("snaebjarnarson", ids[2]), ("Łukasz", ids[0])):
        assert _found(papers, "search", "--author", name, "--offline") == [paper], name
        assert _found(papers, "today", "--author", name, "--offline") == [paper], name


def test_initials_and_a_family_name_first_find_the_author(papers, hub: HubServer) -> None:
    """Before, "Y. Bengio" found only the byline written so, and "Bengio Yoshua" nothing.
    A one-letter word stands for a name it begins; the words may come in any order;
    initials alone are never enough; and the caption counts just these."""
    ids = _ids(hub)
    assert papers("today", "-q").exit_code == 0
    yoshua, samy, short, comma, yann = ids[3], ids[4], ids[5], ids[7], ids[8]
    for name, wanted in (("Y. Bengio", [yoshua, short, comma, yann, ids[9]]),
                         ("bengio, y.", [yoshua, short, comma, yann, ids[9]]),
                         ("Bengio Yoshua", [yoshua, short, comma]),
                         ("Yoshua Bengio", [yoshua, short, comma])):
        assert _found(papers, "search", "--author", name, "--offline") == sorted(
            wanted), name
        assert _found(papers, "today", "--author", name, "--offline") == sorted(
            wanted), name
    assert _found(papers, "search", "--author", "Yang Zhibo", "--offline") == [ids[6]]
    assert _found(papers, "search", "--author", "Y. B.", "--offline") == []
    assert _found(papers, "search", "--author", "bengio", "--offline") == sorted(
        [yoshua, samy, short, comma, yann, ids[9]])
    shown = papers("search", "--author", "Y. Bengio", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 of 5 papers" in shown.stdout


def test_a_given_name_spelled_out_finds_its_initial(papers, hub: HubServer) -> None:
    """Before, `--author "Yoshua Bengio"` missed the bylines "Y. Bengio" and "Bengio, Y."
    (only an initial typed stood for a name, not an initial stored). Now each may stand
    for the other, but a different given name spelled out is another person (Yann), a
    name is one person's (the byline "Y Bengio Cousin" is not "Yoshua Bengio"'s unless
    it holds both), and "Jean-Baptiste Alayrac" finds "J.-B. Alayrac"."""
    ids = _ids(hub)
    assert papers("today", "-q").exit_code == 0
    for command in ("search", "today"):
        assert _found(papers, command, "--author", "Yoshua Bengio", "--offline") == sorted(
            [ids[3], ids[5], ids[7]]), command
        assert _found(papers, command, "-a", "Jean-Baptiste Alayrac", "--offline") == [
            ids[9]], command
        assert _found(papers, command, "-a", "Jean Alayrac", "--offline") == [ids[9]]
        assert _found(papers, command, "-a", "Samy Bengio", "--offline") == [ids[4]]
        assert _found(papers, command, "-a", "Zhibo Yang", "--offline") == [ids[6]]
        assert _found(papers, command, "-a", "Z. Yang", "--offline") == [ids[6]]
        # initials on both sides, or no word whole: never enough
        assert _found(papers, command, "-a", "J. B. A.", "--offline") == []
    shown = papers("search", "--author", "Yoshua Bengio", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 of 3 papers" in shown.stdout



def test_a_middle_initial_typed_may_be_missing_from_the_byline(papers, hub: HubServer) -> None:
    """Before, `-a "Diederik P. Kingma"` (a citation's form) missed the byline "Diederik
    Kingma": each initial typed needed a word of its own. Now a middle initial may be
    missing once two names are found whole, but not when the byline has another initial
    there, and an initial beside one name found whole still needs its word ("J. Smith"
    is not Adam Smith)."""
    ids = _bylines_today(papers, hub, ["Diederik Kingma"], ["Diederik P Kingma"],
                         ["Kingma, Diederik"], ["Diederik Q. Kingma"], ["Adam Smith"],
                         ["Samy Bengio"], ["Yann LeCun"], ["Durk Kingma"])
    for command in ("search", "today"):
        for name in ("Diederik P. Kingma", "Kingma, Diederik P."):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[:3]), (command, name)
        assert _found(papers, command, "-a", "Diederik Kingma", "--offline") == sorted(
            ids[:4])
        assert _found(papers, command, "-a", "Yann A. LeCun", "--offline") == [ids[6]]
        assert _found(papers, command, "-a", "J. Smith", "--offline") == []
        assert _found(papers, command, "-a", "Y. Bengio", "--offline") == []
        # initials typed: the middle one may be missing beside a given name written out
        assert _found(papers, command, "-a", "D. P. Kingma", "--offline") == sorted(
            [*ids[:3], ids[7]])


def test_initials_run_together_and_middle_names_spelled_out(papers, hub: HubServer) -> None:
    """Before, "DP Kingma" and "JB Alayrac" (initials run together, typed or in a
    byline) were read as one name, so neither found nor was found by "Diederik P.
    Kingma"; "D. P. Kingma" missed "Diederik Kingma" (a byline without the middle
    initial), "Diederik Pieter Kingma" missed it too, and "John Smith Jr." missed John
    Smith. Now each of those is the one person, but a middle name or initial the byline
    spells otherwise, or a first initial missing, is another person."""
    ids = _bylines_today(papers, hub, ["Diederik Kingma"], ["DP Kingma"],
                         ["Diederik Pieter Kingma"], ["Diederik Paul Kingma"],
                         ["Pieter Kingma"], ["D. Kingma"], ["JB Alayrac", "John Smith"],
                         ["Jean-Baptiste Alayrac", "Adam Smith Jr."], ["Zejun MA"])
    for command in ("search", "today"):
        for name in ("D. P. Kingma", "Diederik P. Kingma", "D.P. Kingma"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[:4]), (command, name)
        # initials joined by a hyphen are one given name's parts: no middle initial;
        # so are initials run together that are the whole given name
        for name in ("D.-P. Kingma", "DP Kingma", "Kingma DP"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[1:4]), (command, name)
        for name in ("Diederik Pieter Kingma", "Kingma, Diederik Pieter"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[:3]), (command, name)
        assert _found(papers, command, "-a", "Diederik Kingma", "--offline") == sorted(
            [*ids[:4], ids[5]])
        # an initial typed is the first given name's, not a middle one (Diederik P.),
        # but a given name spelled out is found in any place (Diederik Pieter)
        assert _found(papers, command, "-a", "P. Kingma", "--offline") == [ids[4]]
        assert _found(papers, command, "-a", "Pieter Kingma", "--offline") == sorted(
            [ids[2], ids[4]])
        for name in ("JB Alayrac", "J.-B. Alayrac", "Jean-Baptiste Alayrac", "J. Alayrac"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[6:8]), (command, name)
        assert _found(papers, command, "-a", "John Smith Jr.", "--offline") == [ids[6]]
        assert _found(papers, command, "-a", "Smith, Adam, Jr.", "--offline") == [ids[7]]
        assert _found(papers, command, "-a", "J. R. Smith", "--offline") == [ids[6]]
        assert _found(papers, command, "-a", "J. Smith", "--offline") == [ids[6]]
        assert _found(papers, command, "-a", "Zejun Ma", "--offline") == [ids[8]]
        assert _found(papers, command, "-a", "M. Zejun", "--offline") == [ids[8]]
    shown = papers("search", "--author", "DP Kingma", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 of 3 papers" in shown.stdout


def test_an_umlaut_and_its_e_spelling_are_one_name(papers, hub: HubServer) -> None:
    """Before, `-a "Juergen Schmidhuber"` missed the byline "Jürgen Schmidhuber" and
    `-a "Jürgen Schmidhuber"` the byline "Juergen Schmidhuber" (bylines hold both, and
    folding reads ü as u alone). Now ä, ö and ü are also ae, oe and ue, on either side;
    "ue" is no umlaut typed, so Xuefeng is not Xüfeng's only spelling and Yue not Yü's."""
    ids = _bylines_today(papers, hub, ["Jürgen Schmidhuber"], ["Juergen Schmidhuber"],
                         ["Philipp Krähenbühl"], ["Philipp Kraehenbuehl"],
                         ["Jurgen Schmidhuber"], ["Xuefeng Xiao"])
    for command in ("search", "today"):
        for name in ("Juergen Schmidhuber", "Jürgen Schmidhuber", "J. Schmidhuber"):
            found = _found(papers, command, "-a", name, "--offline")
            assert set(ids[:2]) <= set(found), (command, name)
        assert _found(papers, command, "-a", "Juergen Schmidhuber", "--offline") == sorted(
            ids[:2])
        for name in ("Kraehenbuehl", "Krähenbühl", "Philipp Krähenbühl", "KRAEHENBUEHL"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[2:4]), (command, name)
        assert _found(papers, command, "-a", "Krahenbuhl", "--offline") == [ids[2]]
        assert _found(papers, command, "-a", "Xuefeng Xiao", "--offline") == [ids[5]]


# Name words as users type them and bylines hold them (a hyphen, an apostrophe, a
# particle, a letter with no accent to drop, Chinese characters), and their initials.
WORDS = ["Yoshua", "Bengio", "Yann", "Jean-Baptiste", "Alayrac", "O'Brien", "van", "der",
         "Wei", "Zhang", "Łukasz", "杨", "智博", "Y", "W.", "D’Antonio", "D'Antonio",
         "Antonio", "D`Souza", "山田", "太郎", "山田太郎", "Jürgen", "Juergen", "Müller",
         "Mueller", "Xue", "Kraehenbühl", "DP", "AJ", "Jr.", "Pieter", "Diederik",
         "Ying-Cong", "Yingcong", "Hung-yi", "Yu", "Yu-Chiang", "Le", "Brun", "LeBrun", "De",
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
    assert _found(papers, "search", "-a", "Samy Bengio", "-a", "Zhibo Yang",
                  "--offline") == sorted([ids[4], ids[6]])
    for command in ("search", "today", "export"):
        shown = papers(command, "--help")
        assert shown.exit_code == 0, shown.stderr
        text = " ".join(shown.stdout.split())
        assert "containing NAME, whole words if several; a trailing * lets the last be " \
               "cut short (repeatable: any of)." in text, command


def test_an_apostrophe_holds_a_family_name_together(papers, hub: HubServer) -> None:
    """Before, `-a "D'Antonio"` was read as an initial and a word, and found Antonio De
    Domenico and Davide Antonio Mura (as `-a "D'Souza"` found José de Souza). Now
    "D'Antonio" is one name, found whichever apostrophe the byline or the user wrote."""
    ids = _bylines_today(papers, hub, ["Antonio De Domenico"], ["Davide Antonio Mura"],
                         ["Marco D\u2019Antonio"], ["Luca D'Antonio"],
                         ["José G. C. de Souza"], ["Kyle O'Brien"])
    for command in ("search", "today"):
        for name in ("D'Antonio", "d\u2019antonio", "D`Antonio"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                [ids[2], ids[3]]), (command, name)
        assert _found(papers, command, "-a", "Marco D'Antonio", "--offline") == [ids[2]]
        assert _found(papers, command, "-a", "D'Souza", "--offline") == []
        assert _found(papers, command, "-a", "O\u2019Brien", "--offline") == [ids[5]]
        assert _found(papers, command, "-a", "Antonio", "--offline") == sorted(ids[:4])


def test_a_cjk_name_is_one_with_or_without_a_space(papers, hub: HubServer) -> None:
    """Before, `-a "山田太郎"` missed the byline "山田 太郎" (and `-a "杨 智博"` the
    account display name 杨智博): a space between family and given name, written or not,
    was a different name. Now a space between two CJK letters is no difference."""
    ids = _authors_today(papers, hub, (
            [{"name": "山田 太郎", "hidden": False}],
            [{"name": "山田太郎", "hidden": False}],
            [{"name": "Zhibo Yang", "hidden": False,
              "user": {"_id": "1", "user": "zhiboyang", "fullname": "杨智博", "type": "user"}}],
            [{"name": "山田 花子", "hidden": False}],
            [{"name": "김 윤식", "hidden": False}]))
    for command in ("search", "today"):
        for name in ("山田太郎", "山田 太郎", "山田\u3000太郎"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(ids[:2]), name
        assert _found(papers, command, "-a", "杨 智博", "--offline") == [ids[2]]
        assert _found(papers, command, "-a", "김윤식", "--offline") == [ids[4]]
        assert _found(papers, command, "-a", "山田", "--offline") == sorted(
            [ids[0], ids[1], ids[3]])



def test_a_name_of_several_words_is_not_found_inside_longer_words(
        papers, hub: HubServer) -> None:
    """Before, `-a "Wei Zhang"` found Wenwei Zhang and Shiwei Zhang (the name asked was
    found anywhere in a byline, inside a word too), and `-a "Jun Li"` Zhoujun Li. Now a
    name of several words is found only as whole words (its last word cut short only
    after a `*`: "Jose Ram*"); one word is still found anywhere ("zhang", "wei")."""
    ids = _bylines_today(papers, hub, ["Wei Zhang"], ["Wenwei Zhang"], ["Shiwei Zhang"],
                         ["Zhoujun Li"], ["Li Jun"], ["José Ramírez"])
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
    """Before, `-a "Yingcong Chen"` missed the byline "Ying-Cong Chen" and `-a "Ji-Rong
    Wen"` the byline "Jirong Wen" (the real archive holds both spellings of 94 such
    names): a hyphen made two words. Now a name is also read without the hyphens inside
    it, typed or in the byline, and its parts stay initials ("Y.-C. Chen"), but not a
    middle name a byline may lack ("Ying-Cong Chen" is not Ying Chen)."""
    ids = _bylines_today(papers, hub, ["Ying-Cong Chen"], ["Yingcong Chen"],
                         ["Y.-C. Chen"], ["Ying Chen"], ["Jirong Wen"], ["Ji-Rong Wen"],
                         ["Hung-yi Lee"], ["Yingcong Li"])
    for command in ("search", "today"):
        for name in ("Yingcong Chen", "Ying-Cong Chen", "Chen, Yingcong", "YingCong Chen"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(ids[:3]), (
                command, name)
        for name in ("Ji-Rong Wen", "Jirong Wen", "J. Wen"):
            assert _found(papers, command, "-a", name, "--offline") == sorted(ids[4:6]), (
                command, name)
        assert _found(papers, command, "-a", "Hungyi Lee", "--offline") == [ids[6]]
        assert _found(papers, command, "-a", "Ying-Cong", "--offline") == sorted(
            [*ids[:2], ids[7]])
        assert _found(papers, command, "-a", "Ying-Cong Li", "--offline") == [ids[7]]


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
    """Before, `-a "Yu Wang"` found Yu-Chiang Frank Wang and Yu-Xiong Wang (98 papers on
    the real archive, 34 of them others', with Sheng-Yu Wang and Yu-Kai Wang), `-a "Ji
    Wen"` Ji-Rong Wen and `-a "Jun Liu"` Kang-Jun Liu: a hyphen made two words, the
    asked word one of them and the other a middle name the user may leave out. Now a
    hyphenated name is one name: found whole (with or without its hyphen), by each of
    its parts in order, whole or as initials, or by its initial or its start cut short
    with a `*`; a byline of that name alone ("DeepSeek-AI") is the name asked."""
    ids = _bylines_today(papers, hub, ["Yu-Chiang Frank Wang"], ["Yu-Xiong Wang"],
                         ["Yu Wang"], ["Yuchiang Wang"], ["Sheng-Yu Wang"],
                         ["Chien-Yi Wang"], ["Ji-Rong Wen"], ["Jirong Wen"],
                         ["Jun-Li Zhang"], ["DeepSeek-AI"], ["Wang Yu-Chiang"],
                         ["Kang-Jun Liu"])
    (frank, xiong, yu, joined, sheng, chien, ji_rong, jirong, jun_li, deepseek,
     family_first, kang) = ids
    for command in ("search", "today"):
        def found(name: str) -> list[str]:
            return _found(papers, command, "-a", name, "--offline")  # noqa: B023

        assert found("Yu Wang") == [yu]
        assert found("Wang Yu") == [yu]  # not "Wang Yu-Chiang"
        for name in ("Chiang Wang", "Ji Wen", "Jun Li", "Jun Liu", "Chiang Frank Wang"):
            assert found(name) == [], name
        for name in ("Yu-Chiang Wang", "Yuchiang Wang", "Wang, Yu-Chiang"):
            assert found(name) == sorted([frank, joined, family_first]), name
        # a space typed for the hyphen: its parts, in order (and Yu Wang, who may lack
        # a middle name "Chiang")
        assert found("Yu Chiang Wang") == sorted([frank, yu, family_first])
        for name in ("Y.-C. Wang", "YC Wang", "Y. C. Wang"):
            assert {frank, family_first} <= set(found(name)), name
            assert not {sheng, chien} & set(found(name)), name
        for name in ("Y. Wang", "Wang Yu*", "Wang Y."):
            assert found(name) == sorted([frank, xiong, yu, joined, family_first]), name
        # a given name spelled out is found in any place, a middle name too
        assert found("Frank Wang") == [frank]
        assert found("Wang Frank") == [frank]
        assert found("Sheng-Yu Wang") == [sheng]
        for name in ("Ji-Rong Wen", "Jirong Wen", "J. Wen", "J.-R. Wen"):
            assert found(name) == sorted([ji_rong, jirong]), name
        assert found("Ji Rong Wen") == [ji_rong]
        for name in ("Jun-Li Zhang", "Junli Zhang", "J. Zhang", "J.-L. Zhang"):
            assert found(name) == [jun_li], name
        assert found("Kang-Jun Liu") == [kang]
        assert found("DeepSeek AI") == [deepseek]


def test_a_name_of_several_words_is_whole_words_unless_it_ends_in_a_star(
        papers, hub: HubServer) -> None:
    """Before, `-a "Jun Li"` found Jun Liu, Jun Ling, Jun Liang and Kang-Jun Liu (the
    last word of a name was always cut short: 35 papers on the real archive, 4 of Jun
    Li's), so a Chinese name, whose family names differ by a letter, found other people.
    Now its words are whole, in any order and with initials as before ("J. Li" finds
    Jun Li, not Jun Liu); a trailing `*` lets the word typed last be cut short ("Jun
    Li*" and "J. Li*" find Jun Liu and "Liu, Jun"); one word is still found anywhere."""
    ids = _bylines_today(papers, hub, ["Jun Li"], ["Jun Liu"], ["Jun Ling"],
                         ["Kang-Jun Liu"], ["Li Jun"], ["J. Li"], ["J. Liu"],
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
            [liu, j_liu, liu_jun])  # Kang-Jun is one name (test_a_hyphenated_name_...)
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
    assert one_line(refused.stderr).endswith("watch.star.author '*' holds no word")
    write_config(home, kept)
    listed = papers("watch", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    counts = {w["name"]: w["papers"] for w in json.loads(listed.stdout)}
    assert counts == {"li": 1, "li-cut": 2}
    assert _found(papers, "new", "--peek", "--watch", "li-cut") == sorted(ids[:2])
    assert _found(papers, "new", "--peek", "--watch", "li") == [ids[0]]


def test_the_first_given_name_asked_is_the_bylines_first(papers, hub: HubServer) -> None:
    """Before, `-a "Jun Li"` and `-a "J. Li"` found "Aaron J. Li" (his middle initial J
    stood for Jun): a word asked could be any of the byline's. Now an initial is a first
    given name's, typed or in the byline: the first given name asked, typed as an
    initial, is the byline's first given name (the word after the family name in a
    byline written family name first, "Li Jun" or "Li, Jun"), and spelled out it is the
    byline's first given name, whole or by its initial, or a middle name spelled out
    ("Jun Li" finds "Aaron Jun Li": many go by a middle name)."""
    ids = _bylines_today(papers, hub, ["Aaron J. Li"], ["Jun Li"], ["Li Jun"],
                         ["Jing Li"], ["J. Li"], ["Li, Jun"], ["Aaron Jun Li"],
                         ["Jun Q. Li"], ["Li, Aaron Jun"], ["Jun Aaron Li"])
    (aaron, jun, family_first, jing, initial, comma, aaron_jun, middle, comma_jun,
     jun_aaron) = ids
    for command in ("search", "today"):
        def found(name: str) -> list[str]:
            return _found(papers, command, "-a", name, "--offline")  # noqa: B023

        for name in ("Jun Li", "Li Jun", "Li, Jun", "jun li"):
            assert found(name) == sorted([jun, family_first, initial, comma, aaron_jun,
                                          middle, comma_jun, jun_aaron]), (command, name)
        for name in ("J. Li", "Li J.", "Li, J."):
            assert found(name) == sorted([jun, family_first, jing, initial, comma,
                                          middle, jun_aaron]), (command, name)
        for name in ("Aaron Li", "Li, Aaron"):
            assert found(name) == sorted([aaron, aaron_jun, comma_jun, jun_aaron]), name
        # Aaron spelled out is his middle name too (and J. his first: Jun Aaron Li)
        assert found("Aaron J. Li") == sorted([aaron, aaron_jun, comma_jun, jun_aaron])
        assert found("A. J. Li") == sorted([aaron, aaron_jun, comma_jun])
        assert found("A. Li") == sorted([aaron, aaron_jun, comma_jun])
    shown = papers("search", "--author", "Jun Li", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 of 8 papers" in shown.stdout


def test_hyphenated_initials_are_each_a_part_of_the_name(papers, hub: HubServer) -> None:
    """Before, `-a "Y.-C. Wang"` found "Yongpan Wang" and "Yu Wang" (the second initial
    was a middle one the byline might lack). Now initials joined by a hyphen are one
    given name's parts: each is found, a part of a hyphenated name or a word of its own
    in order, or the name written without its hyphen holds them ("Yuchen")."""
    ids = _bylines_today(papers, hub, ["Yu-Chiang Wang"], ["Yu-Chen Wang"],
                         ["Yuchen Wang"], ["Wang Yu-Chiang"], ["Yu Chen Wang"],
                         ["Yongpan Wang"], ["Yu Wang"], ["Yu-Xiong Wang"], ["Y. Wang"])
    for command in ("search", "today"):
        for name in ("Y.-C. Wang", "Wang, Y.-C.", "Wang Y.-C."):
            assert _found(papers, command, "-a", name, "--offline") == sorted(
                ids[:5]), (command, name)
        assert _found(papers, command, "-a", "Y. Wang", "--offline") == sorted(ids)


def test_initials_run_together_as_the_given_name_are_its_parts(papers, hub: HubServer
                                                                ) -> None:
    """Before, `-a "YC Wang"` found "Yongpan Wang", "Yu Wang" and "Yu-Xiong Wang" (859
    papers on the real archive, where "Y.-C. Wang" finds 53): C was a middle initial the
    byline could lack. Now initials run together that are the whole given name ("YC
    Wang", "Wang YC") are its parts, as "Y.-C." is; a given name in title case ("Yc")
    is a name, and run-together initials after a given name spelled out ("Marco AF
    Pimentel") stay middle ones a byline may lack."""
    ids = _bylines_today(papers, hub, ["Yu-Chiang Wang"], ["Yu-Chen Wang"],
                         ["Yuchen Wang"], ["Wang Yu-Chiang"], ["Yu Chen Wang"],
                         ["Yongpan Wang"], ["Yu Wang"], ["Yu-Xiong Wang"], ["Y. Wang"],
                         ["Marco Pimentel"], ["Marco A. F. Pimentel"], ["YC Wang"])
    for command in ("search", "today"):
        def found(name: str) -> list[str]:
            return _found(papers, command, "-a", name, "--offline")  # noqa: B023

        hyphened = found("Y.-C. Wang")
        assert hyphened == sorted([*ids[:5], ids[11]])
        for name in ("YC Wang", "Wang YC", "Wang, YC", "YC Wang Jr."):
            assert found(name) == hyphened, (command, name)
        assert ids[5] not in found("Yc Wang")  # a name, not Y. C.: Yongpan is no Yc
        assert found("Marco AF Pimentel") == sorted(ids[9:11])
    shown = papers("search", "--author", "YC Wang", "--offline", "-n", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "1 of 6 papers" in shown.stdout


def test_a_given_name_spelled_out_may_be_a_middle_name(papers, hub: HubServer) -> None:
    """Many go by a middle name: a given name spelled out is found in any place among
    the byline's given names ("Frank Wang" finds "Yu-Chiang Frank Wang", "Zhu Huang"
    "Lucia Zhu Huang"), but an initial only as the first given name, typed or in the
    byline ("Z. Huang" is no Lucia Zhu Huang, "Zhu Huang" no "Lucia Z. Huang"), and a
    name read with an initial for its family name pins no middle name ("H. Zhu", read
    as Zhu H., is no Lucia Zhu Huang)."""
    ids = _bylines_today(papers, hub, ["Yu-Chiang Frank Wang"], ["Lucia Zhu Huang"],
                         ["Lucia Z. Huang"], ["Huang, Lucia Zhu"], ["Diederik P. Kingma"],
                         ["Hao Zhu"])
    frank, zhu, initial, comma, kingma, hao = ids
    for command in ("search", "today"):
        def found(name: str) -> list[str]:
            return _found(papers, command, "-a", name, "--offline")  # noqa: B023

        for name in ("Frank Wang", "Wang Frank", "Wang, Frank"):
            assert found(name) == [frank], (command, name)
        for name in ("Zhu Huang", "Huang Zhu", "Huang, Zhu"):
            assert found(name) == sorted([zhu, comma]), (command, name)
        assert found("Z. Huang") == []
        assert found("L. Huang") == sorted([zhu, initial, comma])
        assert found("H. Zhu") == [hao]
        assert found("F. Wang") == []
        assert found("Diederik Kingma") == [kingma]
        assert found("P. Kingma") == []


def test_a_given_name_spelled_out_is_no_byline_of_more_initials(
        papers, hub: HubServer, home: Home) -> None:
    """Before, `-a "Yongpan Wang"` found "Y. Q. Wang" (two DeepSeek-AI papers on the
    real archive), "YC Wang" and "Y. C. Wang": "Yongpan" stood on the initial Y and the
    byline's other initial was left over. Now a given name spelled out that a byline
    gives as initials takes one of them, or those it holds in order (`Yuchen Wang`
    finds "Y. C. Wang"), when it reads as pinyin, so it finds no byline of more
    initials; another given name may stand before a middle initial ("Diederik Kingma"
    finds "D. P. Kingma"). Watches and the `author:` qualifier read it so too."""
    ids = _bylines_today(papers, hub, ["Yongpan Wang"], ["Y. Wang"], ["Y Wang"],
                         ["YC Wang"], ["Y. C. Wang"], ["Y.-C. Wang"], ["Wang, Y. Q."],
                         ["Yu-Chen Wang"], ["Yuchen Wang"], ["Yongpan Q. Wang"],
                         ["Y. P. Wang"], ["KM He"], ["DP Kingma"], ["D. P. Kingma"])
    (yongpan, y, bare, yc, y_c, hyphened, _comma, yu_chen, yuchen, middle, y_p, km, dp,
     d_p) = ids
    for command in ("search", "today"):
        def found(name: str) -> list[str]:
            return _found(papers, command, "-a", name, "--offline")  # noqa: B023

        for name in ("Yongpan Wang", "Wang Yongpan", "Wang, Yongpan"):
            assert found(name) == sorted([yongpan, y, bare, middle, y_p]), (command, name)
        # a name written without its hyphen holds its initials (Yu-Chen, Kai-Ming)
        assert found("Yuchen Wang") == sorted([y, bare, yc, y_c, hyphened, yu_chen,
                                               yuchen]), command
        assert found("Kaiming He") == [km]
        for name in ("Y.-C. Wang", "YC Wang"):
            assert found(name) == sorted([yc, y_c, hyphened, yu_chen, yuchen]), name
        assert found("Y. Wang") == sorted(ids[:11]), command
        # a given name not read as pinyin may stand before a middle initial
        assert found("Diederik Kingma") == sorted([dp, d_p])
        assert found("Diederik P. Kingma") == sorted([dp, d_p])
    assert _found(papers, "search", 'author:"Yongpan Wang"', "--offline") == sorted(
        [yongpan, y, bare, middle, y_p])
    assert papers("watch", "add", "wang", "--author", "Yongpan Wang").exit_code == 0
    listed = papers("watch", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert [w["papers"] for w in json.loads(listed.stdout)] == [5]
    assert _found(papers, "new", "--peek", "--watch", "wang") == sorted(
        [yongpan, y, bare, middle, y_p])
