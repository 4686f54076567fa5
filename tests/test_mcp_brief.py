"""`papers mcp`'s listing tools answer with brief papers unless asked for them in full.

A whole abstract is about 1,400 characters: 20 papers of a listing were some 14,000 tokens
of an assistant's context. Each listing tool (search, list_papers, for_you,
related_papers) gives each paper's id, title, first authors and how many, date, upvotes,
families and a one-line gist (the AI summary, else the abstract's first sentence, capped)
unless `detail` is "full"; show_paper keeps the whole record. Driven through the SDK's
own client over stdio, as tests/test_mcp.py drives the server."""

from __future__ import annotations

import json
from typing import Any

from test_mcp import call, cli_json, error, server

BRIEF_KEYS = {"id", "title", "url", "authors", "author_count", "date", "upvotes",
              "families", "gist"}
AI = "Pomelos ripen faster when sung to, a choir of robots finds."
LONG = ("We study how " + "very " * 90 + "long first sentences of pomelo abstracts are "
        "read. A second sentence follows it. And a third.")


def _item(pid: str, title: str, summary: str, authors: int, **more: Any) -> dict[str, Any]:
    stamp = "2024-03-04T08:00:00.000Z"
    paper = {"id": pid, "title": title, "summary": summary,
             "authors": [{"name": f"Author {n}"} for n in range(authors)],
             "publishedAt": stamp, "submittedOnDailyAt": stamp, "upvotes": 7, **more}
    return {"paper": paper, "publishedAt": stamp, "title": title, "numComments": 0}


def _import(papers: Any, tmp_path: Any) -> None:
    items = [
        _item("2403.00001", "Pomelo Choirs", "Singing to pomelos, measured. " + "Words. " * 200,
              12, ai_summary=AI),
        _item("2403.00002", "Pomelo Abstracts", LONG + " " + "More words. " * 100, 2),
        _item("2403.00003", "Pomelo Hooks", "Not yet. Pomelos are hard to grow in the cold "
              "north. We show how to grow them anyway.", 1)]
    (tmp_path / "pomelo.json").write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(tmp_path / "pomelo.json")).exit_code == 0


async def test_a_listing_is_brief_unless_asked_in_full(library: Any, tmp_path: Any) -> None:
    papers = library
    _import(papers, tmp_path)
    whole = {p["id"]: p for p in cli_json(papers, "search", "pomelo", "--offline")}
    async with server() as session:
        brief = await call(session, "search", query="pomelo")
        shown = await call(session, "show_paper", id="2403.00001")
    assert {p["id"] for p in brief} == set(whole) == {"2403.00001", "2403.00002",
                                                      "2403.00003"}
    by_id = {p["id"]: p for p in brief}
    for paper in brief:
        assert set(paper) == BRIEF_KEYS, paper  # no abstract, no other links
        assert "summary" not in paper and "arxiv_url" not in paper
        # The page to cite, the full record's (an assistant called show_paper for each)
        assert paper["url"] and paper["url"] == whole[paper["id"]]["url"], paper
    choir = by_id["2403.00001"]
    assert choir == {"id": "2403.00001", "title": "Pomelo Choirs",
                     "url": whole["2403.00001"]["url"],
                     "authors": ["Author 0", "Author 1", "Author 2"], "author_count": 12,
                     "date": "2024-03-04", "upvotes": 7, "families": [], "gist": AI}
    # No AI summary: the abstract's first sentence, cut at a word to 300 characters.
    cut = by_id["2403.00002"]["gist"]
    assert cut.startswith("We study how very very") and cut.endswith("very…"), cut
    assert 250 < len(cut) <= 300
    # A hook too short to say anything runs on into the next sentence.
    assert by_id["2403.00003"]["gist"] == ("Not yet. Pomelos are hard to grow in the cold "
                                           "north.")
    # In full: the command's JSON, abstracts whole, as before.
    async with server() as session:
        full = await call(session, "search", query="pomelo", detail="full")
    assert full == cli_json(papers, "search", "pomelo", "--offline", "-n", "20")
    assert {p["id"]: p["summary"] for p in full} == {i: p["summary"]
                                                     for i, p in whole.items()}
    assert len(json.dumps(brief)) * 3 < len(json.dumps(full))
    # The one-paper tool keeps the whole record, and takes no detail.
    assert shown == cli_json(papers, "show", "2403.00001", "--offline")
    assert shown["summary"].startswith("Singing to pomelos") and shown["ai_summary"] == AI


async def test_every_listing_tool_is_brief_and_takes_detail(library: Any) -> None:
    papers = library
    calls = [("search", {"query": "llava"}, ("search", "llava", "--offline")),
             ("list_papers", {"since": "2020-01-01"}, ("search", "--since", "2020-01-01")),
             ("for_you", {"since": "2020-01-01"}, ("for-you", "--since", "2020-01-01")),
             ("related_papers", {"id": "2408.15881"}, ("related", "2408.15881",
                                                       "--offline"))]
    async with server() as session:
        for tool, arguments, command in calls:
            brief = await call(session, tool, **arguments, limit=5)
            assert brief and all("summary" not in p and "gist" in p for p in brief), tool
            full = await call(session, tool, **arguments, limit=5, detail="full")
            assert [p["id"] for p in brief] == [p["id"] for p in full], tool
            assert [p["url"] for p in brief] == [p["url"] for p in full], tool  # to cite
            assert full == cli_json(papers, *command, "-n", "5"), tool
            if tool in ("for_you", "related_papers"):  # what the view adds is kept
                assert [p["score"] for p in brief] == [p["score"] for p in full], tool
        schemas = {t.name: t for t in (await session.list_tools()).tools}
        said = await error(session, "search", query="llava", detail="abstracts")
        refused = await error(session, "show_paper", id="2401.01055", detail="full")
    assert said == "detail must be one of brief, full, not 'abstracts'"
    assert refused.startswith("show_paper takes no argument 'detail'"), refused
    for name in ("search", "list_papers", "for_you", "related_papers"):
        assert schemas[name].input_schema["properties"]["detail"]["enum"] == ["brief",
                                                                             "full"]
        assert "call show_paper for one paper in full" in schemas[name].description, name
    assert "detail" not in schemas["show_paper"].input_schema["properties"]


async def test_a_brief_paper_holds_the_first_line_of_the_users_note(library: Any) -> None:
    note = "Read section 3 first.\n\nThen the appendix, which holds the proofs."
    async with server("--allow-writes") as session:
        await call(session, "note", id="2401.01055", text=note)
        await call(session, "tag", ids=["2401.01055"], tags=["proofs"])
        (brief,) = await call(session, "search", noted=True)
        assert brief["note"] == "Read section 3 first. …" and brief["tags"] == ["proofs"]
        (full,) = await call(session, "search", noted=True, detail="full")
    assert full["note"] == note and full["tags"] == ["proofs"]


async def test_a_list_sorted_by_stars_holds_each_papers_stars(library: Any,
                                                             tmp_path: Any) -> None:
    """Sorted by GitHub stars, a brief paper holds its github_stars, as the table pins
    the Stars column to that sort: before, the assistant saw the order and not the
    counts that made it (upvotes, date and score, the other sorts', are always there)."""
    papers = library
    items = [_item(f"2403.0000{n}", f"Pomelo Repo {n}", "A repository of pomelos.", 1,
                   githubRepo=f"https://github.com/pomelo/repo{n}", githubStars=stars)
             for n, stars in ((4, 12), (5, 3400), (6, 250))]
    (tmp_path / "repos.json").write_text(json.dumps(items), encoding="utf-8")
    assert papers("import", str(tmp_path / "repos.json")).exit_code == 0
    async with server() as session:
        by_stars = await call(session, "search", query="pomelo repo", sort="stars")
        listed = await call(session, "list_papers", since="2024-03-01", sort="stars",
                            limit=3)
        trending = await call(session, "search", query="pomelo repo")
        full = await call(session, "search", query="pomelo repo", sort="stars",
                          detail="full")
        tools = {t.name: t for t in (await session.list_tools()).tools}
    assert [p["github_stars"] for p in by_stars] == [p["github_stars"] for p in full] == [
        3400, 250, 12]
    assert [(p["id"], p["github_stars"]) for p in listed] == [
        (p["id"], p["github_stars"]) for p in full]
    for paper in by_stars:
        assert set(paper) == BRIEF_KEYS | {"github_stars"}, paper
    assert all(set(p) == BRIEF_KEYS for p in trending)
    said = tools["search"].input_schema["properties"]["sort"]["description"]
    assert "stars (GitHub; each paper then holds its github_stars)" in said, said
