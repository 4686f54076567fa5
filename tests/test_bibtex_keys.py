"""BibTeX keys of titles that start with a Greek letter (`π^3: ...` → `wang2025pi`, as a
person and Google Scholar write it, where anyascii's `p` gave `wang2025p`), and the keys
of every other title, which stay what they were."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser  # type: ignore[import-untyped]
import pytest

from conftest import Papers
from papercli.exporters.bibtex import base_key, keys
from papercli.models import Paper
from test_exporters import SEED


def paper(title: str, *authors: str, pid: str = "2507.99347") -> Paper:
    return SEED[0]._replace(id=pid, title=title, authors=list(authors or ["Ada Wang"]),
                            published_at="2025-07-17T00:00:00Z", submitted_at=None)


@pytest.mark.parametrize(("title", "expected"), [
    ("π^3: Invented Geometry for Made-up Scenes", "wang2025pi"),
    ("π_RL: Invented Fine-tuning for Made-up Policies", "wang2025pi"),
    ("π0: A Vision-Language-Action Flow Model", "wang2025pi0"),  # digits as for any word
    ("π0.5: open-world generalization", "wang2025pi0"),
    ("Δ-learning of energies", "wang2025delta"),               # a capital: the same name
    ("Σ-Mem: An Invented Memory", "wang2025sigma"),
    ("Ψ-Sampler: Invented Particle Draws", "wang2025psi"),
    ("λ-calculus for agents", "wang2025lambda"),               # Unicode spells it LAMDA
    ("αDepth: Soft Boundary Decomposition", "wang2025alphadepth"),
    ("μP for diffusion transformers", "wang2025mup"),
    ("µP written with the micro sign", "wang2025mup"),         # U+00B5, not U+03BC
    ("ϵ-greedy exploration revisited", "wang2025epsilon"),     # the maths forms too
    ("𝜋-bench: mathematical italic", "wang2025pi"),
    ("The τ-bench Benchmark", "wang2025tau"),                  # after a stopword
    ("VA-π: Invented Policy Alignment", "wang2025va"),      # the first word is VA
    ("Top-nσ: Not All Logits", "wang2025top"),
    ("Λόγος: a word in Greek", "wang2025logos"),               # a word: transliterated
])
def test_a_greek_letter_in_the_key_is_its_name(title: str, expected: str) -> None:
    assert base_key(paper(title)) == expected


# Keys as papercli wrote them before Greek letters were named: a title without one, or
# with Greek only as a word or after the first word, and names in any script.
STABLE = [
    (["Hugo Touvrel"], "LLaMA: Open and Efficient Foundation Language Models",
     "touvrel2025llama"),
    (["An Yang"], "Qwen2.5-VL Technical Report", "yang2025qwen2"),
    (["OpenAI"], "GPT-4o System Card", "openai2025gpt"),
    (["Ben Mildenhall"], "3D Gaussian Splatting for Real-Time Radiance Field Rendering",
     "mildenhall20253d"),
    (["Jason Wei"], "Chain-of-Thought Prompting Elicits Reasoning", "wei2025chain"),
    (["Lüder Müller"], "Über die Öffnung", "muller2025uber"),
    (["Øyvind Ødegaard"], "Ærø: a study", "odegaard2025aero"),
    (["王小明"], "大语言模型的推理", "wang2025dayuyanmoxingdetuili"),
    (["欧阳 娜娜"], "On the 模型 of Things", "ouyang2025moxing"),
    (["山田太郎"], "日本語の言語モデル", "shan2025ribenyunoyanyumoderu"),
    (["김민수"], "한국어 모델", "gim2025hangugeo"),
    (["Алексей Иванов"], "Нейронные сети", "ivanov2025neyronnye"),
    (["Γιώργος Παπαδόπουλος"], "Λόγος: a Greek word", "papadopoylos2025logos"),
    (["Zoe Smith"], "🚀 Rocket: emoji first", "smith2025rocket"),
    (["Zoe Smith"], "The Is Are: stopwords only", "smith2025stopwords"),
    (["Zoe Smith"], "1.58-bit LLMs", "smith2025bit"),
    (["Zoe Smith"], "s1: Invented test-time scaling", "smith2025s1"),
    (["Zoe Smith"], "Zetta ζ: a harness", "smith2025zetta"),
    (["Martin Luther King Jr."], "What Is a Key?", "king2025key"),
]


@pytest.mark.parametrize(("authors", "title", "expected"), STABLE)
def test_other_keys_stay_as_they_were(authors: list[str], title: str, expected: str
                                      ) -> None:
    assert base_key(paper(title, *authors)) == expected


def test_named_keys_still_take_letters_in_id_order() -> None:
    older = paper("π0: A Flow Model", "Kevin Black", pid="2507.04164")
    newer = paper("π0.5: Open-World", "Kevin Black", pid="2507.16054")
    assert keys([newer, older]) == ["black2025pi0b", "black2025pi0"]


def test_exported_bibtex_keys_name_the_letter(papers: Papers, tmp_path: Path) -> None:
    """Through `papers export`: the key a .bib file gets, read back by a BibTeX parser."""
    src = tmp_path / "in.json"
    src.write_text(json.dumps([
        {"id": pid, "title": title, "summary": "Invented.", "authors": [author],
         "published_at": "2025-07-17T00:00:00Z", "sources": ["arxiv"]}
        for pid, title, author in [
            ("2507.99347", "π^3: Invented Geometry", "Ada Wang"),
            ("2510.99889", "π_RL: Invented Fine-tuning", "Bo Chen"),
            ("2512.90001", "VA-π: Invented Policy Alignment", "Cy Liao"),
            ("2512.90002", "Prism-Δ: Invented Subspace Steering", "Di Zhang")]
    ]), encoding="utf-8")
    assert papers("import", str(src)).exit_code == 0
    result = papers("export", "--format", "bibtex")
    assert result.exit_code == 0, result.stderr
    got = {e["eprint"]: e["ID"] for e in bibtexparser.loads(result.stdout).entries}
    assert got == {"2507.99347": "wang2025pi", "2510.99889": "chen2025pi",
                   "2512.90001": "liao2025va", "2512.90002": "zhang2025prism"}
