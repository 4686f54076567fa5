"""`papers arxiv`, followed categories, `--source`/`--category`, and one record for a paper
both sources have seen: through `main()`, against the loopback arXiv (and Hub)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest

from arxivserver import ArxivServer, Paper
from conftest import TODAY, Home, Papers, one_line, write_config
from hubserver import HubServer, seed_items
from papercli import arxiv_listing
from papercli.sources.pacing import ARXIV_INTERVAL

DAY = datetime(2024, 1, 15, 12, tzinfo=UTC)


def announce(server: ArxivServer) -> None:
    server.announce(
        Paper("2401.09001", "A new cs.CL paper", ["cs.CL", "cs.AI"], DAY,
              abstract="Line one\nof a wrapped   abstract."),
        Paper("2401.09002", "A new cs.CV paper", ["cs.CV"], DAY),
        Paper("2401.09003", "Robotics, cross-listed to cs.CV", ["cs.RO", "cs.CV"], DAY),
        Paper("2312.09004", "A cs.CL replacement", ["cs.CL"], DAY, version=3,
              doi="10.5555/x.1", journal_ref="Invented J. 1 (2024)"),
        Paper("2401.09007", "Not in these categories", ["math.AG"], DAY),
        Paper("hep-th/9901001", "An old-style id", ["hep-th"], DAY),
    )


def rss_requests(server: ArxivServer) -> int:
    return server.count("/rss")


def library_rows(home: Home) -> list[tuple[object, ...]]:
    if not home.library.exists():
        return []
    with sqlite3.connect(home.library) as conn:
        papers = conn.execute("SELECT * FROM papers ORDER BY id").fetchall()
        listings = conn.execute("SELECT * FROM listings ORDER BY key").fetchall()
    return papers + listings


# -- following categories ------------------------------------------------------------------


def test_following_categories_by_config_set_and_by_hand(papers: Papers, home: Home,
                                                        arx: ArxivServer) -> None:
    result = papers("config", "set", "sources.arxiv", "cs.cl, CS.CV")
    assert result.exit_code == 0, result.stderr
    assert papers("config", "get", "sources.arxiv").stdout == "cs.CL,cs.CV\n"
    assert 'arxiv = [' in home.config_file.read_text(encoding="utf-8")
    write_config(home, '[sources]\narxiv = ["hep-th", "math"]\n')
    assert papers("config", "get", "sources.arxiv").stdout == "hep-th,math\n"


def test_an_unknown_category_names_the_close_ones_and_changes_nothing(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    write_config(home, '[sources]\narxiv = ["cs.CL"]\n')
    before = home.config_file.read_text(encoding="utf-8")
    result = papers("config", "set", "sources.arxiv", "cs.CL,cs.LGG")
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert "cs.LGG" in line and "cs.LG" in line.split("cs.LGG", 1)[1]
    assert home.config_file.read_text(encoding="utf-8") == before
    listed = papers("arxiv", "cs.CVV")
    assert listed.exit_code == 2 and "cs.CV" in one_line(listed.stderr)
    assert rss_requests(arx) == 0 and not home.library.exists()


def test_a_feeds_list_and_an_archives_wildcard_are_categories(papers: Papers, home: Home,
                                                               arx: ArxivServer) -> None:
    """`cs.CL+cs.CV` (the feed's own spelling) is two categories, and `cs.*` (what
    `--category` takes) is the archive, where both were unknown categories."""
    announce(arx)
    result = papers("config", "set", "sources.arxiv", "cs.CL+CS.cv")
    assert result.exit_code == 0, result.stderr
    assert papers("config", "get", "sources.arxiv").stdout == "cs.CL,cs.CV\n"
    listed = papers("arxiv", "cs.*", "-q")
    assert listed.exit_code == 0, listed.stderr
    assert [r.path for r in arx.requests if r.path.startswith("/rss")] == ["/rss/cs"]
    assert sorted(listed.stdout.split()) == ["2312.09004", "2401.09001", "2401.09002",
                                             "2401.09003"]
    assert papers("arxiv", "cs.C*").exit_code == 2  # a narrower pattern is not a category


def test_nothing_followed_and_nothing_given_says_how_to_follow(papers: Papers, home: Home,
                                                               arx: ArxivServer) -> None:
    result = papers("arxiv")
    assert result.exit_code == 2
    assert "papers config set sources.arxiv" in one_line(result.stderr)
    assert rss_requests(arx) == 0


# -- the announcement ---------------------------------------------------------------------


def test_the_followed_categories_in_one_request_as_a_table_and_json(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    announce(arx)
    assert papers("config", "set", "sources.arxiv", "cs.CV,cs.CL").exit_code == 0
    table = papers("arxiv")
    assert table.exit_code == 0, table.stderr
    assert "arXiv · cs.CV, cs.CL" in table.stdout and "A new cs.CV paper" in table.stdout
    assert [r.path for r in arx.requests if r.path.startswith("/rss")] == ["/rss/cs.CL+cs.CV"]
    listed = papers("arxiv", "--json", "--sort", "new")
    assert listed.exit_code == 0, listed.stderr
    assert rss_requests(arx) == 1  # fresh: from the library
    by_id = {p["id"]: p for p in listed.json}
    assert sorted(by_id) == ["2312.09004", "2401.09001", "2401.09002", "2401.09003"]
    first = by_id["2401.09001"]
    assert first["categories"] == ["cs.CL", "cs.AI"] and first["primary_category"] == "cs.CL"
    assert first["sources"] == ["arxiv"] and first["version"] == 1
    assert first["summary"] == "Line one of a wrapped abstract."
    replaced = by_id["2312.09004"]
    assert (replaced["version"], replaced["doi"], replaced["journal_ref"]) == (
        3, "10.5555/x.1", "Invented J. 1 (2024)")
    for key in ("updated_at", "comment"):
        assert key in replaced
    new = papers("arxiv", "--new-only", "--json")
    assert sorted(new.ids) == ["2401.09001", "2401.09002"]
    offline = papers("arxiv", "--new-only", "--offline", "-q")
    assert sorted(offline.stdout.split()) == ["2401.09001", "2401.09002"]
    assert papers("arxiv", "-n", "1", "-q").stdout.count("\n") == 1
    assert rss_requests(arx) == 1


def test_listing_options_and_offline_reading_of_the_cached_announcement(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    announce(arx)
    assert papers("arxiv", "cs.CL", "hep-th", "-q").exit_code == 0
    arx.stop()  # nothing more may reach it
    kw = papers("arxiv", "cs.CL", "hep-th", "--offline", "-k", "replacement", "--json")
    assert kw.exit_code == 0, kw.stderr
    assert kw.ids == ["2312.09004"]
    md = papers("arxiv", "cs.CL", "hep-th", "--offline", "--format", "md", "-o", "a.md")
    assert md.exit_code == 0, md.stderr
    written = (home.root / "cwd" / "a.md").read_text(encoding="utf-8")
    assert "hep-th/9901001" in written and "A cs.CL replacement" in written
    cols = papers("arxiv", "cs.CL", "hep-th", "--offline", "--columns", "id,title")
    assert "hep-th/9901001" in cols.stdout and "An old-style id" in cols.stdout
    missing = papers("arxiv", "cs.CV", "--offline")
    assert missing.exit_code == 1 and "without --offline" in one_line(missing.stderr)


def test_an_announcement_cut_by_display_limit_says_how_to_see_all(
        papers: Papers, home: Home, arx: ArxivServer) -> None:
    """With display.limit = 1, `papers arxiv` said "1 of 3 papers" and `-f json` held one
    paper without a word, where `today` says "(-n 0: all)": it says so as every listing.
    JSON is no table: display.limit does not cut it (a setting for tables)."""
    announce(arx)
    assert papers("arxiv", "cs.CL", "hep-th", "-q").exit_code == 0
    write_config(home, "[display]\nlimit = 1\n")
    table = papers("arxiv", "cs.CL", "hep-th", "--offline")
    assert table.exit_code == 0, table.stderr
    assert "1 of 3 papers (-n 0: all)" in table.stdout, table.stdout
    listed = papers("arxiv", "cs.CL", "hep-th", "--offline", "--json")
    assert len(listed.ids) == 3 and "default limit" not in listed.stderr, listed.stderr
    assert len(papers("arxiv", "cs.CL", "hep-th", "--offline", "--json", "-n", "1").ids) == 1
    assert "-n 0" not in papers("arxiv", "cs.CL", "hep-th", "--offline", "-n", "1").stdout


def test_the_weekend_feed_is_an_empty_listing_that_says_so(papers: Papers,
                                                           arx: ArxivServer) -> None:
    arx.state.weekend = True
    announce(arx)
    table = papers("arxiv", "cs.CL")
    assert table.exit_code == 0, table.stderr
    assert table.stdout == ""  # an empty listing: said on stderr, as it is
    title = one_line(table.stderr)
    assert title.startswith("papers: arXiv") and title.endswith("(weekend or holiday)")
    assert "announced" not in title.split("no announcement")[0], title  # nothing was
    assert papers("arxiv", "cs.CL", "--json").json == []


def test_the_weekend_line_fits_80_columns_however_many_categories(
        papers: Papers, arx: ArxivServer) -> None:
    """"papers: arXiv · cs.CL, cs.LG · 2024-01-16 · no announcement: arXiv announces
    nothing on weekends and holidays" made 107 columns piped, more with each category."""
    arx.state.weekend = True
    announce(arx)
    two = papers("arxiv", "cs.CL", "cs.LG")
    assert (two.exit_code, two.stdout) == (0, "")
    assert one_line(two.stderr) == (
        "papers: arXiv · cs.CL, cs.LG · 2024-01-16 · no announcement (weekend or holiday)")
    many = papers("arxiv", "cs.CL", "cs.LG", "cs.CV", "cs.AI", "stat.ML", "--refresh")
    assert one_line(many.stderr) == (
        "papers: arXiv · 5 categories · 2024-01-16 · no announcement (weekend or holiday)")
    one = papers("arxiv", "cs.CL", "-f", "md")  # (the document's title says it whole)
    assert one_line(one.stderr) == (
        "papers: arXiv · cs.CL · 2024-01-16 · no announcement (weekend or holiday)")
    assert one.stdout.startswith("# arXiv · cs.CL · 2024-01-16 · no announcement: arXiv "
                                 "announces nothing on weekends and holidays\n")


def test_an_error_feed_is_one_line_and_stores_nothing(papers: Papers, home: Home,
                                                      arx: ArxivServer) -> None:
    announce(arx)
    arx.fail("error_feed", message="incorrect category given")
    result = papers("arxiv", "cs.CL")
    assert result.exit_code == 1
    # (of the announcements, no ids or dates were given: "check the ids, categories and
    # dates given" made 107 columns)
    assert one_line(result.stderr) == ("papers: error: arXiv refused: incorrect category "
                                       "given — check the categories")
    assert library_rows(home) == []


@pytest.mark.parametrize("status", [400, 422])
@pytest.mark.parametrize("args", [("cs.CL",), ("cs.CL", "--date", "2024-01-15")])
def test_a_refusal_that_is_not_an_error_feed_says_the_status(papers: Papers, home: Home,
                                                            arx: ArxivServer,
                                                            args: tuple[str, ...],
                                                            status: int) -> None:
    """A 400 from a proxy or a changed endpoint (an HTML page) is that status, not a
    feed that failed to parse, and not "the API" when the RSS was asked. It was said
    as "arXiv may be down; try again later": a rerun is refused again."""
    announce(arx)
    arx.fail("status", status=status, body=b"<html><body>Bad Request</body></html>")
    result = papers("arxiv", *args)
    assert result.exit_code == 1
    assert one_line(result.stderr) == (f"papers: error: arXiv refused the request (HTTP "
                                       f"{status}) — check the query")
    assert len(arx.requests) == 1  # (not retried)
    assert library_rows(home) == []


def test_a_request_timeout_status_is_no_refusal(papers: Papers, home: Home,
                                                arx: ArxivServer) -> None:
    """A 408 is the server's timeout, not the query refused: asking later may work."""
    announce(arx)
    arx.fail("status", status=408)
    result = papers("arxiv", "cs.CL")
    assert result.exit_code == 1
    assert one_line(result.stderr) == ("papers: error: arXiv answered HTTP 408 — arXiv "
                                       "may be down; try again later")


@pytest.mark.parametrize("args", [("cs.CL",), ("cs.CL", "--date", "2024-01-15")])
def test_a_retry_after_beyond_the_budget_says_when_to_try_again(papers: Papers, home: Home,
                                                               arx: ArxivServer,
                                                               args: tuple[str, ...]) -> None:
    """arXiv's 503 asking for 2 minutes, more than the command may wait, was said as
    "arXiv answered HTTP 503 — arXiv may be down; try again later": the 80-column line
    dropped the one thing arXiv told, when to come back."""
    announce(arx)
    arx.fail("status", status=503, retry_after="120", times=4)
    result = papers("arxiv", *args)
    assert result.exit_code == 1
    assert one_line(result.stderr) == ("papers: error: arXiv answered HTTP 503 — try again "
                                       "in 2 min")
    assert len(arx.requests) == 1  # (no waiting, no second try)
    assert library_rows(home) == []


MAINTENANCE = (b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
               b"<title>arXiv &amp; API | down for maintenance</title></head>"
               b"<body><p>Back soon<br></p></body></html>\n")


@pytest.mark.parametrize("args", [("arxiv", "cs.CL", "--refresh"),
                                  ("arxiv", "cs.CL", "--date", "2024-01-15"),
                                  ("sync", "--arxiv", "cs.CL", "--since", "2024-01-15")])
def test_a_web_page_sent_with_200_is_said_to_be_one(papers: Papers, home: Home,
                                                     arx: ArxivServer,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     args: tuple[str, ...]) -> None:
    """A maintenance or proxy page sent as a success is named a web page, with its title:
    its `<!DOCTYPE html>` read as a feed "declaring a DTD", HTML that is not XML as one "cut
    off". In 80 columns (it made 214 to 225); PAPERS_DEBUG says the page's title."""
    announce(arx)
    # (cs.CV's announcement, not cs.CL's: a cached copy of the one asked is shown instead)
    assert papers("arxiv", "cs.CV").exit_code == 0
    before = library_rows(home)
    arx.fail("raw", body=MAINTENANCE)
    result = papers(*args)
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    assert "Traceback" not in result.stderr
    assert "is a web page, not a feed — " in line and len(line) <= 80, line
    assert "DTD" not in line and "cut off" not in line
    assert library_rows(home) == before
    monkeypatch.setenv("PAPERS_DEBUG", "1")
    arx.fail("raw", body=MAINTENANCE)
    line = papers(*args).stderr.strip().splitlines()[-1]
    assert "is a web page ('arXiv & API | down for maintenance'), not a feed" in line, line


UNDATED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
           b"</channel></rss>")


@pytest.mark.parametrize(("fault", "body", "gist"), [
    ("malformed", b"", "arXiv's RSS feed is malformed"),
    ("truncated", b"", "arXiv's RSS feed was cut off"),
    ("laughs", b"", "arXiv's feed declared a DTD"),
    ("raw", MAINTENANCE, "arXiv sent a web page"),
    ("raw", UNDATED, "arXiv's feed had no date"),
])
def test_a_broken_feed_changes_nothing_and_the_cached_copy_is_shown(
        papers: Papers, home: Home, arx: ArxivServer, fault: str, body: bytes,
        gist: str) -> None:
    """A feed cut off, malformed, declaring a DTD or a web page is arXiv failing, as a 503
    is: the cached copy is shown with a warning, where it was an error (exit 1, no
    listing). A feed that is wrong where it stands (a mismatched tag) is not said to be
    cut off, nor one that stops part-way malformed. An empty channel saying no day (no
    pubDate, no skipDays) is not the weekend's feed: it replaced the cached announcement
    with an empty one."""
    announce(arx)
    listed = papers("arxiv", "cs.CL", "-q")
    assert listed.exit_code == 0 and listed.stdout, listed.stderr
    before = library_rows(home)
    arx.fail(fault, body=body)
    result = papers("arxiv", "cs.CL", "--refresh", "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == listed.stdout
    line = one_line(result.stderr)
    assert line == f"papers: warning: {gist}; showing the copy cached just now"
    assert len(line) <= 80
    assert library_rows(home) == before
    assert papers("arxiv", "cs.CL", "--offline", "-q").stdout == listed.stdout


@pytest.mark.parametrize(("fault", "body", "said"), [
    ("malformed", b"", "arXiv's RSS feed is malformed"),
    ("truncated", b"", "arXiv's RSS feed was cut off"),
    ("raw", UNDATED, "arXiv's RSS feed is empty and undated"),
])
def test_a_broken_feed_with_nothing_cached_is_an_error(
        papers: Papers, home: Home, arx: ArxivServer, fault: str, body: bytes,
        said: str) -> None:
    announce(arx)
    arx.fail(fault, body=body)
    result = papers("arxiv", "cs.CL", "--refresh")
    assert result.exit_code == 1 and result.stdout == ""
    assert one_line(result.stderr) == f"papers: error: {said} — try again later"
    assert library_rows(home) == []


@pytest.mark.parametrize("args", [("arxiv", "cs.CL", "--refresh"),
                                  ("arxiv", "cs.CL", "--date", "2024-01-15"),
                                  ("sync", "--arxiv", "cs.CL", "--since", "2024-01-15")])
def test_an_answer_declaring_a_dtd_is_refused_in_one_line(papers: Papers, home: Home,
                                                          arx: ArxivServer,
                                                          args: tuple[str, ...]) -> None:
    """A billion-laughs answer is refused before it is read, said in 80 columns: it made
    152 to 163, the parser's name for the refusal ("(DTDForbidden)") in them."""
    announce(arx)
    arx.fail("laughs", path="/")
    result = papers(*args)
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    assert "declares a DTD: refused — " in line and len(line) <= 80, line
    assert "Forbidden" not in line and "Traceback" not in result.stderr


def test_a_feed_as_full_as_arxiv_sends_them_warns_that_it_was_cut(
        papers: Papers, home: Home, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """arXiv's RSS holds at most 2,000 items; a busy archive fills it, and the papers past
    it are nowhere in the listing: said in one warning, the listing shown. It ran to
    three lines, then one of 120 columns, and said to ask for fewer categories when one
    was asked."""
    monkeypatch.setattr(arxiv_listing, "RSS_LIMIT", 30)
    arx.announce(*(Paper(f"2401.{n:05d}", f"Busy day paper {n}", ["cs.LG"], DAY)
                   for n in range(10001, 10031)))
    result = papers("arxiv", "cs", "-q")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.split()) == 30
    warning = "papers: warning: arXiv's cs feed was full: some papers left out; use --since"
    assert one_line(result.stderr) == warning
    assert len(warning) <= 80
    arx.next_announcement(DAY, *(Paper(f"2401.{n:05d}", f"Quiet day paper {n}", ["cs.LG"], DAY)
                                 for n in range(20001, 20030)))
    quiet = papers("arxiv", "cs", "-q", "--refresh")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert len(quiet.stdout.split()) == 29
    assert papers("arxiv", "cs", "-q", "--offline").stderr == ""


def test_a_full_feed_is_said_each_time_its_cached_copy_is_shown(
        papers: Papers, home: Home, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--offline` showed the incomplete copy of a full feed ("30 of 30 papers · cached
    just now") with no warning: the cache keeps that the feed was full. Of several
    categories, asking for fewer helps too. A copy cached before that was kept, or
    keeping something else, is not taken for full."""
    monkeypatch.setattr(arxiv_listing, "RSS_LIMIT", 30)
    arx.announce(*(Paper(f"2401.{n:05d}", f"Busy day paper {n}", [("cs.LG", "cs.CV")[n % 2]],
                         DAY) for n in range(10001, 10031)))
    warning = "papers: warning: arXiv's feed was full: some left out; ask for fewer, or --since"
    assert len(warning) <= 80
    fetched = papers("arxiv", "cs.LG", "cs.CV", "-q")
    assert fetched.exit_code == 0 and one_line(fetched.stderr) == warning
    requests = rss_requests(arx)
    for argv in (("--offline",), ()):  # (the fresh copy, from the library)
        cached = papers("arxiv", "cs.LG", "cs.CV", "-q", *argv)
        assert cached.exit_code == 0 and cached.stdout == fetched.stdout
        assert one_line(cached.stderr) == warning
    assert rss_requests(arx) == requests
    key = "announce-full:arxiv:cs.CV+cs.LG"
    for value in ("1", "True", '"true"', None):
        with sqlite3.connect(home.library) as conn:
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                assert conn.execute("UPDATE meta SET value = ? WHERE key = ?",
                                    (value, key)).rowcount == 1
        conn.close()
        cached = papers("arxiv", "cs.LG", "cs.CV", "-q", "--offline")
        assert cached.exit_code == 0 and cached.stdout == fetched.stdout
        assert cached.stderr == "", value


def test_the_help_says_refresh_fetches_from_arxiv_too(papers: Papers) -> None:
    shown = papers("arxiv", "--help")
    assert shown.exit_code == 0
    assert "--refresh" in shown.stdout
    assert "fetch from the Hub (or arXiv) now" in " ".join(shown.stdout.split())


def test_the_help_says_since_and_until_choose_the_days_asked_for(papers: Papers) -> None:
    """--since/--until read "Only papers whose arXiv date is DATE or later" here too, but
    in `papers arxiv` they choose the days arXiv's API is asked for."""
    shown = " ".join(papers("arxiv", "--help").stdout.split())
    assert "Ask arXiv's API for the papers submitted from DATE on" in shown
    assert "With --since: the last day arXiv's API is asked for" in shown
    assert "whose arXiv date is DATE" not in shown
    listing = " ".join(papers("search", "--help").stdout.split())
    assert "Only papers whose arXiv date is DATE or later" in listing
    assert "arXiv's API" not in listing


def test_a_bad_entry_is_skipped_and_counted(papers: Papers, arx: ArxivServer) -> None:
    good = Paper("2401.09001", "Good", ["cs.CL"], DAY)
    feed = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<rss xmlns:arxiv="http://arxiv.org/schemas/atom" version="2.0"><channel>'
        "<title>cs.CL updates on arXiv.org</title>"
        "<pubDate>Tue, 16 Jan 2024 00:00:00 -0500</pubDate>"
        "<item><title>No id at all</title><description>nothing</description></item>"
        "<item><title>Good</title><link>https://arxiv.org/abs/2401.09001</link>"
        "<description>arXiv:2401.09001v1 Announce Type: new \nAbstract: Fine.</description>"
        "<category>cs.CL</category><arxiv:announce_type>new</arxiv:announce_type></item>"
        "</channel></rss>")
    arx.fail("raw", body=feed.encode())
    result = papers("arxiv", "cs.CL", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.ids == [good.id]
    assert "skipped 1 malformed entry" in result.stderr


def test_pacing_can_be_shortened_only_away_from_arxiv() -> None:
    env = {arxiv_listing.INTERVAL_ENV: "0.01"}
    assert arxiv_listing.interval_for(["http://127.0.0.1:8000/rss"], env) == 0.01
    assert arxiv_listing.interval_for(["https://rss.arxiv.org/rss"], env) == ARXIV_INTERVAL
    assert arxiv_listing.interval_for(["https://export.arxiv.org/api/query",
                                       "http://127.0.0.1:1"], env) == ARXIV_INTERVAL
    assert arxiv_listing.interval_for(["http://127.0.0.1:1"],
                                      {arxiv_listing.INTERVAL_ENV: "60"}) == ARXIV_INTERVAL
    assert arxiv_listing.interval_for(["http://127.0.0.1:1"], {}) == ARXIV_INTERVAL


# -- one record for both sources ----------------------------------------------------------


def _hub_item(paper_id: str) -> dict[str, object]:
    item = json.loads(json.dumps(seed_items()[0]))
    item["paper"].update(id=paper_id, upvotes=42, githubRepo="https://github.com/acme/x",
                         ai_summary="An AI summary.")
    item["organization"] = {"name": "acme", "fullname": "Acme"}
    return item


def test_hub_then_arxiv_keeps_the_hub_fields_and_adds_arxiv_ones(
        papers: Papers, hub: HubServer, arx: ArxivServer) -> None:
    hub.set_day(TODAY, [_hub_item("2312.09004")])
    assert papers("today", "-q").exit_code == 0
    announce(arx)
    assert papers("arxiv", "cs.CL", "-q").exit_code == 0
    [merged] = papers("search", "--offline", "--json", "--category", "cs.CL",
                      "--source", "hf").json
    assert merged["id"] == "2312.09004" and merged["upvotes"] == 42
    assert merged["ai_summary"] == "An AI summary."
    assert merged["github_repo"] == "https://github.com/acme/x"
    assert merged["organization"] == {"name": "acme", "fullname": "Acme"}
    assert merged["categories"] == ["cs.CL"] and merged["doi"] == "10.5555/x.1"
    assert merged["sources"] == ["arxiv", "hf"]


def test_arxiv_then_hub_keeps_the_arxiv_fields_and_adds_hub_ones(
        papers: Papers, hub: HubServer, arx: ArxivServer) -> None:
    announce(arx)
    assert papers("arxiv", "cs.CL", "hep-th", "-q").exit_code == 0
    hub.set_day(TODAY, [_hub_item("2312.09004")])
    assert papers("today", "-q").exit_code == 0
    by_id = {p["id"]: p for p in papers("search", "--offline", "--json", "-n", "0").json}
    merged = by_id["2312.09004"]
    assert merged["upvotes"] == 42 and merged["ai_summary"] == "An AI summary."
    assert (merged["version"], merged["doi"], merged["journal_ref"]) == (
        3, "10.5555/x.1", "Invented J. 1 (2024)")
    assert merged["categories"] == ["cs.CL"] and merged["sources"] == ["arxiv", "hf"]
    only_arxiv = papers("search", "--offline", "-q", "--source", "arxiv", "--source", "hf",
                        "--category", "hep-th")
    assert only_arxiv.stdout.split() == ["hep-th/9901001"]
    hub_only = papers("search", "--offline", "-q", "-n", "0", "--source", "hf")
    assert hub_only.stdout.split() == ["2312.09004"]
    prefix = papers("search", "--offline", "-q", "-n", "0", "--category", "cs.*")
    assert sorted(prefix.stdout.split()) == ["2312.09004", "2401.09001"]
    bad = papers("search", "--offline", "--source", "scholar")
    assert bad.exit_code == 2 and "hf" in one_line(bad.stderr)


def test_upvotes_are_the_hubs_and_not_a_zero_for_a_paper_it_never_listed(
        papers: Papers, hub: HubServer, arx: ArxivServer) -> None:
    """arXiv's announcement has no upvotes: its table has no ▲ column (every cell would
    be 0, read as "nobody liked it"), a mixed table says "—" for the arXiv-only papers,
    and `show` leaves upvotes and comments out for them; JSON says null (not known)."""
    announce(arx)
    listing = papers("arxiv", "cs.CL")
    assert listing.exit_code == 0, listing.stderr
    header = listing.stdout.splitlines()[1].split()
    assert "▲" not in header and header[:3] == ["#", "arXiv", "ID"], header
    listed = _hub_item("2312.09004")
    listed["numComments"] = 3
    hub.set_day(TODAY, [listed])
    assert papers("today", "-q").exit_code == 0
    mixed = papers("search", "--offline", "--category", "cs.CL", "--sort", "upvotes")
    rows = {cells[3]: cells[1] for line in mixed.stdout.splitlines()[2:]  # (not the
            if len(cells := line.split()) > 3 and cells[1] != "papers"  # count, nor the
            and not line.startswith("* ")}  # legend of the announcement day's mark)
    assert rows == {"2312.09004": "42", "2401.09001": "—"}, mixed.stdout
    counts = {p["id"]: (p["upvotes"], p["comments"])
              for p in papers("search", "--offline", "--json", "--category", "cs.CL").json}
    assert counts == {"2312.09004": (42, 3), "2401.09001": (None, None)}, counts
    alone = papers("show", "2401.09001", "--offline")
    assert alone.exit_code == 0 and "▲" not in alone.stdout and "comments" not in alone.stdout
    both = papers("show", "2312.09004", "--offline")
    assert "▲ 42" in both.stdout and "comments 3" in both.stdout
    # Documents too: Markdown's meta line and the HTML digest's byline.
    for fmt in ("md", "html"):
        doc = papers("search", "--offline", "--category", "cs.CL", "--sort", "upvotes",
                     "--format", fmt).stdout
        assert doc.count("▲") == 1 and "▲ 42" in doc and "▲ 0" not in doc, fmt


# -- the migration ------------------------------------------------------------------------

NEW_COLUMNS = ("categories", "primary_category", "version", "updated_at", "comment",
               "journal_ref", "doi", "sources")


def test_a_library_of_the_previous_schema_is_migrated(library: Papers, home: Home) -> None:
    with sqlite3.connect(home.library) as conn:  # back to schema 5, as main's code left it
        conn.execute("DROP INDEX papers_arxiv_published")  # from schema 13, on `sources`
        for name in NEW_COLUMNS:
            conn.execute(f"ALTER TABLE papers DROP COLUMN {name}")
        conn.execute("PRAGMA user_version = 5")
    result = library("search", "--offline", "--json", "-n", "0", "--source", "hf")
    assert result.exit_code == 0, result.stderr
    assert len(result.json) == len(seed_items())
    assert all(p["sources"] == ["hf"] and p["categories"] == [] for p in result.json)
    with sqlite3.connect(home.library) as conn:
        from papercli.db import schema

        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.migrations.latest
    assert library("search", "--offline", "-q", "--source", "arxiv").stdout == ""


def test_damaged_arxiv_fields_are_dropped_and_counted(papers: Papers, home: Home,
                                                      arx: ArxivServer) -> None:
    announce(arx)
    assert papers("arxiv", "cs.CL", "-q").exit_code == 0
    with sqlite3.connect(home.library) as conn:
        conn.execute("UPDATE papers SET categories = 'cs.CL <b>', version = 'x', "
                     "sources = 7, doi = char(27) || '[31m' WHERE id = '2312.09004'")
    result = papers("search", "--offline", "--json", "-n", "0")
    assert result.exit_code == 0, result.stderr
    damaged = {p["id"]: p for p in result.json}["2312.09004"]
    assert damaged["categories"] == ["cs.CL"] and damaged["version"] is None
    assert damaged["sources"] == [] and damaged["doi"] is None
    assert "damaged" in result.stderr and "\x1b" not in result.stdout + result.stderr


def test_the_next_days_announcement_is_titled_with_its_own_date(
        papers: Papers, home: Home, arx: ArxivServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cached announcement is replaced by the next one, its date too: the title (and
    the JSON's listing) says the day of the announcement shown, not of the first ever."""
    arx.next_announcement(datetime(2024, 1, 15, 5, tzinfo=UTC),
                          Paper("2401.09001", "Monday's paper", ["cs.CL"], DAY))
    monkeypatch.setenv("PAPERS_NOW", "2024-01-15T12:00:00Z")
    first = papers("arxiv", "cs.CL", "--format", "md")
    assert first.exit_code == 0, first.stderr
    assert "announced 2024-01-15" in first.stdout
    arx.next_announcement(datetime(2024, 1, 16, 5, tzinfo=UTC),
                          Paper("2401.09002", "Tuesday's paper", ["cs.CL"], DAY))
    monkeypatch.setenv("PAPERS_NOW", "2024-01-16T12:00:00Z")
    for args in ((), ("--offline",)):
        second = papers("arxiv", "cs.CL", "--format", "md", *args)
        assert second.exit_code == 0, second.stderr
        assert "Tuesday's paper" in second.stdout and "Monday's paper" not in second.stdout
        assert "announced 2024-01-16" in second.stdout, args


@pytest.mark.parametrize(("typed", "paper"), [
    ("2401.00001", "2401.00001"),
    ("hep-th/9901001", "hep-th/9901001"),
    ("https://arxiv.org/abs/2401.00001v2", "2401.00001"),
    ("arXiv:2401.00001", "2401.00001"),
])
def test_a_paper_id_given_as_a_category_says_how_to_show_it(
        papers: Papers, home: Home, arx: ArxivServer, typed: str, paper: str) -> None:
    """A paper's id where a category goes was "no arXiv category '2401.00001'", or for an
    old-style id "did you mean hep-th?", which lists the whole archive."""
    result = papers("arxiv", "cs.CL", typed)
    assert result.exit_code == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert line in (f"papers: error: {paper} is a paper id, not a category — papers show "
                    f"{paper}", f"papers: error: {paper} is a paper id — papers show {paper}")
    assert len(line) <= 80, line
    assert rss_requests(arx) == 0 and not home.library.exists()


@pytest.mark.parametrize("hub_first", [True, False])
def test_one_authors_value_whichever_source_came_last(
        papers: Papers, hub: HubServer, arx: ArxivServer, hub_first: bool) -> None:
    """The Hub's authors are a paper's once the Hub has listed it, whichever source
    wrote last: an announcement after the Hub's listing put arXiv's byline in their
    place, so `today` and `show` said "Author 1 +4" before it and "Ada Example" after,
    and the Hub's account stood beside a name no longer in `authors`."""
    item = _hub_item("2312.09004")
    item["paper"]["authors"][0]["user"] = {"_id": "1", "user": "author1",  # type: ignore[index]
                                           "fullname": "Author One", "type": "user"}

    def from_hub() -> None:
        hub.set_day(TODAY, [item])
        assert papers("today", "-q").exit_code == 0

    def from_arxiv() -> None:
        announce(arx)
        assert papers("arxiv", "cs.CL", "-q").exit_code == 0

    for step in (from_hub, from_arxiv) if hub_first else (from_arxiv, from_hub):
        step()
    hub_names = [f"Author {i}" for i in range(1, 6)]
    for args in (("today",), ("arxiv", "cs.CL"), ("search", "--category", "cs.CL"),
                 ("show", "2312.09004")):
        got = papers(*args, "--offline", "--json").json
        [paper] = [p for p in ([got] if isinstance(got, dict) else got)
                   if p["id"] == "2312.09004"]
        assert paper["authors"] == hub_names, args
        assert paper["author_accounts"][0]["name"] == paper["authors"][0], args
        if args[0] != "show":
            [row] = [line for line in papers(*args, "--offline").stdout.splitlines()
                     if "2312.09004" in line]
            assert "Author 1 +4" in row and "Ada Example" not in row, args
    assert "Author 1 (@author1), Author 2" in papers("show", "2312.09004",
                                                      "--offline").stdout
    # a paper the Hub never listed keeps arXiv's byline
    assert papers("show", "2401.09001", "--offline", "--json").json["authors"] == [
        "Ada Example"]
