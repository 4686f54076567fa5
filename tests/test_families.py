"""Model-family detection: the seed papers, a hand-labelled case set, and user config."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TODAY, Home, one_line, run, run_process, write_config
from hubserver import HubServer, item_for_day, seed_items
from papercli import families as fam
from papercli.families import (
    Family,
    FamilyConfigError,
    FamilyMatcher,
    UnknownFamily,
    build_matcher,
    builtin_families,
    families_from_config,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
CASES: list[dict[str, Any]] = json.loads((DATA / "family_cases.json").read_text("utf-8"))
SEED: list[dict[str, Any]] = json.loads((DATA / "search-llama.json").read_text("utf-8"))

REQUIRED_BUILTINS = [
    "LLaMA", "LLaVA", "Qwen", "Mistral", "Gemma", "Gemini", "GPT", "Claude", "DeepSeek",
    "Phi", "Mamba", "CLIP", "Whisper", "Falcon", "BERT", "T5", "Stable Diffusion",
    "InternVL", "Vicuna", "Segment Anything",
]


def config(text: str) -> dict[str, Any]:
    """The `families` table of a config file, parsed as the real loader parses TOML."""
    table: dict[str, Any] = tomllib.loads(text).get("families", {})
    return table


@pytest.fixture(scope="module")
def matcher() -> FamilyMatcher:
    return build_matcher()


# -- the seed papers ------------------------------------------------------------------


def _seed_families(matcher: FamilyMatcher) -> dict[str, list[str]]:
    return {
        item["paper"]["id"]: matcher.match(item["paper"]["title"], item["paper"]["summary"])
        for item in SEED
    }


def _ids_where(predicate: Callable[[str], bool]) -> set[str]:
    return {item["paper"]["id"] for item in SEED if predicate(item["paper"]["title"])}


def test_seed_llava_is_exactly_the_llava_titled_papers(matcher: FamilyMatcher) -> None:
    expected = _ids_where(lambda title: title.startswith("LLaVA"))
    assert len(expected) == 8  # LLaVA-Mini, -MoD, -UHD, -Med, LLaVAR, -KD, Needs More, -MoLE
    llavolta = _ids_where(lambda title: title.startswith("LLaVolta"))
    assert llavolta == {"2406.20092"}
    got = {pid for pid, fams in _seed_families(matcher).items() if "LLaVA" in fams}
    assert got == expected
    assert not got & llavolta


def test_seed_llama_is_exactly_the_nine_llama_papers(matcher: FamilyMatcher) -> None:
    # Independent of the rules under test: the title spells llama as a plain substring.
    expected = _ids_where(lambda title: "llama" in title.lower())
    assert expected == {
        "2401.01055", "2404.14047", "2405.18377", "2312.06674", "2312.09993",
        "2304.15010", "2308.11148", "2412.15188", "2308.04913",
    }
    llamp = _ids_where(lambda title: title.startswith("LLaMP"))
    assert llamp == {"2401.17244"}
    got = {pid for pid, fams in _seed_families(matcher).items() if "LLaMA" in fams}
    assert got == expected
    assert not got & llamp


def test_seed_qwen_only_on_llava_mod(matcher: FamilyMatcher) -> None:
    expected = _ids_where(lambda title: title.startswith("LLaVA-MoD"))
    assert expected == {"2408.15881"}
    got = {pid for pid, fams in _seed_families(matcher).items() if "Qwen" in fams}
    assert got == expected


def test_seed_results_are_canonical_names_in_family_order(matcher: FamilyMatcher) -> None:
    order = matcher.names()
    for fams in _seed_families(matcher).values():
        assert fams == sorted(set(fams), key=order.index)
    assert _seed_families(matcher)["2408.15881"] == ["LLaVA", "Qwen"]


# -- the labelled cases ---------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_labelled_case(matcher: FamilyMatcher, case: dict[str, Any]) -> None:
    got = matcher.match(case["title"], case["summary"], case.get("keywords", ()))
    assert got == case["expected"], case.get("note", "")


def test_case_set_is_large_unique_and_covers_every_family() -> None:
    assert len(CASES) >= 80
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    names = [f.name for f in builtin_families()]
    for case in CASES:
        assert set(case["expected"]) <= set(names), case["id"]
        assert case["about"] is None or case["about"] in names, case["id"]
    for name in names:
        about = [c for c in CASES if c["about"] == name]
        positives = [c for c in about if name in c["expected"]]
        lookalikes = [c for c in about if name not in c["expected"]]
        assert len(positives) >= 2, f"{name}: needs compound/versioned positives"
        assert len(lookalikes) >= 1, f"{name}: needs a look-alike negative"


def test_precision_and_recall_are_perfect_per_family(matcher: FamilyMatcher) -> None:
    counts = {name: [0, 0, 0] for name in matcher.names()}  # tp, fp, fn
    for case in CASES:
        got = set(matcher.match(case["title"], case["summary"], case.get("keywords", ())))
        expected = set(case["expected"])
        for name, c in counts.items():
            c[0] += name in got and name in expected
            c[1] += name in got and name not in expected
            c[2] += name in expected and name not in got
    for name, (tp, fp, fn) in counts.items():
        assert tp > 0, f"{name}: no true positives, recall would be vacuous"
        assert (tp / (tp + fp), tp / (tp + fn)) == (1.0, 1.0), f"{name}: fp={fp} fn={fn}"


def test_accuracy_script_prints_the_table() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "family_accuracy.py")],
        capture_output=True, text=True, timeout=60, cwd="/",
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = next(line for line in lines if line.startswith("family"))
    assert header.split() == ["family", "cases", "TP", "FP", "FN", "precision", "recall"]
    for name in REQUIRED_BUILTINS:
        row = next(line for line in lines if line.startswith(name + "  "))
        assert row.split()[-2:] == ["1.000", "1.000"], row


# -- built-ins and API ----------------------------------------------------------------


def test_builtins_present_with_aliases() -> None:
    names = [f.name for f in builtin_families()]
    assert names == REQUIRED_BUILTINS
    assert all(f.builtin and f.enabled for f in builtin_families())
    m = build_matcher()
    assert m.resolve("llama") == "LLaMA"
    assert m.resolve("SAM") == "Segment Anything"
    assert m.resolve("sd") == "Stable Diffusion"
    assert m.resolve("Mixtral") == "Mistral"
    assert m.resolve("chatgpt") == "GPT"
    assert m.resolve("RoBERTa") == "BERT"
    assert m.resolve("flan-t5") == "T5"
    assert m.resolve("  segment-anything ") == "Segment Anything"
    assert m.resolve("STABLE_DIFFUSION") == "Stable Diffusion"


def test_builtin_list_is_a_fresh_copy() -> None:
    first = builtin_families()
    first.clear()
    assert len(builtin_families()) == len(REQUIRED_BUILTINS)


def test_keywords_are_matched_too(matcher: FamilyMatcher) -> None:
    assert matcher.match("A study", "Nothing here.") == []
    assert matcher.match("A study", "Nothing here.", ["Whisper-large-v3", "ASR"]) == ["Whisper"]


def test_title_and_abstract_do_not_run_together(matcher: FamilyMatcher) -> None:
    # "Claude" ends the title, "Shannon" starts nowhere: a capitalised first word of the
    # abstract must not read as a surname.
    assert matcher.match("Red-Teaming Claude", "We probe refusals.") == ["Claude"]
    assert matcher.match("Notes on Claude Shannon", "Entropy.") == []


def test_unknown_family_offers_the_close_name_or_counts_the_list(
        matcher: FamilyMatcher) -> None:
    """Said as the command line's --family says it: all twenty names made the line 220
    columns wide."""
    with pytest.raises(UnknownFamily) as info:
        matcher.resolve("Llamma")
    err = info.value
    assert isinstance(info.value, LookupError)
    assert err.name == "Llamma"
    assert list(err.known) == matcher.names()
    assert str(err) == "unknown family 'Llamma' — did you mean LLaMA?"
    with pytest.raises(UnknownFamily) as far:
        matcher.resolve("zzz")
    assert str(far.value) == (
        f"unknown family 'zzz' — papers families lists all {len(matcher.names())}")


def test_regexes_compile_lazily_and_fingerprint_compiles_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real = re.compile

    def counting(pattern: Any, flags: int = 0) -> re.Pattern[str]:
        calls.append(str(pattern))
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)  # the module families.py uses
    m = build_matcher()
    assert len(m.fingerprint) == 16
    assert re.fullmatch(r"[0-9a-f]{16}", m.fingerprint)
    assert calls == []
    assert m.match("Mixtral of Experts") == ["Mistral"]
    assert calls  # compiled on first use ...
    seen = len(calls)
    m.match("Qwen2.5-VL")
    assert len(calls) == seen  # ... once


# -- fingerprint ----------------------------------------------------------------------


def test_fingerprint_is_stable_across_calls_and_processes() -> None:
    table = config('[families.Orca]\nwords = ["Orca"]\n')
    empty: list[dict[str, Any] | None] = [None, {}, None]
    here = {build_matcher(t).fingerprint for t in empty}
    assert len(here) == 1
    code = (
        "import json, sys; from papercli.families import build_matcher; "
        "print(build_matcher().fingerprint, build_matcher(json.loads(sys.argv[1])).fingerprint)"
    )
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
        proc = subprocess.run(
            [sys.executable, "-c", code, json.dumps(table)],
            capture_output=True, text=True, env=env, timeout=60, check=True,
        )
        outputs.add(proc.stdout.strip())
    assert outputs == {f"{build_matcher().fingerprint} {build_matcher(table).fingerprint}"}


@pytest.mark.parametrize(
    "text",
    [
        '[families.Orca]\nwords = ["Orca"]\n',
        '[families.Orca]\nwords = ["Orcas"]\n',
        '[families.Orca]\nwords = ["Orca"]\naliases = ["orca-2"]\n',
        '[families.Orca]\npatterns = ["orca"]\n',
        '[families.GPT]\nenabled = false\n',
        '[families.LLaVA]\nwords = ["LLaVA"]\n',
        '[families.sam]\nwords = ["SAM"]\n',
    ],
)
def test_fingerprint_changes_with_every_definition(text: str) -> None:
    base = build_matcher().fingerprint
    changed = build_matcher(config(text)).fingerprint
    assert changed != base
    assert build_matcher(config(text)).fingerprint == changed


def test_fingerprints_of_different_configs_all_differ() -> None:
    texts = [
        "",
        '[families.Orca]\nwords = ["Orca"]\n',
        '[families.Orca]\nwords = ["orca"]\n',
        '[families.orca]\nwords = ["Orca"]\n',
        '[families.Orca]\nwords = ["Orca"]\nenabled = false\n',
        '[families.Phi]\nenabled = false\n',
    ]
    prints = [build_matcher(config(t)).fingerprint for t in texts]
    # disabling a family that does not exist changes nothing: drop that pair's duplicate
    assert prints[4] == prints[0]
    assert len({p for i, p in enumerate(prints) if i != 4}) == len(texts) - 1


def test_enabled_true_alone_keeps_a_builtin_as_shipped() -> None:
    assert build_matcher(config("[families.LLaVA]\nenabled = true\n")).fingerprint == (
        build_matcher().fingerprint
    )


# -- user configuration ---------------------------------------------------------------


def test_user_family_with_words() -> None:
    m = build_matcher(config(
        '[families.Orca]\nwords = ["Orca"]\naliases = ["orca-2", "ms orca"]\n'
    ))
    assert m.names()[-1] == "Orca"
    assert m.names()[:-1] == REQUIRED_BUILTINS
    assert m.match("Orca 2: Teaching Small Language Models How to Reason") == ["Orca"]
    assert m.match("", "Orca-2-13B beats LLaMA-2-Chat-70B.") == ["LLaMA", "Orca"]
    assert m.match("", "We train on ORCA2 traces and the OpenOrca set.") == ["Orca"]
    assert m.match("", "OrcaMath solves grade-school problems.") == ["Orca"]
    assert m.match("", "Killer whales (orcas) hunt in pods; orcinus orca.") == ["Orca"]
    assert m.match("", "Pods of orcas hunt seals.") == []
    assert m.match("", "A toolkit named Porcanet.") == []
    assert m.resolve("ORCA") == "Orca"
    assert m.resolve("Orca 2") == "Orca"  # alias "orca-2", separators ignored
    assert m.resolve("MS-Orca") == "Orca"
    user = families_from_config(config('[families.Orca]\nwords = ["Orca"]\n'))
    assert user == [Family("Orca", words=("Orca",), builtin=False)]


def test_user_words_tolerate_separators_and_versions() -> None:
    m = build_matcher(config('[families."Deep Coder"]\nwords = ["Deep Coder", "T-Coder 5"]\n'))
    for text in ("DeepCoder-14B", "deep-coder", "Deep_Coder v2", "T-Coder 5", "TCoder5"):
        assert m.match(text) == ["Deep Coder"], text
    for text in ("deep coders", "T-Coder 55", "a deep codertron"):
        assert m.match(text) == [], text


def test_user_patterns_are_case_insensitive_unless_marked() -> None:
    m = build_matcher(config(
        '[families.Orca]\npatterns = ["orca-\\\\d+b"]\n'
        '[families.Yi]\npatterns = ["(?-i)\\\\bYi-\\\\d"]\n'
    ))
    assert m.match("ORCA-13B") == ["Orca"]
    assert m.match("Yi-34B") == ["Yi"]
    assert m.match("yi-34b") == []
    assert m.match("Yi-34B and orca-7b") == ["Orca", "Yi"]


@pytest.mark.parametrize(
    ("pattern", "hint", "texts"),
    [
        (r"orca-\d+b", "orca", ["ORCA-13B", "Orca-7b"]),
        (r"\bOrcaMath", "orcamath", ["orcamath", "ORCAMATH"]),
        (r"orcas?", "orca", ["ORCA", "Orcas"]),
        (r"Orca{0,1}x", "orc", ["orcx", "ORCAX"]),
        (r"(?-i)Orcinus-\d", "Orcinus", ["Orcinus-7"]),
        (r"(?#lower)qwerty", "qwerty", ["QWERTY"]),
        (r"orca|whale", None, ["whale"]),
        (r"[Oo]rca", None, ["orca"]),
        (r"(?i)orca", None, ["ORCA"]),
        (r"(?-i)\bYi-\d", "Yi", ["Yi-34B"]),
        (r"a?bc", None, ["bc"]),
        (r"\d+B orca", None, ["7B Orca"]),
    ],
)
def test_user_pattern_hints_are_necessary_substrings(
    pattern: str, hint: str | None, texts: list[str]
) -> None:
    assert fam.pattern_hint(pattern) == hint
    m = build_matcher({"X": {"patterns": [pattern]}})
    for text in texts:
        assert m.match(text) == ["X"], text
    assert m.match("nothing to see") == []


def test_words_and_patterns_together_report_a_family_once() -> None:
    m = build_matcher(config('[families.Orca]\nwords = ["Orca"]\npatterns = ["orca-\\\\d"]\n'))
    assert m.match("Orca-2", "Orca 2 again", ["orca-2"]) == ["Orca"]
    assert m.match("ORCA-2") == ["Orca"]  # the pattern alone
    assert m.match("Orca") == ["Orca"]  # the word alone


def test_override_builtin_wholesale() -> None:
    m = build_matcher(config('[families.LLaVA]\nwords = ["LLaVolta"]\n'))
    assert m.names() == REQUIRED_BUILTINS  # same name, same place
    assert m.match("LLaVolta: Efficient Multi-modal Models") == ["LLaVA"]
    assert m.match("Improved Baselines with LLaVA-1.5") == []
    with pytest.raises(UnknownFamily):
        m.resolve("llava-next")  # the built-in's aliases went with it
    assert next(f for f in m.families if f.name == "LLaVA").builtin is False


def test_override_by_alias_and_case() -> None:
    m = build_matcher(config('[families.sam]\nwords = ["SAM"]\naliases = ["segmenter"]\n'))
    assert "Segment Anything" not in m.names()
    assert m.names()[-1] == "sam"  # in the built-in's place, which was last
    assert m.match("Sharpness-aware minimization (SAM)") == ["sam"]
    assert m.match("Segment Anything") == []
    assert m.resolve("SEGMENTER") == "sam"
    with pytest.raises(UnknownFamily):
        m.resolve("Segment Anything")
    lower = build_matcher(config('[families.gpt]\nwords = ["GPT"]\n'))
    assert "gpt" in lower.names() and "GPT" not in lower.names()


def test_disable_builtin() -> None:
    m = build_matcher(config("[families.GPT]\nenabled = false\n"))
    assert "GPT" not in m.names()
    assert m.match("Is ChatGPT a Good Translator? A study with LLaMA") == ["LLaMA"]
    with pytest.raises(UnknownFamily) as info:
        m.resolve("chatgpt")
    assert "GPT" not in info.value.known
    # by alias, case-insensitively, and with other keys present
    m2 = build_matcher(config('[families.SD]\nenabled = false\nwords = ["SDXL"]\n'))
    assert "Stable Diffusion" not in m2.names()
    assert m2.match("SDXL and Stable Diffusion") == []


def test_disabled_user_family_is_dropped() -> None:
    m = build_matcher(config('[families.Orca]\nwords = ["Orca"]\nenabled = false\n'))
    assert m.names() == REQUIRED_BUILTINS
    assert m.match("Orca 2") == []


def test_families_from_config_empty() -> None:
    assert families_from_config(None) == []
    assert families_from_config({}) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[families]\nfoo = "Foo"\n', "families.foo: must be a table"),
        ('[families.foo]\nwords = "Foo"\n', "families.foo.words: must be a list of strings"),
        ('[families.foo]\nwords = ["Foo", 3]\n', "families.foo.words[1]: must be a string"),
        ('[families.foo]\nwords = ["Foo", " "]\n', "families.foo.words[1]: must not be empty"),
        ('[families.foo]\nwords = ["Foo", "--"]\n', "families.foo.words[1]: needs a letter"),
        ('[families.foo]\npatterns = ["foo", "(unclosed"]\n',
         "families.foo.patterns[1]: invalid regex: missing ), unterminated subpattern"),
        ('[families.foo]\npatterns = ["x*"]\n',
         "families.foo.patterns[0]: matches the empty string"),
        ('[families.foo]\npatterns = "foo"\n', "families.foo.patterns: must be a list"),
        ('[families.foo]\naliases = [1]\nwords = ["Foo"]\n',
         "families.foo.aliases[0]: must be a string"),
        ('[families.foo]\nwords = ["Foo"]\ncolour = "red"\n',
         "families.foo.colour: unknown key (expected one of words, patterns, aliases, enabled)"),
        ('[families.foo]\nwords = ["Foo"]\nenabled = "no"\n',
         "families.foo.enabled: must be true or false"),
        ('[families.foo]\naliases = ["f"]\n', "families.foo: needs `words` or `patterns`"),
        ('[families.foo]\nwords = ["Foo"]\naliases = ["bar", "sam"]\n',
         "families.foo.aliases[1]: 'sam' already names Segment Anything"),
        ('[families.foo]\nwords = ["Foo"]\n[families.Foo]\nwords = ["Foo"]\n',
         "families.Foo: same family as families.foo"),
        ('[families.llama]\nwords = ["x"]\n[families.codellama]\nwords = ["y"]\n',
         "families.codellama: overrides LLaMA a second time"),
        ('[families.foo]\nwords = ["Foo"]\n[families.bar]\nwords = ["Bar"]\naliases = ["FOO"]\n',
         "families.bar.aliases[0]: 'FOO' already names foo"),
    ],
)
def test_invalid_config_names_the_key_path(text: str, message: str) -> None:
    with pytest.raises(FamilyConfigError) as info:
        build_matcher(config(text))
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith(message), str(info.value)


def test_families_table_itself_must_be_a_table() -> None:
    with pytest.raises(FamilyConfigError, match=r"^families: must be a table"):
        families_from_config(["Orca"])  # type: ignore[arg-type]


def test_matcher_rejects_clashing_definitions() -> None:
    with pytest.raises(ValueError, match="already names"):
        FamilyMatcher([Family("A", aliases=("x",)), Family("B", aliases=("X",))])


def test_core_module_imports_no_cli_libraries() -> None:
    code = (
        "import sys; import papercli.families as f; f.build_matcher().match('LLaVA'); "
        "bad = [m for m in ('typer', 'rich', 'click', 'httpx') if m in sys.modules]; "
        "print(bad)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, check=True)
    assert proc.stdout.strip() == "[]"


# -- user patterns run in linear time (RE2) ---------------------------------------------

# Each backtracks exponentially in Python's `re` on LONG_ABSTRACT (the first takes minutes
# at 10 words); RE2 answers in time linear in the text.
PATHOLOGICAL = [r"(\w+\s?)+Orca", r"(a|aa)+$", r"(x+x+)+y", r"^(\s*\w+\s*)*Orca\b"]
LONG_ABSTRACT = " ".join(["word"] * 400) + " " + "a" * 80 + "! " + "x" * 80


def _pathological_config() -> str:
    patterns = ", ".join(f"'{p}'" for p in PATHOLOGICAL)
    return f"[families.Orca]\npatterns = [{patterns}]\n"


def test_pathological_user_patterns_match_a_long_text() -> None:
    m = build_matcher(config(_pathological_config()))
    assert m.match("A long abstract", LONG_ABSTRACT) == []
    assert m.match("", LONG_ABSTRACT + " Orca") == ["Orca"]
    assert m.match("", "We distil into orca models.") == ["Orca"]  # case-insensitive


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"orca(?!s)", "invalid perl operator: (?!"),
        (r"(?<=open)orca", "invalid perl operator: (?<"),
        (r"(orca)-\1", "invalid escape sequence: \\1"),
        (r"(?P<n>orca)(?P=n)", "(?P"),
        (r"orca{5000}", "invalid repetition size"),
    ],
)
def test_user_pattern_the_linear_engine_cannot_run_is_a_config_error(
    pattern: str, reason: str
) -> None:
    with pytest.raises(FamilyConfigError) as info:
        build_matcher({"Orca": {"patterns": ["orca-\\d", pattern]}})
    message = str(info.value)
    assert message.startswith("families.Orca.patterns[1]: not supported by the linear-time "
                              "engine (RE2): "), message
    assert reason in message


def test_lookaround_error_says_what_user_patterns_cannot_use() -> None:
    with pytest.raises(FamilyConfigError, match="cannot use backreferences, lookahead or "
                       "lookbehind"):
        build_matcher({"Orca": {"patterns": [r"orca(?=-\d)"]}})


def test_user_patterns_keep_the_documented_prefixes_on_re2() -> None:
    m = build_matcher({
        "Lower": {"patterns": [r"(?#lower)qwerty-\d"]},
        "Exact": {"patterns": [r"(?-i)\bYi-\d"]},
        "Posix": {"patterns": [r"[[:upper:]]{3}-net\b"]},
    })
    assert m.match("QWERTY-2") == ["Lower"]
    assert m.match("Yi-34B") == ["Exact"] and m.match("yi-34b") == []
    assert m.match("ABC-net") == ["Posix"] and m.match("abc-net") == ["Posix"]
    assert m.match("nothing") == []


def test_re2_is_imported_only_when_user_patterns_exist() -> None:
    code = (
        "import sys; from papercli.families import build_matcher as b; "
        "b().match('Qwen2'); b({'O': {'words': ['Orca']}}).match('Orca'); "
        "before = 're2' in sys.modules; "
        "b({'O': {'patterns': ['orca']}}).match('orca'); "
        "print(before, 're2' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, check=True)
    assert proc.stdout.split() == ["False", "True"]
    assert proc.stderr == ""  # RE2's own logging stays off


def _long_items() -> list[dict[str, Any]]:
    """Three seed items with a long pathological abstract, one also naming Orca."""
    items = [item_for_day(item, TODAY) for item in seed_items()[:3]]
    for item in items:
        item["paper"]["summary"] = LONG_ABSTRACT
    items[1]["paper"]["summary"] = LONG_ABSTRACT + " We compare with Orca-2."
    return items


def test_pathological_patterns_cannot_hang_import_search_or_today(
    hub: HubServer, home: Home, tmp_path: Path
) -> None:
    items = _long_items()
    orca = items[1]["paper"]["id"]
    src = tmp_path / "long.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    # Imported first with no user family: the next command re-tags the whole library.
    assert run_process("import", str(src)).returncode == 0
    write_config(home, _pathological_config())
    # Each would run for hours on `re`; the timeout only keeps a regression from hanging CI.
    found = run_process("search", "word", "--offline", "--json", "-n", "0", timeout=120)
    assert found.returncode == 0, found.stderr
    assert {p["id"]: "Orca" in p["families"] for p in json.loads(found.stdout)} == {
        item["paper"]["id"]: item["paper"]["id"] == orca for item in items
    }
    again = run_process("import", str(src), timeout=120)
    assert again.returncode == 0, again.stderr
    hub.set_day(TODAY, items)
    today = run_process("today", "--json", timeout=120)
    assert today.returncode == 0, today.stderr
    listed = json.loads(today.stdout)
    assert [p["id"] for p in listed] == [item["paper"]["id"] for item in items]
    assert [p["id"] for p in listed if "Orca" in p["families"]] == [orca]


def test_unsupported_user_pattern_is_one_clear_line_through_the_cli(
    library: Any, home: Home
) -> None:
    write_config(home, "[families.Orca]\npatterns = ['orca(?!s)']\n")
    result = library("search", "llava", "--offline")
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line == "papers: error: config.toml, line 2: not supported by the linear-time engine"
    line = one_line(library("search", "llava", "--offline", env={"PAPERS_DEBUG": "1"}).stderr)
    assert line.startswith("papers: error: ")
    assert "families.Orca.patterns[0]: not supported by the linear-time engine" in line
    assert str(home.config_file) in line


def test_text_utf8_cannot_carry_does_not_break_user_patterns() -> None:
    m = build_matcher({"Orca": {"patterns": ["orca"]}})
    assert m.match("A \ud800 Orca", "and \udfff more") == ["Orca"]
    assert m.match("", "nothing \udfff here") == []
    with pytest.raises(FamilyConfigError, match=r"patterns\[0\]: invalid regex"):
        build_matcher({"Orca": {"patterns": ["or\ud800ca"]}})


# Regex-ish text: the characters that make patterns interesting, plus anything at all.
_REGEX_CHARS = st.sampled_from(list("()[]{}?*+|^$\\.-:=!<>#PpwdsbBAzZ0123456789aoOrc ,i"))
_PATTERNS = st.one_of(st.text(_REGEX_CHARS, max_size=30), st.text(max_size=30))


@settings(max_examples=300, deadline=None)
@given(pattern=_PATTERNS, text=st.text(max_size=200))
def test_any_user_pattern_is_accepted_or_a_config_error(pattern: str, text: str) -> None:
    try:
        m = build_matcher({"X": {"patterns": [pattern]}})
    except FamilyConfigError as exc:
        assert str(exc).startswith("families.X.patterns"), str(exc)
        return
    got = m.match(text, text, [text])
    assert [f for f in got if f != "X"] == build_matcher().match(text, text, [text])


@pytest.mark.parametrize(("text", "line"), [
    ('# mine\n\n[families.foo]\naliases = ["f"]\n', 3),
    ('# mine\n[families.foo]\nwords = ["Foo", "--"]\n', 3),
    ('[families.foo]\nwords = ["Foo"]\n\n[families.bar]\nwords = ["Bar"]\naliases = ["FOO"]\n',
     6),
    ('[network]\ntimeout = 5\n\n[families."Orca:2"]\nwords = [3]\n', 5),  # a ":" in the name
])
def test_a_bad_family_definition_names_its_line(home: Home, text: str, line: int) -> None:
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(text, encoding="utf-8")
    result = run("config", "show", env={"PAPERS_DEBUG": "1"})  # (the whole path)
    assert result.exit_code == 1
    assert f"config file {home.config_file}, line {line}: families." in one_line(result.stderr)
    assert f"config.toml, line {line}: " in one_line(run("config", "show").stderr)


@pytest.mark.parametrize("args", [(), ("qwen2",), ("-n", "3")])
def test_families_of_an_empty_library_say_so_instead_of_a_table_of_zeros(
        home: Home, args: tuple[str, ...]) -> None:
    result = run("families", *args)
    assert result.exit_code == 0
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert line == ("papers: the library is empty, so no family has papers yet "
                    "(papers sync fills it)")
    assert len(line) <= 80


def test_families_json_of_an_empty_library_is_an_empty_list(home: Home) -> None:
    result = run("families", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "library is empty" in one_line(result.stderr)


def test_families_of_a_library_with_papers_list_every_family(library: Any) -> None:
    result = library("families", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["name"] for r in rows] == REQUIRED_BUILTINS
    assert sum(r["papers"] for r in rows) > 0
    assert result.stderr == ""


# -- the counts are of what `search --family` lists ------------------------------------


def _counts(result: Any) -> dict[str, int]:
    assert result.exit_code == 0, result.stderr
    return {r["name"]: r["papers"] for r in json.loads(result.stdout)}


def _listed(papers: Any, family: str, *more: str) -> list[str]:
    result = papers("search", "--family", family, "-n", "0", "--json", *more)
    assert result.exit_code == 0, result.stderr
    return list(result.ids)


def test_a_hidden_paper_leaves_its_familys_count_as_it_leaves_the_listing(
        library: Any) -> None:
    before = _counts(library("families", "--json"))
    llama, llava = _listed(library, "LLaMA"), _listed(library, "LLaVA")
    assert before["LLaMA"] == len(llama) and before["LLaVA"] == len(llava)
    gone = [llama[0], llava[-1]]
    assert library("hide", *gone).exit_code == 0
    after = _counts(library("families", "--json"))
    for family in ("LLaMA", "LLaVA", "Qwen"):
        listed = _listed(library, family)
        assert not set(gone) & set(listed)
        assert after[family] == len(listed), family
        assert after[family] == before[family] - len(set(gone) & set(
            _listed(library, family, "--hidden")))
    assert after["LLaMA"] < before["LLaMA"] and after["LLaVA"] < before["LLaVA"]
    # --hidden counts them again, as `search --hidden` lists them
    every = _counts(library("families", "--hidden", "--json"))
    assert every == before
    for family in ("LLaMA", "LLaVA"):
        assert every[family] == len(_listed(library, family, "--hidden"))


def test_one_familys_count_leaves_the_hidden_out_and_names_the_listing(
        library: Any) -> None:
    llava = _listed(library, "LLaVA")
    assert library("hide", llava[0]).exit_code == 0
    shown = library("families", "llava")
    assert shown.exit_code == 0
    lines = shown.stdout.splitlines()
    assert lines[0] == f"LLaVA: {len(llava) - 1} papers"
    # the search that lists them is a hint, on stderr: it was the table's last line
    assert "papers search" not in shown.stdout
    assert shown.stderr == "papers: to list its papers: papers search --family LLaVA\n"
    every = library("families", "llava", "--hidden")
    assert every.exit_code == 0
    assert every.stdout.splitlines()[0] == f"LLaVA: {len(llava)} papers"
    assert every.stderr == ("papers: to list its papers: papers search --family LLaVA "
                            "--hidden\n")


def test_families_over_a_damaged_user_database_count_the_hidden_and_say_so(
        library: Any, home: Home) -> None:
    from test_library_file import damage_tables

    llama = _listed(library, "LLaMA")
    assert library("hide", llama[0]).exit_code == 0
    user = home.data / "papercli" / "user.db"
    damage_tables(user, "hidden")
    result = library("families", "--json")
    assert result.exit_code == 0
    assert _counts(result)["LLaMA"] == len(llama)  # as `search` then lists it
    assert len(_listed(library, "LLaMA")) == len(llama)
    line = one_line(result.stderr)
    # (in 80 columns: the path is said under PAPERS_DEBUG)
    assert line == "papers: warning: the user database is damaged; hidden papers are counted"


def test_orgs_and_families_take_offline_as_the_listings_do(library) -> None:
    """`papers orgs --offline` was a usage error ("papers orgs never uses the network —
    leave --offline out") where `papers today --offline` and `papers search --offline`,
    which read the same library, take it: a script passing it to every listing failed.
    The two library listings take it now, and list what they list without it; an option
    that asks them to fetch (`--refresh`) is still refused."""
    for command in ("orgs", "families"):
        plain = library(command, "--json")
        offline = library(command, "--offline", "--json")
        assert offline.exit_code == plain.exit_code == 0, offline.stderr
        assert (offline.stdout, offline.stderr) == (plain.stdout, plain.stderr)
        refused = library(command, "--refresh")
        assert (refused.exit_code, refused.stdout) == (2, "")
        assert one_line(refused.stderr) == (f"papers: error: papers {command} never uses the "
                                            "network — leave --refresh out")


@pytest.mark.parametrize(("text", "line", "said"), [
    ('[families.X]\npatterns = 5\n', 2, "must be a list of strings, got 5"),
    ('[families.X]\npatterns = [5]\n', 2, "must be a string, got 5"),
    ('[families.X]\nenabled = "no"\n', 2, "must be true or false, got 'no'"),
    ('[families]\nX = 3\n', 2, "must be a table"),
    ('[families.X]\nwordz = ["a"]\n', 2, "unknown key"),
    ('[families.X]\naliases = ["a"]\n', 1, "needs `words` or `patterns`"),
    ('[families.X]\npatterns = ["(a"]\n', 2, "invalid regex"),
    ('[families.X]\npatterns = ["a*"]\n', 2, "matches the empty string"),
    ('[families.X]\nwords = ["llama"]\naliases = ["LLaMA"]\n', 3, "already names LLaMA"),
    ('[families.X]\nwords = ["a"]\n[families.x]\nwords = ["b"]\n', 3, "same family"),
    ("families = 3\n", 1, "families must be a table"),
])
def test_a_bad_family_definition_is_said_in_80_columns(home: Home, text: str, line: int,
                                                       said: str) -> None:
    """A mistake in `[families.NAME]` was said with the whole path and key and no fix,
    128 to 178 columns ("config file /home/me/.config/papercli/config.toml, line 2:
    families.X.patterns: must be a list of strings, got int"), naming Python's types;
    now as a bad setting is said: the file's name and line, what is wrong, the fix where
    it fits. PAPERS_DEBUG=1 says all of it."""
    write_config(home, text)
    for args in (("config", "show"), ("families",)):
        result = run(*args)
        got = one_line(result.stderr)
        assert result.exit_code == 1 and result.stdout == "", args
        assert got.startswith(f"papers: error: config.toml, line {line}: "), got
        assert said in got and len(got) <= 80, got
        assert not re.search(r"\bgot (int|str|float|bool|list|dict)\b", got), got
    whole = one_line(run("config", "show", env={"PAPERS_DEBUG": "1"}).stderr)
    assert whole.startswith(f"papers: error: config file {home.config_file}, line {line}: ")
    assert "families" in whole and said in whole, whole
