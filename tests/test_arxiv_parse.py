"""arXiv's taxonomy, ids, query URLs and the parsing of its three shapes (API Atom, RSS
announcements, the metadata snapshot), including hostile and broken documents."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from papercli.errors import ConfigError, ExitStatus, UsageError
from papercli.sources import arxiv
from papercli.sources import arxiv_taxonomy as taxonomy
from papercli.sources.arxiv import ArxivError, ArxivParseError, InvalidArxivId

DATA = Path(__file__).parent / "data" / "arxiv"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


# -- taxonomy -----------------------------------------------------------------------


def test_validate_normalises_case_whitespace_and_comma_lists() -> None:
    got = taxonomy.validate([" CS.cl ", "hep-TH", "cs.CL,cs.cv", "", "MATH", "astro-ph.co"])
    assert got == ["cs.CL", "hep-th", "cs.CV", "math", "astro-ph.CO"]


@pytest.mark.parametrize(
    "name",
    ["hep-th", "hep-ph", "gr-qc", "quant-ph", "math-ph", "nucl-th", "astro-ph.CO",
     "cond-mat.str-el", "cond-mat.mes-hall", "nlin.CD", "q-bio.NC", "q-fin.ST", "stat.ML",
     "eess.IV", "econ.EM", "physics.optics", "math.AG", "cs.LG", "math", "cs", "astro-ph",
     "cond-mat", "physics", "q-bio", "q-fin", "stat", "eess", "econ", "nlin"],
)
def test_taxonomy_knows_archives_and_categories(name: str) -> None:
    assert taxonomy.validate([name]) == [name]
    assert taxonomy.name_of(name)


def test_taxonomy_is_consistent() -> None:
    for name in taxonomy.CATEGORIES:
        archive = taxonomy.archive_of(name)
        assert archive in taxonomy.ARCHIVES or archive == name, name
    assert taxonomy.name_of("cs.CL") == "Computation and Language"
    assert taxonomy.name_of("hep-th") == "High Energy Physics - Theory"
    assert taxonomy.is_archive("math") and not taxonomy.is_archive("hep-th")


@pytest.mark.parametrize(
    ("typo", "expected"),
    [("cs.CLL", "cs.CL"), ("cs.cvv", "cs.CV"), ("hep_th", "hep-th"), ("astroph.CO", "astro-ph.CO")],
)
def test_unknown_category_is_a_usage_error_naming_close_ones(typo: str, expected: str) -> None:
    with pytest.raises(taxonomy.UnknownCategory) as info:
        taxonomy.validate(["cs.AI", typo])
    err = info.value
    assert isinstance(err, UsageError) and err.exit_code == ExitStatus.USAGE
    assert expected in err.close
    # The close names in the hint ("did you mean cs.CL?"); the taxonomy's address
    # only when none is close (it and three names made 147 columns).
    assert typo in err.message
    assert err.hint and err.hint.startswith("did you mean ") and expected in err.hint
    assert taxonomy.TAXONOMY_URL not in (err.hint or "")


def test_unknown_category_without_close_ones() -> None:
    with pytest.raises(taxonomy.UnknownCategory) as info:
        taxonomy.validate(["qqqqqqqq"])
    assert info.value.close == []
    assert "did you mean" not in info.value.message


@pytest.mark.parametrize(
    ("pattern", "categories", "expected"),
    [
        ("cs.*", ["stat.ML", "cs.LG"], True),
        ("cs.*", ["stat.ML"], False),
        ("CS.*", ["cs.cl"], True),
        ("cs", ["cs.CL"], True),
        ("cs", ["csx.CL"], False),
        ("cs.CL", ["cs.CLX"], False),
        ("cs.CL", ["cs.CL"], True),
        ("*.LG", ["cs.LG"], True),
        ("stat.ML,cs.CV", ["cs.CV"], True),
        ("astro-ph", ["astro-ph"], True),
        ("astro-ph", ["astro-ph.CO"], True),
        ("astro-ph.*", ["astro-ph.GA"], True),
        ("hep-th", ["hep-th"], True),
        ("hep-th", ["hep-ph"], False),
        ("cs.C?", ["cs.CL"], False),  # only * is special
        ("", ["cs.CL"], False),
        ("cs.*", [], False),
    ],
)
def test_matches(pattern: str, categories: list[str], expected: bool) -> None:
    assert taxonomy.matches(pattern, categories) is expected


# -- ids ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2401.01055", ("2401.01055", None)),
        ("2401.01055v2", ("2401.01055", 2)),
        (" arXiv:2401.01055v12 ", ("2401.01055", 12)),
        ("0801.1234v3", ("0801.1234", 3)),
        ("1412.9999", ("1412.9999", None)),
        ("hep-th/9901001", ("hep-th/9901001", None)),
        ("hep-th/9901001v2", ("hep-th/9901001", 2)),
        ("cs/0112017", ("cs/0112017", None)),
        ("math.GT/0309136v1", ("math/0309136", 1)),
        ("chao-dyn/9301001", ("chao-dyn/9301001", None)),
        ("https://arxiv.org/abs/2401.01055v2", ("2401.01055", 2)),
        ("http://arxiv.org/abs/hep-th/9901001v1", ("hep-th/9901001", 1)),
        ("http://export.arxiv.org/abs/2401.01055", ("2401.01055", None)),
        ("https://arxiv.org/pdf/2401.01055v1.pdf", ("2401.01055", 1)),
    ],
)
def test_parse_id(text: str, expected: tuple[str, int | None]) -> None:
    assert arxiv.parse_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "", "2401.0105", "2401.010555", "2413.01055", "2400.01055", "1501.1234", "1412.12345",
        "0612.1234",  # new-style ids began in April 2007
        "2401.0105\u0665",  # an Arabic-Indic digit
        "\uff12\uff14\uff10\uff11.01055",  # fullwidth digits
        "2401.01055\nv2", "2401. 01055", "2401.01055v0", "2401.01055v", "HEP-TH/9901001",
        "foo/9901001",
        "hep-th/9913001", "hep-th/0801001", "stat/0101001", "https://evil.example/abs/2401.01055",
        "javascript:2401.01055", "https://arxiv.org/list/2401.01055",
    ],
)
def test_parse_id_rejects(text: str) -> None:
    with pytest.raises(InvalidArxivId):
        arxiv.parse_id(text)


# -- the API's Atom -----------------------------------------------------------------


def test_api_page_parses_every_field() -> None:
    feed = arxiv.parse_api(read("api-search.xml"))
    assert feed.kind == "api"
    assert (feed.total_results, feed.start_index, feed.items_per_page) == (9, 0, 4)
    assert feed.skipped == 0
    first, old, four_digit, elsewhere = feed.entries

    assert (first.id, first.version, first.versioned_id) == ("2401.01055", 2, "2401.01055v2")
    assert first.title == (
        "Tide Tables for Tokens: Predicting Attention Drift in Long-Context Language Models"
    )
    assert first.abstract == (
        "We study how attention mass drifts across a long context window and propose a "
        "cheap predictor of it. Our predictor uses three statistics of the key cache."
    )
    assert first.authors == ("Mirela Okonkwo-Hart", "Tomás Lindqvist")
    assert first.categories == ("cs.CL", "cs.LG")  # the ACM class I.2.7 is not arXiv's
    assert first.primary_category == "cs.CL"
    assert first.published == "2024-01-02T18:59:59Z"  # v1's date
    assert first.updated_at == "2024-01-12T17:05:31Z"  # v2's date
    assert first.comment == "14 pages, 6 figures; v2 fixes Table 3"
    assert first.journal_ref == "Proc. of the Imaginary Workshop on Tokens (2024) 1-14"
    assert first.doi == "10.5555/imaginary.2024.0001"
    assert first.abs_url == "https://arxiv.org/abs/2401.01055v2"
    assert first.pdf_url == "https://arxiv.org/pdf/2401.01055v2"  # rel=alternate, no title
    assert first.announce_type is None

    assert (old.id, old.version) == ("hep-th/9901001", 1)
    assert old.title == "Branes on a Toy Orbifold and the Folded Moduli Space"
    assert old.pdf_url == "http://arxiv.org/pdf/hep-th/9901001v1"  # title="pdf" rel=related
    assert old.published == "1999-01-04T17:00:01Z"  # converted to UTC
    assert (old.comment, old.journal_ref, old.doi) == (None, None, None)
    assert old.categories == ("hep-th",) and old.primary_category == "hep-th"

    assert (four_digit.id, four_digit.version) == ("0801.1234", 3)
    assert four_digit.categories == ("math.CO", "cs.DM")  # primary first, MSC 05A15 dropped
    assert four_digit.primary_category == "math.CO"

    assert elsewhere.abs_url == "https://arxiv.org/abs/2312.17001v1"  # not javascript:
    assert elsewhere.pdf_url == "https://arxiv.org/pdf/2312.17001v1"  # not evil.example


def test_api_bad_entries_are_skipped_and_counted() -> None:
    feed = arxiv.parse_api(read("api-bad-entries.xml"))
    assert [e.id for e in feed.entries] == ["2402.00002"]
    assert feed.entries[0].title == "The only good one"
    assert feed.skipped == 3
    assert feed.duplicates == 1
    assert any("not-an-id" in p for p in feed.problems)
    assert any("no title" in p for p in feed.problems)


def test_api_error_feed_quotes_arxivs_message() -> None:
    with pytest.raises(ArxivError) as info:
        arxiv.parse_api(read("api-error.xml"))
    assert info.value.arxiv_message == "incorrect id format for 1234.12345"
    assert "incorrect id format for 1234.12345" in str(info.value)
    assert info.value.exit_code == ExitStatus.ERROR


def test_api_error_feed_without_summary_uses_the_anchor() -> None:
    doc = read("api-error.xml").replace(
        b"<summary>incorrect id format for 1234.12345</summary>", b""
    )
    with pytest.raises(ArxivError, match=r"incorrect id format for 1234\.12345"):
        arxiv.parse_api(doc)


def test_api_empty_page_part_way() -> None:
    feed = arxiv.parse_api(read("api-empty.xml"))
    assert feed.entries == ()
    assert (feed.total_results, feed.start_index, feed.items_per_page) == (312, 200, 100)


def test_api_controls_and_bidi_overrides_are_stripped() -> None:
    doc = read("api-search.xml").replace(
        b"Counting Things Twice", b"Counting &#x202E;Things&#x9b;31m Twice&#x7;"
    )
    doc = doc.replace(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>", b"")
    with pytest.raises(ArxivParseError):  # U+0007 is not allowed in XML 1.0 at all
        arxiv.parse_api(doc)
    doc = doc.replace(b"&#x7;", b"")
    titles = [e.title for e in arxiv.parse_api(doc).entries]
    assert b"Counting Things Twice" not in doc
    assert "Counting Things Twice" in titles  # the override and the 8-bit CSI sequence gone


def test_api_garbled_totals_fail_the_page() -> None:
    doc = read("api-search.xml").replace(b">9</opensearch:totalResults>",
                                         b">nine</opensearch:totalResults>")
    with pytest.raises(ArxivParseError, match="totalResults"):
        arxiv.parse_api(doc)


# -- RSS ----------------------------------------------------------------------------


def test_rss_announcement_has_every_type_each_paper_once() -> None:
    feed = arxiv.parse_rss(read("rss-cs.CL+cs.CV.xml"))
    assert feed.kind == "rss"
    assert feed.announced == "2024-01-16T05:00:00Z"
    assert feed.skip_days == ("Saturday", "Sunday")
    assert feed.skipped == 1 and feed.duplicates == 1
    by_id = {e.id: e for e in feed.entries}
    assert list(by_id) == ["2401.08001", "2401.08002", "2401.01055", "2312.09999", "2401.08003"]
    types = {pid: e.announce_type for pid, e in by_id.items()}
    assert types == {"2401.08001": "new", "2401.08002": "cross", "2401.01055": "replace",
                     "2312.09999": "replace-cross", "2401.08003": "new"}

    new = by_id["2401.08001"]
    assert new.version == 1
    assert new.abstract == "We build tiny parsers that tolerate noisy transcripts."
    assert new.authors == ("Imani Castellanos", "Wei-Lun Brandt", "Okafor Nnamdi")
    assert new.categories == ("cs.CL", "eess.AS") and new.primary_category == "cs.CL"
    assert new.abs_url == "https://arxiv.org/abs/2401.08001"
    assert new.pdf_url == "https://arxiv.org/pdf/2401.08001v1"
    assert new.announced == "2024-01-16T05:00:00Z"
    assert new.published is None and new.updated_at is None
    assert new.license == "http://creativecommons.org/licenses/by/4.0/"

    replaced = by_id["2401.01055"]
    assert replaced.version == 2
    assert replaced.doi == "10.5555/imaginary.2024.0001"  # arxiv:DOI
    assert replaced.journal_ref == "Proc. of the Imaginary Workshop on Tokens (2024) 1-14"
    assert replaced.authors == ("Mirela Okonkwo-Hart", "Tomás Lindqvist")
    assert by_id["2312.09999"].authors == ("Priya Raman", "Jonas Weber", "Sofia Marchetti")
    assert by_id["2312.09999"].version == 3
    assert [e.id for e in feed.entries if e.announce_type == "new"] == [
        "2401.08001", "2401.08003"
    ]


def test_rss_weekend_feed_is_empty_not_an_error() -> None:
    feed = arxiv.parse_rss(read("rss-weekend.xml"))
    assert feed.entries == ()
    assert feed.skipped == 0
    assert feed.skip_days == ("Saturday", "Sunday")
    assert feed.title == "cs.CL updates on arXiv.org"


@pytest.mark.parametrize("said", [
    "<pubDate>Fri, 21 Aug 2026 00:00:00 -0400</pubDate>",
    "<lastBuildDate>Fri, 21 Aug 2026 04:00:00 +0000</lastBuildDate>",
    "<skipDays><day>Saturday</day></skipDays>",
])
def test_rss_empty_feed_naming_a_day_is_the_no_announcement_feed(said: str) -> None:
    """arXiv's feed of a day without an announcement: no items, its date and skipDays."""
    feed = arxiv.parse_rss(f'<rss version="2.0"><channel><title>x</title>{said}'
                           "</channel></rss>")
    assert feed.entries == () and (feed.announced or feed.skip_days)


def test_rss_empty_feed_naming_no_day_is_refused() -> None:
    """No items and nothing saying which day: not arXiv's weekend feed, and taken as
    one it replaced the cached announcement with nothing."""
    with pytest.raises(ArxivParseError, match="no items and no date") as info:
        arxiv.parse_rss(b'<?xml version="1.0"?><rss version="2.0"><channel><title>x'
                        b"</title></channel></rss>")
    assert info.value.gist == "arXiv's feed had no date"


def test_rss_unknown_announce_type_is_dropped_not_invented() -> None:
    doc = read("rss-cs.CL+cs.CV.xml").replace(
        b"<arxiv:announce_type>cross</arxiv:announce_type>",
        b"<arxiv:announce_type>sideways</arxiv:announce_type>",
    ).replace(b"Announce Type: cross", b"Announce Type: sideways")
    entry = next(e for e in arxiv.parse_rss(doc).entries if e.id == "2401.08002")
    assert entry.announce_type is None


def test_feeds_are_not_each_other() -> None:
    with pytest.raises(ArxivParseError, match="not RSS"):
        arxiv.parse_rss(read("api-search.xml"))
    with pytest.raises(ArxivParseError, match="not an Atom feed"):
        arxiv.parse_api(read("rss-weekend.xml"))
    with pytest.raises(ArxivParseError, match="is a web page, not a feed"):
        arxiv.parse_api(b"<html><body>Service Unavailable</body></html>")


# -- hostile and broken documents ---------------------------------------------------


def _laughs() -> bytes:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE lolz [", '<!ENTITY lol "lol">']
    for i in range(1, 10):
        lines.append(f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">')
    return "\n".join([*lines, "]>", "<rss version=\"2.0\"><channel><title>&lol9;</title>"
                      "</channel></rss>"]).encode()


@pytest.mark.parametrize("parse", [arxiv.parse_api, arxiv.parse_rss])
def test_billion_laughs_is_refused(parse: object) -> None:
    with pytest.raises(ArxivParseError, match="refused") as info:
        parse(_laughs())  # type: ignore[operator]
    assert "lollol" not in str(info.value)


@pytest.mark.parametrize(
    "template",
    [
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY s SYSTEM "file://{path}">]>\n'
        '<rss version="2.0"><channel><title>&s;</title></channel></rss>',
        '<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "file://{path}">\n'
        '<rss version="2.0"><channel><title>x</title></channel></rss>',
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY % p SYSTEM "file://{path}"> %p;]>\n'
        '<rss version="2.0"><channel><title>x</title></channel></rss>',
    ],
)
def test_external_entities_are_never_read(tmp_path: Path, template: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    doc = template.format(path=secret).encode()
    for parse in (arxiv.parse_rss, arxiv.parse_api):
        with pytest.raises(ArxivParseError, match="refused") as info:
            parse(doc)
        assert "TOP-SECRET" not in str(info.value)
        assert "TOP-SECRET" not in repr(info.value.__context__)


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.9, 0.99])
def test_truncated_feed_raises_a_clear_parse_error(cut: float) -> None:
    whole = read("api-search.xml")
    with pytest.raises(ArxivParseError, match=r"cut off: its XML stops part-way .*line [0-9]+"):
        arxiv.parse_api(whole[: int(len(whole) * cut)])
    rss = read("rss-cs.CL+cs.CV.xml")
    with pytest.raises(ArxivParseError):
        arxiv.parse_rss(rss[: int(len(rss) * cut)])


@pytest.mark.parametrize(("doc", "reason"), [
    (b"<feed><entry></feed>", "mismatched tag"),
    (b"<feed>\x00</feed>", "not well-formed (invalid token)"),
    (b"<feed></feed><feed/>", "junk after document element"),
])
def test_malformed_feed_is_not_said_to_be_cut_off(doc: bytes, reason: str) -> None:
    """XML wrong where it stands is what the server sent, not a download cut off."""
    with pytest.raises(ArxivParseError) as info:
        arxiv.parse_api(doc)
    assert str(info.value).startswith(f"arXiv's API answer is not well-formed XML ({reason} ")
    assert "cut off" not in str(info.value) and info.value.gist == "arXiv's feed was malformed"
    assert info.value.broken


@pytest.mark.parametrize(
    "body",
    [b"", b"   \n", b"<feed", b"<feed xmlns='http://www.w3.org/2005/Atom'><entry></feed>",
     b"\xff\xfe not xml", b"{\"json\": true}"],
)
def test_malformed_feed_raises_a_clear_parse_error(body: bytes) -> None:
    with pytest.raises(ArxivParseError) as info:
        arxiv.parse_api(body)
    assert "\n" not in str(info.value)
    assert info.value.hint


# -- the metadata snapshot ----------------------------------------------------------


def test_snapshot_every_field_shape() -> None:
    skips = arxiv.Skips()
    with (DATA / "snapshot.jsonl").open("rb") as lines:
        entries = {e.id: e for e in arxiv.iter_snapshot(lines, skips)}
    assert list(entries) == ["0704.0001", "hep-th/9901001", "cs/0112017", "2401.01055",
                             "2402.00077"]
    assert skips.count == 4  # not JSON, no id, not an object, blank title; blank lines free
    assert any(r.startswith("line 3:") for r in skips.reasons)

    full = entries["0704.0001"]
    assert full.title == "Calculation of imaginary cross sections at invented colliders"
    assert full.abstract == "A fully invented abstract, wrapped over lines."
    assert full.authors == ("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan")
    assert full.version == 2
    assert full.published == "2007-04-02T19:18:42Z"
    assert full.updated_at == "2007-07-24T20:10:27Z"
    assert (full.comment, full.journal_ref) == ("37 pages, 15 figures", "Phys.Rev.D76:013009,2007")
    assert (full.doi, full.report_no, full.license) == (
        "10.5555/invented.76.013009", "ANL-HEP-PR-07-12", None)
    assert full.categories == ("hep-ph",) and full.primary_category == "hep-ph"
    assert full.pdf_url == "https://arxiv.org/pdf/0704.0001v2"

    old = entries["hep-th/9901001"]
    assert old.authors == ("Q. Example", "R. Sample Jr")  # suffix kept
    assert (old.doi, old.comment, old.journal_ref) == (None, None, None)  # nulls
    assert old.categories == ("hep-th", "math.AG") and old.primary_category == "hep-th"
    assert old.version == 1

    cs_old = entries["cs/0112017"]
    assert cs_old.authors == ("Dana Old", "Eli Older")  # free text when authors_parsed is junk
    assert cs_old.version == 3 and cs_old.published == "2001-12-20T10:00:00Z"
    assert cs_old.categories == ("cs.CL", "cmp-lg")  # a legacy archive is kept as given

    shuffled = entries["2401.01055"]
    assert shuffled.version == 2 and shuffled.published == "2024-01-02T18:59:59Z"
    assert shuffled.license == "http://creativecommons.org/licenses/by/4.0/"

    minimal = entries["2402.00077"]
    assert (minimal.version, minimal.published, minimal.updated_at) == (None, None, None)
    assert minimal.authors == () and minimal.abstract == ""
    assert taxonomy.matches("stat.*", minimal.categories)


@pytest.mark.parametrize(
    "line",
    ['{"id": "2401.0105\u0665", "title": "x"}', '{"id": 2401.01055, "title": "x"}',
     '{"id": "2401.01055", "title": null}', "[" * 100000, '"a string"'],
)
def test_snapshot_bad_lines(line: str) -> None:
    with pytest.raises(ValueError):
        arxiv.parse_snapshot_line(line)


# -- query URLs and endpoints -------------------------------------------------------


def _query(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def test_api_query_url_for_categories_and_days() -> None:
    url = arxiv.api_query_url(
        "https://export.arxiv.org/api/query", categories=["cs.cl", "cs.CV"],
        submitted=(date(2024, 1, 15), date(2024, 1, 16)), start=200, max_results=100,
    )
    assert url.startswith("https://export.arxiv.org/api/query?")
    assert _query(url) == {
        "search_query": "(cat:cs.CL OR cat:cs.CV) AND submittedDate:[202401150000 TO 202401162359]",
        "start": "200", "max_results": "100", "sortBy": "submittedDate",
        "sortOrder": "descending",
    }
    assert " " not in url


def test_api_query_url_archive_single_category_and_datetimes() -> None:
    url = arxiv.api_query_url(
        "http://127.0.0.1:9/api/query/", categories=["math"],
        submitted=(datetime(2024, 1, 15, 6, 30, tzinfo=UTC), datetime(2024, 1, 15, 23, 0)),
    )
    assert url.startswith("http://127.0.0.1:9/api/query?")
    query = _query(url)["search_query"]
    assert query.endswith(" OR cat:math.ST) AND submittedDate:[202401150630 TO 202401152300]")
    assert query.startswith("(cat:math OR cat:math.AC OR cat:math.AG OR ")
    assert query.count("cat:") == 1 + 32  # the archive and each of its 32 categories


def test_category_term_spells_out_archives_once() -> None:
    term = arxiv.category_term(["nlin", "nlin.CD", "hep-th"])
    assert term == ("(cat:nlin OR cat:nlin.AO OR cat:nlin.CD OR cat:nlin.CG OR cat:nlin.PS "
                    "OR cat:nlin.SI OR cat:hep-th)")
    assert arxiv.category_term(["HEP-th"]) == "cat:hep-th"


def test_api_query_url_for_ids() -> None:
    url = arxiv.api_query_url(
        arxiv.DEFAULT_API_ENDPOINT, id_list=["arXiv:2401.01055v2", "hep-th/9901001",
                                             "https://arxiv.org/abs/cs/0112017v1"],
        sort_by=None, max_results=3,
    )
    assert _query(url) == {"id_list": "2401.01055v2,hep-th/9901001,cs/0112017v1",
                           "start": "0", "max_results": "3"}


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"id_list": ["nope"]}, {"categories": ["cs.XX"]}, {"categories": ["cs.CL"], "start": -1},
     {"categories": ["cs.CL"], "max_results": 0}, {"categories": ["cs.CL"], "max_results": 2001},
     {"categories": ["cs.CL"], "sort_by": "stars"},
     {"categories": ["cs.CL"], "submitted": (date(2024, 2, 1), date(2024, 1, 1))}],
)
def test_api_query_url_refuses(kwargs: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        arxiv.api_query_url(arxiv.DEFAULT_API_ENDPOINT, **kwargs)  # type: ignore[arg-type]


def test_rss_url() -> None:
    assert arxiv.rss_url("https://rss.arxiv.org/rss", ["cs.cl", "cs.CV", "cs.CL"]) == (
        "https://rss.arxiv.org/rss/cs.CL+cs.CV"
    )
    assert arxiv.rss_url("http://127.0.0.1:8/rss/", ["hep-th", "math"]) == (
        "http://127.0.0.1:8/rss/hep-th+math"
    )
    with pytest.raises(UsageError):
        arxiv.rss_url("https://rss.arxiv.org/rss", [])
    with pytest.raises(taxonomy.UnknownCategory):
        arxiv.rss_url("https://rss.arxiv.org/rss", ["cs.CL", "cs.ZZ"])


def test_endpoints_from_the_environment() -> None:
    assert arxiv.api_endpoint({}) == "https://export.arxiv.org/api/query"
    assert arxiv.rss_endpoint({}) == "https://rss.arxiv.org/rss"
    env = {"ARXIV_API_ENDPOINT": " http://127.0.0.1:5/api/query/ ",
           "ARXIV_RSS_ENDPOINT": "http://127.0.0.1:5/rss"}
    assert arxiv.api_endpoint(env) == "http://127.0.0.1:5/api/query"
    assert arxiv.rss_endpoint(env) == "http://127.0.0.1:5/rss"
    assert arxiv.api_endpoint({"ARXIV_API_ENDPOINT": ""}) == arxiv.DEFAULT_API_ENDPOINT
    with pytest.raises(ConfigError, match="ARXIV_RSS_ENDPOINT"):  # (exit 1, as HF_ENDPOINT)
        arxiv.rss_endpoint({"ARXIV_RSS_ENDPOINT": "file:///etc/passwd"})


def test_endpoints_read_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARXIV_API_ENDPOINT", "http://127.0.0.1:7/q")
    monkeypatch.delenv("ARXIV_RSS_ENDPOINT", raising=False)
    assert arxiv.api_endpoint() == "http://127.0.0.1:7/q"
    assert arxiv.rss_endpoint() == arxiv.DEFAULT_RSS_ENDPOINT
