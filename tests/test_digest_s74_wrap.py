"""The HTML digest drawn at a phone's width by a real browser (headless Chromium): a
date or a count is never broken between two lines."""

from __future__ import annotations

import re
from pathlib import Path

from papercli.models import Paper
from systools import chromium as find_chromium
from test_digest import chromium, digest, rich
from test_exporters import SEED

# Run in a copy of the page (the digest itself has no scripts): every match of PATTERN
# (a date, "2024-01-02", "2026-11-25T12:00:00Z"; a count, "(12 authors)") in a byline or
# the header whose text is drawn on more than one line is listed in the body's data-split
# attribute, which --dump-dom then shows.
PROBE = """<script>
addEventListener("load", () => {
  const split = [];
  for (const block of document.querySelectorAll("p.byline, header.digest p")) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/PATTERN/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  document.body.dataset.split = JSON.stringify(split);
  document.body.dataset.probed = "yes";
});
</script>"""


DATE = r"\d{4}-\d{2}-\d{2}(T[\d:]+Z)?"
COUNT = r"\(\d+ authors\)|\d+ comments?"


def split_on_a_phone(papers: list[Paper], pattern: str, tmp_path: Path) -> str:
    """What of `pattern` a phone-width Chromium draws across two lines (a JSON list)."""
    find_chromium()  # skipped when no Chromium is on PATH (a failure in CI)
    page = tmp_path / "digest.html"
    probe = PROBE.replace("PATTERN", pattern)
    page.write_text(digest(papers).replace("</body>", probe + "</body>"), encoding="utf-8")
    done = chromium(page, tmp_path / "profile", "--window-size=390,844",
                    "--virtual-time-budget=5000", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert 'data-probed="yes"' in done.stdout
    found = re.search(r'data-split="([^"]*)"', done.stdout)
    assert found is not None
    return found.group(1)


def test_dates_are_never_split_between_lines_on_a_phone(tmp_path: Path) -> None:
    """On a phone, a byline's "Daily Papers 2026-08-21" was drawn "Daily Papers 2026-" then
    "08-21" on the next line, and the header's stamp "2026-08-" / "21T08:00:00Z": the body
    breaks a word anywhere it must and a hyphen is a break. Dates are kept whole."""
    papers = [rich(SEED[0])._replace(authors=tuple(f"Author Number{n} Surname{n}"
                                                   for n in range(9)))]
    # Authors of every length push the dates to every place on the line.
    for n in range(24):
        papers.append(SEED[n % len(SEED)]._replace(
            id=f"2401.{90000 + n}", authors=("Ann " + "x" * n, "Bo Longname" + "y" * (n % 7)),
            submitted_at="2024-01-03T08:00:00Z", comments=n % 3))
    assert split_on_a_phone(papers, DATE, tmp_path) == "[]"


def test_author_and_comment_counts_are_never_split_on_a_phone(tmp_path: Path) -> None:
    """A cut byline's count was drawn "et al. (5" then "authors)" on the next line. The
    count stays whole, as do "3 comments"."""
    papers = [SEED[n % len(SEED)]._replace(
        id=f"2401.{90000 + n}", comments=2 + n % 9,
        authors=tuple(f"{'W' * (1 + (n + k) % 9)} Person{k}" for k in range(5 + n)))
        for n in range(30)]
    assert split_on_a_phone(papers, COUNT, tmp_path) == "[]"
