"""Atom and RSS feeds, read back by a real feed parser (feedparser), through the CLI too."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Home
from hubserver import HubServer
from papercli.exporters import render
from papercli.exporters.feed import xml_text
from papercli.models import Paper
from papercli.sanitize import clean_line
from test_exporters import ENDPOINT, HOSTILE_TITLES, SEED, hostile_papers, odd_papers

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def parse(text: str) -> Any:
    feed = feedparser.parse(text.encode("utf-8"))
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def atom(papers: list[Paper], **kw: Any) -> Any:
    return parse(render(papers, "atom", title=kw.pop("title", "Daily Papers"),
                        endpoint=ENDPOINT, generated_at=NOW, **kw))


def with_links(paper: Paper) -> Paper:
    return paper._replace(github_repo="https://github.com/x/y", project_page="https://x.y/p",
                          ai_summary="A short TL;DR.", families=("LLaMA", "GPT"),
                          submitted_at="2024-01-03T08:00:00Z")


def test_atom_entries_match_the_papers() -> None:
    papers = [with_links(SEED[0]), *SEED[1:]]
    feed = atom(papers, title="Daily Papers — 2026-11-25")
    assert feed.version == "atom10"
    assert feed.feed.title == "Daily Papers — 2026-11-25"
    assert feed.feed.updated_parsed[:6] == (2026, 11, 25, 12, 0, 0)
    assert feed.feed.id.startswith("urn:papercli:feed:")
    assert [e.id for e in feed.entries] == [p.hf_url(ENDPOINT) for p in papers]
    assert [e.title for e in feed.entries] == [p.title for p in papers]
    first = feed.entries[0]
    assert [a.name for a in first.authors] == list(papers[0].authors)
    assert [t.term for t in first.tags] == ["LLaMA", "GPT"]
    links = {link.get("title") or link.rel: link.href for link in first.links}
    assert links["alternate"] == papers[0].hf_url(ENDPOINT)
    assert links["arXiv"] == papers[0].arxiv_url and links["PDF"] == papers[0].pdf_url
    assert links["Code"] == "https://github.com/x/y"
    assert links["Project page"] == "https://x.y/p"
    assert first.updated_parsed[:3] == (2024, 1, 3)  # the Daily Papers day, not "now"
    assert first.published_parsed[:3] == (2024, 1, 2)
    content = first.content[0].value
    assert "A short TL;DR." in content and papers[0].summary[:200] in content
    assert first.summary == "A short TL;DR."
    for entry, paper in zip(feed.entries[1:], papers[1:], strict=True):
        assert [t.term for t in entry.get("tags", [])] == list(paper.families)


def test_rss_is_valid_with_permalink_guids() -> None:
    papers = [with_links(SEED[0]), *SEED[1:]]
    feed = parse(render(papers, "rss", title="Daily Papers", endpoint=ENDPOINT,
                        generated_at=NOW))
    assert feed.version == "rss20"
    assert feed.feed.title == "Daily Papers" and feed.feed.link == f"{ENDPOINT}/papers"
    assert [e.id for e in feed.entries] == [p.hf_url(ENDPOINT) for p in papers]
    assert [e.link for e in feed.entries] == [p.hf_url(ENDPOINT) for p in papers]
    assert [t.term for t in feed.entries[0].tags] == ["LLaMA", "GPT"]
    assert "A short TL;DR." in feed.entries[0].content[0].value


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_hostile_and_odd_papers_still_make_valid_feeds(fmt: str) -> None:
    extra = [SEED[0]._replace(id="2401.77777", title="CDATA ]]> end & <b>bold</b> \ufffe",
                              summary="]]> <![CDATA[ x ]]> $ unbalanced { brace",
                              ai_summary="<script>alert(1)</script>")]
    papers = hostile_papers() + odd_papers() + extra
    text = render(papers, fmt, title="Search: <x> & ]]> \x1b[31m", endpoint=ENDPOINT,
                  generated_at=NOW)
    feed = parse(text)
    assert len(feed.entries) == len(papers)
    if fmt == "atom":
        assert atom_violations(text.encode("utf-8")) == []
    assert feed.feed.title == "Search: <x> & ]]>"
    titles = [e.title for e in feed.entries]
    assert titles[: len(HOSTILE_TITLES)] == [xml_text(t, 1000) for t in HOSTILE_TITLES]
    assert titles[-1] == "CDATA ]]> end & <b>bold</b>"
    # The hostile HTML is text inside the content, never markup of ours.
    content = feed.entries[-1].content[0].value
    assert "&lt;script&gt;" in content and "<script>" not in content
    assert "\x1b" not in text and "\x07" not in text


def test_empty_feed_is_valid() -> None:
    for fmt in ("atom", "rss"):
        feed = parse(render([], fmt, title="Nothing", generated_at=NOW))
        assert feed.entries == [] and feed.feed.title == "Nothing"


def test_feed_url_is_the_id_and_self_link() -> None:
    feed = atom(SEED[:2], feed_url="https://example.org/papers.xml")
    assert feed.feed.id == "https://example.org/papers.xml"
    selfs = [link.href for link in feed.feed.links if link.rel == "self"]
    assert selfs == ["https://example.org/papers.xml"]


# -- through the command line --------------------------------------------------------------


def test_ids_and_times_are_stable_between_runs(library, home: Home, monkeypatch,
                                               tmp_path: Path) -> None:
    target = tmp_path / "papers.xml"
    first = library("export", "--format", "atom", "-o", str(target))
    assert first.exit_code == 0, first.stderr
    feed1 = parse(target.read_text(encoding="utf-8"))
    monkeypatch.setenv("PAPERS_NOW", "2026-11-26T07:00:00Z")
    again = library("export", "--format", "atom", "-o", str(target), "--force")
    assert again.exit_code == 0, again.stderr
    feed2 = parse(target.read_text(encoding="utf-8"))
    assert len(feed1.entries) == 19
    assert [e.id for e in feed1.entries] == [e.id for e in feed2.entries]
    assert [e.updated for e in feed1.entries] == [e.updated for e in feed2.entries]
    # The ids are the papers' own, whatever HF_ENDPOINT (here the loopback Hub) says; the
    # links go where the endpoint says.
    hub = os.environ["HF_ENDPOINT"].rstrip("/")
    for entry in feed1.entries:
        pid = entry.link.rsplit("/", 1)[-1]
        assert entry.id == f"https://huggingface.co/papers/{pid}"
        assert entry.link == f"{hub}/papers/{pid}"
    assert feed1.feed.id == feed2.feed.id
    assert feed2.feed.updated_parsed[:4] == (2026, 11, 26, 7)  # the feed itself did change
    # feedparser shortens file:/// URIs, so the file's own text says where it lives.
    uri = target.absolute().as_uri()
    text = target.read_text(encoding="utf-8")
    assert f"<id>{uri}</id>" in text and f'<link href="{uri}" rel="self"/>' in text


def test_today_and_search_take_atom_and_rss(papers, seeded_hub: HubServer) -> None:
    today = papers("today", "--format", "atom")
    assert today.exit_code == 0, today.stderr
    feed = parse(today.stdout)
    assert len(feed.entries) == 10 and feed.feed.title.startswith("Daily Papers")
    found = papers("search", "--offline", "--format", "rss", "--family", "LLaVA")
    assert found.exit_code == 0, found.stderr
    rss = parse(found.stdout)
    assert rss.entries and all("LLaVA" in [t.term for t in e.tags] for e in rss.entries)


def test_a_feed_to_stdout_keeps_its_id_on_a_day_with_no_listing(
        papers, seeded_hub: HubServer, monkeypatch) -> None:
    """`today -f atom > feed.xml` from cron: on a day the Hub has not listed yet (or a
    weekend) `today` shows the latest day, and its title says so; the feed's id is the
    same as on a listed day, or a reader would take it for a new feed twice a week."""
    listed = papers("today", "--format", "atom")
    assert listed.exit_code == 0, listed.stderr
    monkeypatch.setenv("PAPERS_NOW", "2026-11-26T12:00:00Z")  # nothing listed for it
    latest = papers("today", "--format", "atom")
    assert latest.exit_code == 0, latest.stderr
    before, after = parse(listed.stdout).feed, parse(latest.stdout).feed
    assert "(latest;" in after.title and "(latest;" not in before.title
    assert after.id == before.id == "urn:papercli:feed:daily-papers"


def test_new_peek_as_a_feed_for_cron(papers, hub: HubServer, home: Home, tmp_path: Path) -> None:
    from conftest import TODAY
    from hubserver import seed_items

    hub.set_day(TODAY, seed_items()[:10])
    assert papers("watch", "add", "llava", "--family", "LLaVA").exit_code == 0
    target = tmp_path / "public" / "papers.xml"
    target.parent.mkdir()
    args = ("new", "--peek", "--format", "atom", "-o", str(target), "--force")
    first = papers(*args)
    assert first.exit_code == 0, first.stderr
    feed = parse(target.read_text(encoding="utf-8"))
    listed = json.loads(papers("new", "--peek", "--json").stdout)
    assert [e.link for e in feed.entries] == [p["url"] for p in listed]
    assert feed.entries and all("LLaVA" in [t.term for t in e.tags] for e in feed.entries)
    again = papers(*args)  # --peek marks nothing, so the cron line gives the same feed
    assert again.exit_code == 0
    assert [e.id for e in parse(target.read_text(encoding="utf-8")).entries] == [
        e.id for e in feed.entries]


def test_bad_feed_url_is_a_usage_error(library) -> None:
    for bad in ("javascript:alert(1)", "ftp://x/y", "https://", "http://a b/"):
        result = library("export", "--format", "atom", "--feed-url", bad)
        assert result.exit_code == 2, (bad, result.stderr)
        assert "--feed-url" in result.stderr and "Traceback" not in result.stderr
    ok = library("export", "--format", "atom", "--feed-url", "https://me.example/p.xml")
    assert ok.exit_code == 0
    assert parse(ok.stdout).feed.id == "https://me.example/p.xml"
    assert clean_line("x") == "x"


def test_no_abstract_leaves_it_out_of_the_feed() -> None:
    plain = SEED[1]._replace(ai_summary=None)
    feed = parse(render([plain], "atom", title="t", abstract=False, generated_at=NOW))
    entry = feed.entries[0]
    assert plain.summary[:100] not in entry.content[0].value
    assert "summary" not in entry or plain.summary[:100] not in entry.summary
    full = parse(render([plain], "atom", title="t", generated_at=NOW)).entries[0]
    assert plain.summary[:100] in full.content[0].value


# -- any text at all ---------------------------------------------------------------------------


ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=200) | st.sampled_from(
    ["]]>", "<![CDATA[", "$", "$$", "\\(", "{", "}", "<script>", "&amp;", "\x00", "\ufffe"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ANY_TEXT, summary=ANY_TEXT, author=ANY_TEXT, family=ANY_TEXT)
def test_any_text_makes_a_valid_feed(title: str, summary: str, author: str,
                                            family: str) -> None:
    paper = SEED[0]._replace(title=title or "x", summary=summary, authors=(author,),
                             families=(family,), ai_summary=summary or None)
    for fmt in ("atom", "rss"):
        feed = parse(render([paper, SEED[1]], fmt, title=title, endpoint=ENDPOINT,
                            generated_at=NOW))
        assert len(feed.entries) == 2


@pytest.mark.parametrize("extra", [[], ["--feed-url", "https://me.example/papers.rss"]])
def test_rss_channel_link_is_the_website_not_the_feed(library, tmp_path: Path,
                                                      extra: list[str]) -> None:
    """RSS 2.0: a channel's <link> is the website the channel is about; the feed's own
    address is its atom:link rel="self". A reader shows <link> as the site to open."""
    import xml.etree.ElementTree as ET

    target = tmp_path / "papers.rss"
    result = library("export", "--format", "rss", "-o", str(target), *extra)
    assert result.exit_code == 0, result.stderr
    channel = ET.fromstring(target.read_bytes()).find("channel")
    assert channel is not None
    links = [e.text for e in channel.findall("link")]
    selfs = [e.get("href") for e in channel.findall("{http://www.w3.org/2005/Atom}link")
             if e.get("rel") == "self"]
    assert selfs == [extra[1] if extra else target.as_uri()]
    assert len(links) == 1 and links[0] not in selfs
    assert links[0].endswith("/papers")
    assert parse(target.read_text(encoding="utf-8")).feed.link == links[0]


ATOM_NS = "{http://www.w3.org/2005/Atom}"


def atom_violations(data: bytes) -> list[str]:
    """What RFC 4287 requires of a feed and its entries that this document lacks (the
    elements every reader relies on: id, title, updated, an author for each entry)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(data)
    assert root.tag == f"{ATOM_NS}feed"
    wrong = [f"feed has no {name}" for name in ("id", "title", "updated")
             if len(root.findall(f"{ATOM_NS}{name}")) != 1]
    feed_author = root.find(f"{ATOM_NS}author") is not None
    for entry in root.findall(f"{ATOM_NS}entry"):
        ident = entry.findtext(f"{ATOM_NS}id")
        wrong += [f"{ident} has no {name}" for name in ("id", "title", "updated")
                  if len(entry.findall(f"{ATOM_NS}{name}")) != 1]
        names = [a.findtext(f"{ATOM_NS}name") for a in entry.findall(f"{ATOM_NS}author")]
        if not feed_author and not names:  # 4.1.1: the feed's author, else each entry's
            wrong.append(f"{ident} has no author")
        if any(not name for name in names):  # 3.2.1: a person has a name
            wrong.append(f"{ident} has an author without a name")
        alternates = [(link.get("type"), link.get("hreflang"))
                      for link in entry.findall(f"{ATOM_NS}link")
                      if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != len(set(alternates)):  # 4.1.2
            wrong.append(f"{ident} has two alternate links of one type")
    return wrong


def test_a_paper_without_authors_still_makes_a_valid_atom_feed(library, tmp_path: Path) -> None:
    """RFC 4287 4.1.1: an entry needs an author when the feed has none (an imported
    BibTeX entry or Hub item may list nobody)."""
    src = tmp_path / "nobody.json"
    src.write_text(json.dumps([{"paper": {
        "id": "2401.95001", "title": "Written by nobody", "summary": "An abstract.",
        "authors": [], "publishedAt": "2024-01-02T00:00:00.000Z"}}]), encoding="utf-8")
    assert library("import", str(src)).exit_code == 0
    target = tmp_path / "papers.atom"
    result = library("export", "--format", "atom", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert atom_violations(target.read_bytes()) == []
    feed = parse(target.read_text(encoding="utf-8"))
    [nobody] = [e for e in feed.entries if e.id.endswith("/2401.95001")]
    others = [e for e in feed.entries if e is not nobody]
    assert [a.name for a in nobody.authors] == ["unknown authors"]
    assert len(others) == 19 and all("unknown authors" not in [a.name for a in e.authors]
                                     for e in others)


def test_rss_descriptions_show_markup_and_entities_literally(library, tmp_path: Path) -> None:
    """RSS 2.0's <description> is HTML: a TL;DR or abstract is text, so `k<n`, `<b>` or
    `&amp;` in it must reach the reader as those characters, not as markup."""
    import html

    tldr = "Uses <b>bold</b> claims & keeps k<n, plus a literal &amp; entity."
    abstract = "We show <i>that</i> p<0.05 & q>1 for all <script>x</script> cases."
    src = tmp_path / "markup.json"
    src.write_text(json.dumps([
        {"paper": {"id": "2401.95002", "title": "Markup in the TL;DR", "summary": "x",
                   "ai_summary": tldr, "authors": [{"name": "A B"}]}},
        {"paper": {"id": "2401.95003", "title": "Markup in the abstract",
                   "summary": abstract, "authors": [{"name": "A B"}]}},
    ]), encoding="utf-8")
    assert library("import", str(src)).exit_code == 0
    target = tmp_path / "papers.rss"
    result = library("export", "--format", "rss", "-o", str(target), "Markup")
    assert result.exit_code == 0, result.stderr
    feed = parse(target.read_text(encoding="utf-8"))
    shown = {e.id.rsplit("/", 1)[1]: e.summary for e in feed.entries}
    assert set(shown) == {"2401.95002", "2401.95003"}
    for pid, text in (("2401.95002", tldr), ("2401.95003", abstract)):
        assert "<" not in shown[pid]  # no tag of any kind: text, escaped as HTML
        assert html.unescape(shown[pid]) == text


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_long_abstract_s_summary_ends_on_a_whole_word(papers, tmp_path: Path,
                                                       fmt: str) -> None:
    """A paper without a TL;DR has the start of its abstract as the entry's summary (a
    feed reader's preview); it was cut at 500 characters wherever that fell, mid-word
    ("... the transfor"). It ends on a whole word, with an ellipsis."""
    words = [f"w{n}{'x' * (n % 7)}" for n in range(400)]  # words of every length
    abstract = " ".join(words)
    short = "A whole abstract, short enough to be the summary as it is."
    src = tmp_path / "long.json"
    src.write_text(json.dumps([
        {"id": "2401.95010", "title": "A long abstract", "summary": abstract,
         "authors": ["A B"], "published_at": "2024-01-02T00:00:00Z", "sources": ["arxiv"]},
        {"id": "2401.95011", "title": "A short abstract", "summary": short,
         "authors": ["A B"], "published_at": "2024-01-02T00:00:00Z", "sources": ["arxiv"]},
    ]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    result = papers("export", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    shown = {e.id.rsplit("/", 1)[1]: e.summary for e in parse(result.stdout).entries}
    assert shown["2401.95011"] == short
    summary = shown["2401.95010"]
    assert summary.endswith("…") and len(summary) <= 500
    kept = summary.removesuffix("…").split(" ")
    assert kept == words[: len(kept)] and len(kept) > 40


def test_rss_items_name_their_authors(library, tmp_path: Path) -> None:
    """RSS 2.0's <author> must be an e-mail address, so feedgen wrote none and every item
    reached a feed reader without a byline (Atom's entries had theirs). An item names its
    authors in one dc:creator, as arXiv's own RSS does; one that lists none says so."""
    src = tmp_path / "bylines.json"
    src.write_text(json.dumps([
        {"paper": {"id": "2401.95011", "title": "Byline of three", "summary": "x",
                   "authors": [{"name": "Ada One"}, {"name": "Bo <Two> & Co"},
                               {"name": "Cy Three"}]}},
        {"paper": {"id": "2401.95012", "title": "Byline of none", "summary": "x",
                   "authors": []}},
    ]), encoding="utf-8")
    assert library("import", str(src)).exit_code == 0
    target = tmp_path / "papers.rss"
    result = library("export", "--format", "rss", "-o", str(target), "Byline")
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    feed = parse(text)
    shown = {e.id.rsplit("/", 1)[1]: e.get("author") for e in feed.entries}
    assert shown == {"2401.95011": "Ada One, Bo <Two> & Co, Cy Three",
                     "2401.95012": "unknown authors"}
    assert text.count("<dc:creator>") == 2 and "<author>" not in text
    assert 'xmlns:dc="http://purl.org/dc/elements/1.1/"' in text.split("<item", 1)[0]
