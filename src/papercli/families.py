r"""Model-family detection: which ML model families a paper names.

A family badge is only useful if it can be trusted, so the built-in rules are written for
precision first: a missed badge costs little, a wrong one ("phi coefficient" tagged as
Microsoft's Phi) teaches the reader to ignore badges. The rules live here as data (regex
sources), so the fingerprint of the definitions changes whenever a rule does, and a
library can recompute its stored families only when needed.

Matching runs over every paper at import time (10^5-10^6 of them), so each family carries
cheap substring *hints*: its regexes only run when one of the hints occurs in the text.

Built-in rules are ours and use `re`. Patterns from the user's config run on RE2 (the
google-re2 package, imported only when such patterns exist), whose matching time is
linear in the text: a pattern like `(\w+\s?)+Orca` that backtracks for hours in `re`
cannot hang a command or the re-tagging of a whole library. RE2 has no backreferences
or lookaround; a pattern that needs them is a config error naming the family.
This module is core code: stdlib only (plus RE2 for user patterns), no typer, no rich.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

from papercli.sanitize import quoted

if TYPE_CHECKING:
    from papercli.errors import UsageError

__all__ = [
    "Family",
    "FamilyConfigError",
    "FamilyMatcher",
    "UnknownFamily",
    "build_matcher",
    "builtin_families",
    "families_from_config",
]

# Bump when the *code* that turns definitions into regexes changes meaning (e.g. the word
# compiler below), so stored families are recomputed even though no definition changed.
RULES_VERSION = 1

# A pattern starting with this is compiled case-sensitively; every other pattern (and
# every word) is compiled with re.IGNORECASE. Python rejects a global "(?-i)", so we
# strip it ourselves; scoped "(?-i:...)" groups work as usual anywhere.
CASE_SENSITIVE_PREFIX = "(?-i)"
# A pattern starting with this regex comment runs case-sensitively on the lowercased text:
# case-insensitive in effect, yet `re` keeps its fast literal search (see compile_pattern).
LOWER_PREFIX = "(?#lower)"

CONFIG_KEYS = ("words", "patterns", "aliases", "enabled")

# Joins title, abstract and keywords: a blank line, so rules that look at "the next
# word" (Claude Shannon, Whisper model) never read across from the title into the abstract.
_PART_SEPARATOR = "\n\n"
# Papers matched before the hints of every family are looked up in one pass (_HintGate).
GATE_AFTER = 64


class FamilyConfigError(ValueError):
    """A `[families.*]` entry in the config file is invalid: `key` is its dotted key (where
    the file's line is looked up), and the message names it, with the list item's index."""

    def __init__(self, key: str, problem: str, index: int | None = None) -> None:
        self.key = key
        self.problem = problem
        # the key's last part and the item, as the file's line spells it (`patterns[0]`)
        self.item = key.rpartition(".")[2] + ("" if index is None else f"[{index}]")
        super().__init__(f"{key}{'' if index is None else f'[{index}]'}: {problem}")

    @property
    def brief(self) -> str:
        """What is wrong in a few words, for a line with no room for the rest: "invalid
        regex", "must be a string", without the value, the regex's complaint or the
        example."""
        return self.problem.partition(" (")[0].partition(": ")[0].partition(", ")[0]


class UnknownFamily(LookupError):
    """A family name or alias that no active family answers to; `off`, the family it
    names that the config switched off (`enabled = false`), if any."""

    def __init__(self, name: str, known: Sequence[str], off: str | None = None,
                 named: str | None = None) -> None:
        self.name = name
        self.known = tuple(known)
        self.off = off
        from papercli.words import closest

        # Names are matched in any case, so likeness is too: `lama` is LLaMA, not Mamba.
        # A family switched off is none other: "did you mean LLaMA?" for LLaVA switched
        # off (a watch on it, from before) sent the user to another family. `named`: the
        # one family a paper saying the name is of (Qwen2.5-VL is Qwen's, like no name).
        self.close = None if off else named or closest(name, self.known)
        # Said as the command line's --family says it: the close name, or where the list
        # is (all twenty names in a line made it 220 columns wide).
        self.message = (f"family {off} is switched off" if off
                        else f"unknown family {quoted(name)}")
        self.hint = ("papers config edit switches it on" if off
                     else f"did you mean {self.close}?" if self.close
                     else f"papers families lists all {len(self.known)}")
        super().__init__(f"{self.message} — {self.hint}")

    def usage(self) -> UsageError:
        """The usage error the command line says for it: in 80 columns, a long name
        typed quoted shorter (quoted whole, 60 characters, it took 125 columns)."""
        from papercli.errors import UsageError, quoting_shorter
        from papercli.redaction import redact  # (a token cut short is no longer one to hide)

        def said(shown: str) -> str:
            return f"unknown family {shown}"

        # (a name of 22 letters was cut to 20: the hint is said briefer first)
        error = UsageError(self.message, hint=self.hint)
        off = self.off
        if off:  # (the family's own name, not what was typed: nothing long to cut)
            # (after a watch's file and line, "family LLaVA is switched off" left no
            # room for how to switch it on: the family's name alone, then "off")
            error.shorter = [(self.message, "see papers config edit"), *(
                (f"{off} is {state}", hint) for state, hints in (
                    ("switched off", (self.hint, "see papers config edit", "papers config edit")),
                    ("off", ("see papers config edit", "papers config edit")))
                for hint in hints)]
            return error
        def briefly(shown: str) -> str:
            return f"no family {shown}"

        # (the name it is like kept before the longer lead: a watch's line, after the
        # file and its line, said "see papers families" for `Llavaa`, not LLaVA)
        error.shorter = quoting_shorter(said, redact(self.name), self.hint, [
            *([(briefly, self.hint)] if self.close else []),
            (said, "see papers families"), (briefly, "see papers families")])
        return error


class Family(NamedTuple):
    """One model family and the rules that detect it.

    `patterns` are regex sources compiled with re.IGNORECASE unless they start with
    "(?-i)" (case-sensitive) or "(?#lower)" (case-sensitive, on the lowercased text;
    write the pattern in lowercase). `words` are literal names matched whole-word,
    case-insensitively, tolerating version/size suffixes and CamelCase compounds.
    `hints` gate `patterns` for speed:
    the patterns only run if some hint occurs in the text (an all-lowercase hint is looked
    up in the lowercased text, any other hint in the text as written); no hints means
    the patterns always run. Words get their hints automatically.
    """

    name: str
    aliases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    builtin: bool = True
    hints: tuple[str, ...] = ()
    enabled: bool = True

    def definition(self) -> dict[str, Any]:
        """Everything that affects matching or naming, for the fingerprint."""
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "patterns": list(self.patterns),
            "words": list(self.words),
            "builtin": self.builtin,
            "hints": list(self.hints),
            "enabled": self.enabled,
        }


# -- built-in rules -------------------------------------------------------------------
#
# Every built-in pattern starts with a literal, so `re` can use its fast literal search
# instead of trying each position of a 1,500-character abstract: "name must not follow a
# letter" is therefore written as a lookbehind *after* the literal (see `_tok`). Patterns
# marked `_cs` are case-sensitive on the text as written; `_lc` ones run on the lowercased
# text (case-insensitive in effect, and still fast).

# "Claude Shannon", "Claude E. Shannon": the next word on the same line (or the next line
# of a hard-wrapped abstract) is a capitalised name or an initial.
_THEN_NAME = r"(?:[ \t]+|[ \t]*\n[ \t]*)(?:[A-Z][a-z]+\b|[A-Z]\.)"

# Software named after LLaMA that is not a model: the llama.cpp runtime, the LLaMA-Factory
# fine-tuning framework (any case, so it works on the text as written and lowercased).
_NOT_LLAMA_TOOL = r"(?!\.[Cc][Pp][Pp]\b|[-_ ]?[Ff](?:actory|ACTORY)\b)"


def _tok(literal: str, not_after: str = "A-Za-z0-9") -> str:
    """`literal` not preceded by any of the `not_after` characters (a token start)."""
    return f"{literal}(?<![{not_after}]{re.escape(literal)})"


def _cs(*sources: str) -> tuple[str, ...]:
    """Built-in sources matched case-sensitively on the text as written."""
    return tuple(CASE_SENSITIVE_PREFIX + s for s in sources)


def _lc(*sources: str) -> tuple[str, ...]:
    """Built-in sources matched on the lowercased text (so: write them in lowercase)."""
    return tuple(LOWER_PREFIX + s for s in sources)


_BUILTINS: tuple[Family, ...] = (
    Family(
        "LLaMA",
        aliases=("llama2", "llama3", "llama 2", "llama 3", "code llama", "codellama", "meta llama"),
        patterns=(
            # Llama, LLaMA-2, llama-2-7b, LLAMA3, LLaMa, Code Llama; not llamas, not LLaMP,
            # nor the tools named after it (llama.cpp, LLaMA-Factory, LlamaIndex and kin)
            *_lc(_tok("llama", "a-z0-9") + r"(?![a-z])" + _NOT_LLAMA_TOOL),
            *_cs(
                # the exact spelling anywhere in a token: LLaMAntino, TinyLLaMA
                r"LLaMA" + _NOT_LLAMA_TOOL,
                r"Llama(?<=[a-z]Llama)(?![a-z])",  # TinyLlama, CodeLlama
                # LlamaFusion, LlamaGen; not LlamaIndex and its LlamaParse/Extract/Cloud
                _tok("Llama") + r"(?=[A-Z])(?!Index|Parse|Extract|Cloud)",
            ),
        ),
        hints=("llama",),
    ),
    Family(
        "LLaVA",
        aliases=("llava-next", "llava-1.5", "llava-onevision"),
        patterns=(
            # LLaVA, LLaVA-1.5, llava-hf ids, Video-LLaVA, LLaVa; not LLaVolta
            *_lc(_tok("llava", "a-z0-9") + r"(?![a-z])"),
            *_cs(
                r"LLaVA",  # LLaVAR, TinyLLaVA
                r"Llava(?<=[a-z]Llava)(?![a-z])",
                _tok("Llava") + r"(?=[A-Z])",
            ),
        ),
        hints=("llava",),
    ),
    Family(
        "Qwen",
        aliases=("qwen-vl", "qwen2", "tongyi qianwen"),
        patterns=_lc(r"qwen"),  # Qwen2.5-VL, CodeQwen; no English word contains it
        hints=("qwen",),
    ),
    Family(
        "Mistral",
        aliases=("mixtral", "mistral ai", "mistralai"),
        patterns=(
            *_cs(
                _tok("Mistral") + r"(?![a-z])",  # the wind is lowercase
                _tok("mistral") + r"(?:-?\d|ai\b|-(?:instruct|nemo|large|small|medium|tiny)\b)",
            ),
            *_lc(_tok("mixtral", "a-z0-9")),  # Mixtral-8x7B
        ),
        hints=("mistral", "mixtral"),
    ),
    Family(
        "Gemma",
        aliases=("codegemma", "paligemma", "recurrentgemma"),
        patterns=_cs(
            _tok("Gemma", "A-Z0-9") + r"(?![a-z])",  # Gemma-2, PaliGemma, CodeGemma
            _tok("gemma") + r"-?\d",  # google/gemma-2b, gemma2-9b
        ),
        hints=("gemma",),
    ),
    Family(
        "Gemini",
        aliases=("google gemini",),
        patterns=_cs(
            _tok("Gemini") + r"(?![a-z])",  # not all-caps GEMINI, a common acronym
            _tok("gemini") + r"-(?:\d|pro|ultra|nano|flash|exp)",
        ),
        hints=("gemini",),
    ),
    Family(
        "GPT",
        aliases=("chatgpt", "gpt-4", "gpt4", "gpt-3.5", "openai gpt", "instructgpt"),
        patterns=(
            # GPT-4o, GPT4V, GPTs, ChatGPT, InstructGPT, GPTScore, GPT-based; not GPTQ /
            # GPTVQ / GPTAQ (quantisation methods), not inside an all-caps token. A name
            # glued to it is someone else's model or method (CityGPT, SparseGPT, scGPT,
            # Moto-GPT), so it counts only as OpenAI's own (ChatGPT, InstructGPT,
            # Chat-GPT, SearchGPT) or with a GPT version (MiniGPT-4, ShareGPT4V, PaSa-GPT-4o).
            *_cs(
                _tok("GPT", "A-Z")
                + r"(?![AV]?Q)(?![a-rt-z]|s[a-z])"
                + r"(?:(?<![A-Za-z0-9]GPT)(?<![A-Za-z0-9]-GPT)"
                r"|(?<=ChatGPT)|(?<=[Cc]hat-GPT)|(?<=InstructGPT)|(?<=SearchGPT)"
                r"|(?=-?(?:[2-5]|4o)))"
            ),
            # gpt-4o-mini, gpt2, gpt-3.5-turbo, chatgpt
            *_lc(_tok("gpt", "a-z0-9") + r"-?\d", _tok("chatgpt", "a-z0-9") + r"(?![a-z])"),
        ),
        hints=("gpt",),
    ),
    Family(
        "Claude",
        aliases=("anthropic claude",),
        patterns=_cs(
            # bare "Claude" unless a surname or initial follows (Claude Shannon);
            # never "Jean-Claude"
            _tok("Claude", "A-Za-z0-9-") + r"(?![a-z])(?!" + _THEN_NAME + ")",
            # Claude 3 Opus, Claude Sonnet, Claude-2, Claude Instant, Claude Code
            _tok("Claude", "A-Za-z0-9-")
            + r"(?=[-\s]+(?:\d|v\d|Opus|Sonnet|Haiku|Instant|Code)\b)",
            _tok("claude") + r"-(?:\d|v\d|instant|opus|sonnet|haiku)",
            # the model's own name with a Claude version, without "Claude": Sonnet 3.5,
            # Opus 4.6, Haiku-4.5 (never a bare "opus" or a numbered sonnet of a poet)
            *(
                _tok(name, "A-Za-z0-9") + r"(?=[-\s]?[34](?:\.[0-9])?(?![0-9]|\.[0-9]))"
                for name in ("Opus", "Sonnet", "Haiku")
            ),
        ),
        hints=("claude", "Opus", "Sonnet", "Haiku"),
    ),
    Family(
        "DeepSeek",
        aliases=("deepseek-v3", "deepseek-r1", "deepseek-coder"),
        patterns=_lc(r"deepseek"),  # DeepSeekMath, DeepSeek-V3, deepseek-ai
        hints=("deepseek",),
    ),
    Family(
        "Phi",
        aliases=("microsoft phi", "phi-3", "phi3"),
        patterns=_cs(
            # needs a version: Phi-3, phi-1.5, Phi-3.5-mini, Phi 4; never \phi, phi_i, φ,
            # "the phi coefficient", philosophy
            _tok("Phi-", "A-Za-z0-9\\\\") + r"[1-4](?:\.5)?(?![0-9]|\.[0-9])",
            _tok("phi-", "A-Za-z0-9\\\\") + r"[1-4](?:\.5)?(?![0-9]|\.[0-9])",
            _tok("Phi", "A-Za-z0-9\\\\") + r" ?[1-4](?:\.5)?(?![0-9]|\.[0-9])",
            r"Microsoft(?:'s|’s)?\s+Phi(?![a-z])",
        ),
        hints=("Phi", "phi-"),
    ),
    Family(
        "Mamba",
        aliases=("mamba2", "mamba-2", "vision mamba"),
        patterns=_cs(
            # Mamba, Mamba-2, VMamba, VideoMamba, MambaOut; not all-caps MAMBA (an
            # unrelated acronym), not the lowercase snake
            r"Mamba(?![a-z])",
            _tok("mamba") + r"(?:-?\d|[-_]ssm\b|-chat\b)",  # state-spaces/mamba-130m
        ),
        hints=("mamba",),
    ),
    Family(
        "CLIP",
        aliases=("openclip", "open_clip"),
        patterns=(
            # CLIP, OpenCLIP, MedCLIP, EVA-CLIP, CLIPScore, CLIP score; not ECLIPSE,
            # CLIPPING, CLIPS, CLIPPED, nor an acronym that merely starts with the letters
            # (CLIPO, CLIPER: a capital that no lowercase follows), never lowercase "clip"
            *_cs(_tok("CLIP", "A-Z") + r"(?!P|[A-Z](?![a-z]))"),
            *_lc(_tok("clip-vit", "a-z0-9"), r"open_clip", _tok("openclip", "a-z0-9")),
        ),
        hints=("clip",),
    ),
    Family(
        "Whisper",
        aliases=("openai whisper", "whisperx"),
        patterns=_cs(
            # capitalised, not "a/the Whisper", not "Whisper of" (prose), not Whispering
            _tok("Whisper")
            + r"(?<![Aa] Whisper)(?<![Tt]he Whisper)(?![a-z])(?!\s+of\b)",
            # ... but "a/the Whisper model", Whisper-large-v3, Whisper-AT, Distil-Whisper
            _tok("Whisper")
            + r"(?=-|\s+(?:tiny|base|small|medium|large|turbo|v\d|models?|encoder|"
            r"decoder|ASR|checkpoints?|baselines?|family|features|embeddings|"
            r"transcri\w*)\b)",
            r"Whisper(?<=[a-z]Whisper)(?![a-z])",  # DistilWhisper
            _tok("whisper") + r"-(?:tiny|base|small|medium|large|turbo|v\d)",
        ),
        hints=("whisper",),
    ),
    Family(
        "Falcon",
        aliases=("falcon llm", "falconmamba"),
        patterns=_cs(
            # a bare "Falcon" is too often an unrelated method name, so it needs a size
            # or version (Falcon-40B, Falcon 2, Falcon3), a model word, or a list context
            _tok("Falcon") + r"(?=[-\s]?(?:\d|Mamba\b)|-(?:Instruct|H1|RW)\b)",
            _tok("Falcon") + r"(?=\s+(?:LLMs?|models?|family|series)\b)",
            r"TII(?:'s|’s)?\s+Falcon(?![a-z])",
            r"Falcon(?:(?<=, Falcon)|(?<=, and Falcon)|(?<=, or Falcon))"
            r"(?=\s*[,;)]|\s+(?:and|or)\b)",
            _tok("falcon") + r"-(?:\d|mamba|rw)",  # tiiuae/falcon-7b
        ),
        hints=("falcon",),
    ),
    Family(
        "BERT",
        aliases=("roberta", "distilbert", "albert", "deberta", "sbert"),
        patterns=_cs(
            # BERT and its named descendants: RoBERTa, DistilBERT, SciBERT, DeBERTa,
            # ModernBERT, HuBERT, ColBERT, BERTScore. Case matters: not Robert, Albert,
            # nor all-caps ROBERT/GILBERT; ALBERT and SBERT are listed explicitly.
            _tok("BERT", "A-Z"),
            _tok("ALBERT") + r"(?![a-z])",
            _tok("SBERT") + r"(?![a-z])",
            r"berta?-(?:base|large|tiny|mini|small|medium|v\d|uncased|cased)\b",  # ids
        ),
        hints=("bert",),
    ),
    Family(
        "T5",
        aliases=("flan-t5", "mt5", "byt5", "codet5"),
        patterns=_cs(
            # T5, Flan-T5, mT5, ByT5, CodeT5+, T5-XXL, T5v1.1; not inside an all-caps or
            # numbered token (GT5, T55, T5X), not a T1-T5 / T4, T5 series, not vertebrae
            _tok("T5", "A-Z0-9")
            + r"(?<!T\d[-–]T5)(?<!T\d, T5)(?<!T\d,T5)(?:v1\.1|v1_1)?(?![A-Za-z0-9])"
            r"(?!\s*[-–]\s*T\d|\s+(?:and|to|or)\s+T\d|,\s*T\d)"
            r"(?!\s+(?:vertebra\w*|level|spinal|segment|nerve|dermatome)\b)",
            r"t5(?:(?<![A-Za-z0-9]t5)|(?<=[^A-Za-z0-9]mt5)|(?<=[^A-Za-z0-9]byt5))"
            r"-(?:small|base|large|xl|xxl|3b|11b|v1)",  # t5-base, google/flan-t5-xl
        ),
        hints=("t5",),
    ),
    Family(
        "Stable Diffusion",
        aliases=("sd", "sdxl", "sd3", "stable-diffusion", "stablediffusion"),
        patterns=(
            # both words, capitalised: "numerically stable diffusion" is not the model
            *_cs(r"Stable(?:[-\s]?|\s+Video\s+)Diffusion"),
            *_lc(r"stable[-_]diffusion"),  # runwayml/stable-diffusion-v1-5
            # SD only with a version: SDXL, SD-XL, SD1.5, SD2.1, SD3, SD3.5, SD-Turbo,
            # SD Turbo, SD v1.4; a bare or spaced "SD 1.5" is a standard deviation
            *_cs(
                _tok("SD")
                + r"(?:XL|-XL|-?(?:1\.[45x]|2\.[01x]|3(?:\.5)?)|[-\s]Turbo"
                r"|[-\s]?v(?:1\.[45]|2\.[01]|3(?:\.5)?))"
                r"(?![A-Za-z0-9]|\.[0-9])"
            ),
        ),
        hints=("stable", "SD"),
    ),
    Family(
        "InternVL",
        aliases=("internvl2", "internvl-chat"),
        # InternVL2, InternVL2.5, Mini-InternVL; not InternVLA, another model series
        patterns=_lc(r"internvl(?!a)"),
        hints=("internvl",),
    ),
    Family(
        "Vicuna",
        aliases=("vicuna-13b",),
        patterns=_cs(
            _tok("Vicuna") + r"(?![a-z])",  # the animal (vicuña, vicuna) is lowercase
            _tok("vicuna") + r"-(?:\d|v\d)",  # lmsys/vicuna-7b-v1.5
        ),
        hints=("vicuna",),
    ),
    Family(
        "Segment Anything",
        aliases=("sam", "sam2", "sam 2", "sam-2", "segment-anything"),
        patterns=(
            *_cs(r"Segment[-\s]?Anything"),
            *_lc(r"segment-anything"),
            # An uppercase "SAM" token (SAM, SAM 2, SAM2, MedSAM, HQ-SAM; not SAMPLE,
            # CSAM) is also Sharpness-Aware Minimization and many a "... Module (SAM)",
            # so it counts only in a text that talks about segmentation and neither
            # mentions sharpness-aware nor defines "(SAM)" as something else.
            *_cs(
                r"\A(?=(?s:.*)SAM(?<![A-Z0-9]SAM)(?![A-Za-z]))(?=(?s:.*)[Ss]egment)"
                r"(?!(?s:.*)[Ss]harpness[-\s][Aa]ware)(?!(?s:.*)\(SAM\))"
            ),
        ),
        hints=("SAM", "anything"),
    ),
)


def builtin_families() -> list[Family]:
    """The shipped families, in display order (a fresh list the caller may change)."""
    return list(_BUILTINS)


# -- words ----------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s_\-]+")
_ALNUM_RUN = re.compile(r"[^\W_]+")


def word_regex(word: str) -> str:
    """Regex source (for re.IGNORECASE) matching a literal name like the built-ins do.

    "Orca" matches Orca, orca, Orca-2, Orca2, Orca 13B, Orca-Math, and, when written with
    a capital, CamelCase compounds OpenOrca and OrcaMath; not Orcas or Porcaro. Spaces,
    "-" and "_" in a word match any run of them, or none ("Code Llama" ~ CodeLlama).
    """
    text = word.strip()
    parts = [p for p in _SEPARATORS.split(text) if p]
    core = r"[\s_\-]*".join(re.escape(p) for p in parts)
    last = text[-1]
    if last.isdigit():
        right = r"(?![^\W_])"  # a trailing version digit ends the name: T5 is not T55/T5X
    elif last.isalnum():
        right = r"(?![^\W\d_])"  # digits may follow: versions (Orca2)
    else:
        right = ""
    left = r"(?<![^\W_])" if text[0].isalnum() else ""
    alternatives = [left + core + right]
    if text[0].isupper():
        # CamelCase compounds, only with the case as written: OpenOrca, OrcaMath.
        alternatives.append(f"(?-i:(?<=[a-z]){core}(?![a-z]))")
        alternatives.append(f"(?-i:{left}{core}(?=[A-Z][a-z]))")
    return "|".join(alternatives)


def _word_hint(word: str) -> str | None:
    runs = _ALNUM_RUN.findall(word.lower())
    return max(runs, key=len) if runs else None


# -- compiled form --------------------------------------------------------------------


def compile_pattern(source: str) -> tuple[re.Pattern[str], bool]:
    """Compile a family pattern; the flag says "search the lowercased text".

    IGNORECASE unless the source starts with "(?-i)". A source starting with
    "(?#lower)" (a regex comment) is matched case-sensitively against the lowercased
    text: the same result as IGNORECASE for an all-lowercase pattern, but it lets `re`
    use its fast literal search, which IGNORECASE disables.
    """
    if source.startswith(LOWER_PREFIX):
        return re.compile(source[len(LOWER_PREFIX) :]), True
    if source.startswith(CASE_SENSITIVE_PREFIX):
        return re.compile(source[len(CASE_SENSITIVE_PREFIX) :]), False
    return re.compile(source, re.IGNORECASE), False


class UnsupportedPattern(ValueError):
    """A user pattern that RE2, the linear-time engine, cannot run (or cannot parse)."""


class Searcher(Protocol):
    """What the matcher needs of a compiled pattern: `re.Pattern` and RE2's both fit."""

    def search(self, text: str, /) -> object: ...


class _Re2Search:
    """An RE2 regex behind the matcher's `search(str)`.

    The text goes in as UTF-8 bytes, which RE2 reads natively (cheaper than letting the
    wrapper encode and map offsets back); a lone surrogate, which UTF-8 cannot carry,
    becomes "?" instead of an exception in the middle of an import.
    """

    __slots__ = ("_regex",)

    def __init__(self, regex: Any) -> None:
        self._regex = regex

    def search(self, text: str, /) -> object:
        return self._regex.search(text.encode("utf-8", "replace"))


def _re2_message(exc: Exception) -> str:
    """RE2's reason as text (its errors carry bytes)."""
    reason = exc.args[0] if exc.args else exc
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)


def compile_user_pattern(source: str) -> tuple[Searcher, bool]:
    """Compile a pattern from the config on RE2; the flag says "search the lowercased text".

    Same prefixes and case rules as `compile_pattern`. Raises UnsupportedPattern with a
    message for the user: Python's own for a pattern that is not a regex at all, RE2's
    (with what it lacks) for one that only `re` could run.
    """
    lower = source.startswith(LOWER_PREFIX)
    sensitive = lower or source.startswith(CASE_SENSITIVE_PREFIX)
    body = source[len(LOWER_PREFIX if lower else CASE_SENSITIVE_PREFIX) :] if sensitive else source
    try:
        import re2  # type: ignore[import-untyped]  # only when the config has patterns
    except ImportError:  # a broken install: the package is a declared dependency
        raise UnsupportedPattern(
            "needs the google-re2 package, which runs user patterns in linear time "
            "(pip install 'google-re2>=1.1,<2')"
        ) from None
    options = re2.Options()
    options.log_errors = False  # RE2 would print each rejected pattern to stderr
    options.never_capture = True  # a yes/no is all we ask
    options.case_sensitive = sensitive
    try:
        return _Re2Search(re2.compile(body, options)), lower
    except re2.error as exc:
        reason = _re2_message(exc)
    except UnicodeEncodeError:  # a lone surrogate: not text that UTF-8 (or TOML) can hold
        raise UnsupportedPattern("invalid regex: not valid Unicode text") from None
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. FutureWarning for "[[" in a set
        try:
            re.compile(body)
        except (re.error, RecursionError, OverflowError) as exc:
            raise UnsupportedPattern(f"invalid regex: {exc}") from None
    if "perl operator" in reason or "escape sequence" in reason:
        reason += (
            "; user patterns cannot use backreferences, lookahead or lookbehind "
            "(so that no pattern can hang a command)"
        )
    raise UnsupportedPattern(f"not supported by the linear-time engine (RE2): {reason}")


class _Step(NamedTuple):
    """Regexes for one family that only run when one of the hints occurs.

    No hints at all means the regexes always run (user patterns).
    """

    name: str
    lower_hints: tuple[str, ...]  # looked up in the lowercased text
    exact_hints: tuple[str, ...]  # looked up in the text as written
    regexes: tuple[tuple[Searcher, bool], ...]  # (regex, on lowercased text)


def _step(
    name: str, hints: Sequence[str], regexes: Sequence[tuple[Searcher, bool]]
) -> _Step:
    return _Step(
        name,
        tuple(h for h in hints if h == h.lower()),
        tuple(h for h in hints if h != h.lower()),
        tuple(regexes),
    )


# A pattern's leading run of letters/digits (after an optional \b) must occur in any
# match, unless a quantifier on its last character makes that optional (dropped) or the
# pattern has an alternation anywhere (then no hint: conservative, not clever).
_LEADING_LITERAL = re.compile(r"(?:\\b)?([A-Za-z0-9]+)([*?{]?)")


def pattern_hint(source: str) -> str | None:
    """A substring every match of a user pattern contains, to skip the regex cheaply.

    Case-insensitive patterns get a lowercase hint (looked up in the lowercased text);
    "(?-i)" patterns keep their case (an all-lowercase hint is still a valid, weaker test).
    """
    lower = source.startswith(LOWER_PREFIX)
    sensitive = lower or source.startswith(CASE_SENSITIVE_PREFIX)
    body = source[len(LOWER_PREFIX if lower else CASE_SENSITIVE_PREFIX) :] if sensitive else source
    if "|" in body:
        return None
    found = _LEADING_LITERAL.match(body)
    if not found:
        return None
    run = found.group(1)[:-1] if found.group(2) else found.group(1)
    if not run:
        return None
    return run if sensitive and not lower else run.lower()


def _compile_family(family: Family) -> list[_Step]:
    steps: list[_Step] = []
    # Our own rules run on `re` (they need lookaround); the user's on linear-time RE2.
    compile_one = compile_pattern if family.builtin else compile_user_pattern
    if family.patterns and family.hints:
        # Built-ins: the family's hints gate all of its patterns at once.
        regexes = [compile_one(p) for p in family.patterns]
        steps.append(_step(family.name, family.hints, regexes))
    else:
        for source in family.patterns:
            hint = pattern_hint(source)
            steps.append(_step(family.name, [hint] if hint else [], [compile_one(source)]))
    if family.words:
        hints = [_word_hint(w) for w in family.words]
        gate = [h for h in hints if h] if all(hints) else []
        regex = re.compile("|".join(f"(?:{word_regex(w)})" for w in family.words), re.I)
        steps.append(_step(family.name, gate, [(regex, False)]))
    return steps


class _HintGate:
    """Every step's hints in two RE2 sets (one over the lowercased text, one over the
    text as written), so a paper's text is scanned once per form rather than once per
    hint: `present` gives a bit mask of the hints found, each step has the mask of its
    own (0: no hints, it always runs). The same answer as `hint in text` per hint, since
    each hint is added as an escaped literal; a lone surrogate, which UTF-8 cannot carry,
    becomes "?", which no hint contains."""

    __slots__ = ("exact", "exact_bits", "lower", "lower_bits", "masks")

    def __init__(self, lower: Any, lower_bits: list[int], exact: Any, exact_bits: list[int],
                 masks: list[int]) -> None:
        self.lower, self.lower_bits = lower, lower_bits
        self.exact, self.exact_bits = exact, exact_bits
        self.masks = masks

    @classmethod
    def build(cls, steps: Sequence[_Step]) -> _HintGate | None:
        """The gate for these steps; None without RE2 (the per-hint loop is used)."""
        try:
            import re2
        except ImportError:  # a broken install: the package is a declared dependency
            return None
        bit: dict[tuple[bool, str], int] = {}
        masks: list[int] = []
        for step in steps:
            mask = 0
            for on_lower, hints in ((True, step.lower_hints), (False, step.exact_hints)):
                for hint in hints:
                    mask |= 1 << bit.setdefault((on_lower, hint), len(bit))
            masks.append(mask)
        sets: list[Any] = []
        bits: list[list[int]] = []
        for on_lower in (True, False):
            options = re2.Options()
            options.log_errors = False
            options.never_capture = True
            found = re2.Set.SearchSet(options)
            order: list[int] = []
            for (lower, hint), n in bit.items():
                if lower is on_lower:
                    found.Add(re.escape(hint))
                    order.append(1 << n)
            if order:
                found.Compile()
            sets.append(found if order else None)
            bits.append(order)
        return cls(sets[0], bits[0], sets[1], bits[1], masks)

    def present(self, text: str, lower: str) -> int:
        mask = 0
        if self.lower is not None:
            for n in self.lower.Match(lower.encode("utf-8", "replace")) or ():
                mask |= self.lower_bits[n]
        if self.exact is not None:
            for n in self.exact.Match(text.encode("utf-8", "replace")) or ():
                mask |= self.exact_bits[n]
        return mask


def _key(name: str) -> str:
    """Lookup key for names and aliases: case, spaces, '-' and '_' do not matter."""
    return _SEPARATORS.sub(" ", name.strip().casefold())


class FamilyMatcher:
    """Detects families in papers; built once per command, regexes compiled on first use."""

    def __init__(self, families: Sequence[Family]) -> None:
        self.families: tuple[Family, ...] = tuple(f for f in families if f.enabled)
        self._lookup: dict[str, str] = {}
        # The names and aliases of the families given switched off (`enabled = false`),
        # that `resolve` may say so of them, not take them for a typo of another.
        self._off: dict[str, str] = {}
        for family in families:
            if not family.enabled:
                for label in (family.name, *family.aliases):
                    self._off.setdefault(_key(label), family.name)
        names = [f.name for f in self.families]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate family names in {names}")
        for family in self.families:
            for label in (family.name, *family.aliases):
                key = _key(label)
                owner = self._lookup.get(key)
                if owner is not None and owner != family.name:
                    raise ValueError(
                        f"family {family.name!r}: {label!r} already names {owner!r}"
                    )
                self._lookup[key] = family.name
        payload = json.dumps(
            {"rules": RULES_VERSION, "families": [f.definition() for f in self.families]},
            sort_keys=True,
            ensure_ascii=True,
            separators=(",", ":"),
            allow_nan=False,
        )
        # Two 32-bit checksums: enough to notice a change, and zlib (unlike hashlib and
        # its OpenSSL load) costs nothing at start-up, where this runs on every command.
        data = payload.encode("ascii")
        self.fingerprint: str = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
        self._steps: list[_Step] | None = None
        self._gate: _HintGate | Literal[False] | None = None  # False: no RE2
        self._calls = 0

    def _plan(self) -> list[_Step]:
        if self._steps is None:
            self._steps = [step for f in self.families for step in _compile_family(f)]
        return self._steps

    def match(self, title: str, summary: str = "", keywords: Sequence[str] = ()) -> list[str]:
        """Canonical names of the families named in the paper, in definition order."""
        parts = [title or "", summary or ""]
        parts.extend(k for k in keywords or () if isinstance(k, str))
        text = _PART_SEPARATOR.join(parts)
        lower = text.lower()
        found: list[str] = []
        steps = self._plan()
        gate = self._gate
        if gate is None:
            # A command that matches a page of papers never pays for RE2's import; an
            # import or a re-tag of the library switches to the one-pass gate.
            self._calls += 1
            if self._calls == GATE_AFTER:
                self._gate = gate = _HintGate.build(steps) or False
        if gate:
            # One pass per text form finds every family's hints at once (an RE2 set);
            # then only the families whose hints occur run their regexes.
            present = gate.present(text, lower)
            for step, mask in zip(steps, gate.masks, strict=True):
                if mask and not mask & present:
                    continue
                if found and found[-1] == step.name:
                    continue  # a family's second step (its words) after its patterns hit
                for regex, on_lower in step.regexes:
                    if regex.search(lower if on_lower else text):
                        found.append(step.name)
                        break
            return found
        # Hot loop (10^5-10^6 papers per import): plain for/else, no generator objects.
        for step in steps:
            if found and found[-1] == step.name:
                continue  # a family's second step (its words) after its patterns hit
            if step.lower_hints or step.exact_hints:
                for hint in step.lower_hints:
                    if hint in lower:
                        break
                else:
                    for hint in step.exact_hints:
                        if hint in text:
                            break
                    else:
                        continue
            for regex, on_lower in step.regexes:
                if regex.search(lower if on_lower else text):
                    found.append(step.name)
                    break
        return found

    def resolve(self, name: str) -> str:
        """Canonical name for a name or alias typed by a user (case-insensitive)."""
        canonical = self._lookup.get(_key(name))
        if canonical is None:
            # A model's own name (Qwen2.5-VL, Phi-4) is no family's name or alias, but a
            # paper naming it is of one family: that one is the name meant, offered as
            # `did you mean` offers the likest (Qwen2.5-VL was like none of them).
            named = self.match(name)
            raise UnknownFamily(name, self.names(), self._off.get(_key(name)),
                                named[0] if len(named) == 1 else None)
        return canonical

    def names(self) -> list[str]:
        return [f.name for f in self.families]


# -- configuration --------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A value of the wrong type as a settings message quotes it (5, 'no', true), as a
    watch's is: Python's name for its type ("got int") meant nothing in a settings file."""
    from papercli.config import shown

    return shown(value)


def _string_list(value: Any, path: str, *, strip: bool) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise FamilyConfigError(path, f"must be a list of strings, got {_shown(value)}")
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise FamilyConfigError(path, f"must be a string, got {_shown(item)}", i)
        if not item.strip():
            raise FamilyConfigError(path, "must not be empty", i)
        out.append(item.strip() if strip else item)
    return tuple(out)


def _parse_entry(name: str, entry: Any, builtin: Family | None) -> Family:
    path = f"families.{name}"
    if not isinstance(entry, Mapping):
        raise FamilyConfigError(
            path, f"must be a table (e.g. [{path}] with words = [...]), got "
            f"{_shown(entry)}")
    for key in entry:
        if key not in CONFIG_KEYS:
            raise FamilyConfigError(
                f"{path}.{key}", f"unknown key (expected one of {', '.join(CONFIG_KEYS)})")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise FamilyConfigError(f"{path}.enabled",
                                f"must be true or false, got {_shown(enabled)}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("words", "patterns", "aliases"):
        value = entry.get(key, [])
        lists[key] = _string_list(value, f"{path}.{key}", strip=key != "patterns")
    words, patterns, aliases = lists["words"], lists["patterns"], lists["aliases"]
    for i, word in enumerate(words):
        if _word_hint(word) is None:
            raise FamilyConfigError(f"{path}.words",
                                    f"needs a letter or digit, got {quoted(word)}", i)
    for i, source in enumerate(patterns):
        try:
            regex, _ = compile_user_pattern(source)
        except UnsupportedPattern as exc:
            raise FamilyConfigError(f"{path}.patterns", str(exc), i) from None
        if regex.search("") is not None:
            raise FamilyConfigError(
                f"{path}.patterns", "matches the empty string, so it would tag every paper", i)
    if enabled and not words and not patterns:
        if builtin is not None and set(entry) <= {"enabled"}:
            return builtin  # `enabled = true` on a built-in: keep it as shipped
        raise FamilyConfigError(path, "needs `words` or `patterns` (or enabled = false)")
    return Family(
        name=name.strip(),
        aliases=aliases,
        patterns=patterns,
        words=words,
        builtin=False,
        enabled=enabled,
    )


def _builtin_for(name: str) -> Family | None:
    """The built-in a user entry overrides: same name or alias, case-insensitively."""
    key = _key(name)
    for family in _BUILTINS:
        if _key(family.name) == key:
            return family
    for family in _BUILTINS:
        if key in {_key(a) for a in family.aliases}:
            return family
    return None


def families_from_config(table: Mapping[str, Any] | None) -> list[Family]:
    """User entries from the config's `families` table, validated, in file order.

    Entries that name a built-in (by name or alias) come back as that override, possibly
    with enabled=False; `build_matcher` does the merging.
    """
    if not table:
        return []
    if not isinstance(table, Mapping):
        raise FamilyConfigError("families", f"must be a table, got {_shown(table)}")
    out: list[Family] = []
    seen: dict[str, str] = {}
    for raw_name, entry in table.items():
        name = str(raw_name)
        if not name.strip():
            raise FamilyConfigError("families", "a family name must not be empty")
        key = _key(name)
        if key in seen:
            raise FamilyConfigError(f"families.{name}", f"same family as families.{seen[key]}")
        seen[key] = name
        out.append(_parse_entry(name, entry, _builtin_for(name)))
    return out


def build_matcher(table: Mapping[str, Any] | None = None) -> FamilyMatcher:
    """Built-ins merged with the user's `families` table (user entries win wholesale)."""
    user = families_from_config(table)
    overrides: dict[str, Family] = {}  # built-in name -> replacement
    added: list[Family] = []
    for family in user:
        target = _builtin_for(family.name)
        if target is not None:
            if target.name in overrides:
                raise FamilyConfigError(
                    f"families.{family.name}", f"overrides {target.name} a second time "
                    f"(also families.{overrides[target.name].name})")
            overrides[target.name] = family
        else:
            added.append(family)
    merged = [overrides.get(f.name, f) for f in _BUILTINS] + added
    active = [f for f in merged if f.enabled]
    owners: dict[str, Family] = {}
    for family in active:
        for label in (family.name, *family.aliases):
            other = owners.get(_key(label))
            if other is not None and other.name != family.name:
                mine, owner = (other, family) if family.builtin else (family, other)
                key, index = _label_path(mine, label)
                raise FamilyConfigError(key, f"{label!r} already names {owner.name}", index)
            owners[_key(label)] = family
    # Those switched off go too, by every name they had (a built-in's and the entry's),
    # for `resolve` to say so of them: the matcher keeps only the active ones.
    off = [f._replace(name=b.name, aliases=(*b.aliases, f.name, *f.aliases))
           if (b := _builtin_for(f.name)) is not None else f
           for f in merged if not f.enabled]
    return FamilyMatcher([*active, *off])


def _label_path(family: Family, label: str) -> tuple[str, int | None]:
    """Key path of a user family's name or alias (and the alias's index), for errors."""
    if label in family.aliases and _key(label) != _key(family.name):
        return f"families.{family.name}.aliases", family.aliases.index(label)
    return f"families.{family.name}", None
