"""Chinese, Japanese and Korean text is written without spaces between words, so the index
kept a whole run of it as one word: `search 日本語` found nothing in a title reading
"日本語の大規模言語モデル", and a run of 40 bytes or more was not held at all. The index and
the query now hold such text as overlapping pairs of letters, so a word of two letters
or more inside a run is found as a phrase of its pairs, and one letter anywhere."""

from __future__ import annotations

from pathlib import Path

from test_search_index import FILLER, found_ids, import_items, item

JA = "日本語の大規模言語モデルによる推論"  # one run of 17 letters (51 bytes)
ZH = "基于扩散模型的图像生成方法研究"
KO = "한국어 대형 언어모델의 평가"
WORDS = "A Plain English Title"


def _library(papers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_items(papers, tmp_path, [
        item(1, JA, FILLER),
        item(2, ZH, FILLER),
        item(3, KO, FILLER),
        item(4, WORDS, "本研究では語彙を調べる。 " + FILLER),
        item(5, "GPT-4の評価", FILLER),
    ])


def test_a_cjk_word_inside_a_run_is_found(papers, tmp_path: Path) -> None:
    _library(papers, tmp_path)
    ids = found_ids(papers)
    assert ids("日本語") == {"2403.00001"}
    assert ids("大規模言語モデル") == {"2403.00001"}
    assert ids("扩散模型") == {"2403.00002"}
    assert ids("图像生成") == {"2403.00002"}
    assert ids("언어모델") == {"2403.00003"}
    assert ids("평가") == {"2403.00003"}
    assert ids("評価 gpt") == {"2403.00005"}  # a run glued to other letters
    assert ids("語彙") == {"2403.00004"}  # in the abstract
    assert ids(JA) == {"2403.00001"}  # a run past 40 bytes is held and found whole


def test_the_letters_must_be_a_phrase(papers, tmp_path: Path) -> None:
    """Every pair in order, not each pair anywhere: 日本 and 言語 are both in JA, but
    not 日本言語; letters apart in the text are no word."""
    _library(papers, tmp_path)
    ids = found_ids(papers)
    assert ids("日本言語") == set()
    assert ids("モデル日本") == set()
    assert ids("日本 言語") == {"2403.00001"}  # two words typed apart: each anywhere


def test_one_cjk_letter_is_found_anywhere_in_a_run(papers, tmp_path: Path) -> None:
    _library(papers, tmp_path)
    ids = found_ids(papers)
    assert ids("語") == {"2403.00001", "2403.00004"}
    assert ids("推") == {"2403.00001"}  # the run's last but one
    assert ids("論") == {"2403.00001"}  # its last letter
    assert ids("究") == {"2403.00002", "2403.00004"}


def test_a_prefix_and_keyword_find_cjk(papers, tmp_path: Path) -> None:
    _library(papers, tmp_path)
    ids = found_ids(papers)
    assert ids("大規模*") == {"2403.00001"}
    assert ids("扩*") == {"2403.00002"}
    found = papers("search", "-k", "日本語", "--offline", "-n", "0", "-f", "ids")
    assert found.exit_code == 0, found.stderr
    assert found.stdout.split() == ["2403.00001"]
    found = papers("search", "-k", "言語モデル", "--offline", "-n", "0", "-f", "ids")
    assert found.stdout.split() == ["2403.00001"]


def test_a_long_cjk_query_is_not_called_too_long(papers, tmp_path: Path) -> None:
    """A run of 14 letters or more passed the 40 bytes a word may have, and the search
    said it was left out; its pairs are held."""
    _library(papers, tmp_path)
    found = papers("search", JA, "--offline", "-f", "ids")
    assert found.exit_code == 0
    assert found.stdout.split() == ["2403.00001"]
    assert "too long" not in found.stderr


def test_english_words_and_a_name_glued_to_cjk_are_found(papers, tmp_path: Path) -> None:
    _library(papers, tmp_path)
    ids = found_ids(papers)
    assert ids("plain english") == {"2403.00004"}
    assert ids("gpt-4") == {"2403.00005"}
