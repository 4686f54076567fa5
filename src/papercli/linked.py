"""Models, datasets and Spaces linked to a paper, as the Hub's paper page lists them.

`/api/papers/{id}` carries `linkedModels`, `linkedDatasets`, `linkedSpaces` (repo records
shaped like huggingface_hub's ModelInfo, DatasetInfo and SpaceInfo: `id`, `likes`,
`downloads`, `pipeline_tag`, `sdk` …) and `numTotalModels`, `numTotalDatasets`,
`numTotalSpaces`. They are untrusted like every Hub field: each item is checked where it
enters, a bad one is skipped and counted, and only the few worth showing are kept.

The daily listing carries none of this, so a paper's counts are known once its page has
been fetched (`papers show`); until then they are None, which is "not known", not zero.
A paper page is the Hub's whole answer: a kind it leaves out has no links (0).

Core module: no Typer, Rich or Textual.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from papercli.models import MAX_COUNT
from papercli.sanitize import clean_line
from papercli.words import plural

KINDS = ("models", "datasets", "spaces")
FIELDS = {"models": ("linkedModels", "numTotalModels"),
          "datasets": ("linkedDatasets", "numTotalDatasets"),
          "spaces": ("linkedSpaces", "numTotalSpaces")}
KEEP = 10  # items kept per kind (the library and JSON); the panel shows fewer
SHOWN = 3  # items per kind in `papers show`
MAX_ITEMS = 10_000  # items looked at per kind: a longer list is junk past this point
# A Hub repo id: `name` or `owner/name`, ASCII letters, digits, `-`, `_`, `.`.
_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}(?:/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?")
_TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")  # text-generation, gradio …
URL_PART = {"models": "", "datasets": "datasets/", "spaces": "spaces/"}
NAMES = {"models": ("model", "models"), "datasets": ("dataset", "datasets"),
         "spaces": ("Space", "Spaces")}


class Artefact(NamedTuple):
    """One linked repo: its id, popularity, and what it is (a model's task, a Space's SDK)."""

    kind: str  # models, datasets or spaces
    id: str
    likes: int | None = None
    downloads: int | None = None
    task: str | None = None  # a model's pipeline_tag
    sdk: str | None = None  # a Space's sdk

    def url(self, endpoint: str) -> str:
        return f"{endpoint.rstrip('/')}/{URL_PART[self.kind]}{self.id}"

    def to_dict(self, endpoint: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "likes": self.likes}
        if self.kind != "spaces":
            out["downloads"] = self.downloads
        if self.kind == "models":
            out["pipeline_tag"] = self.task
        if self.kind == "spaces":
            out["sdk"] = self.sdk
        out["url"] = self.url(endpoint)
        return out


class Links(NamedTuple):
    """A paper's linked artefacts (the top KEEP of each kind, most liked first) and its
    totals; `skipped` counts the items that failed their check."""

    models: tuple[Artefact, ...] = ()
    datasets: tuple[Artefact, ...] = ()
    spaces: tuple[Artefact, ...] = ()
    num_models: int = 0
    num_datasets: int = 0
    num_spaces: int = 0
    skipped: int = 0

    def of(self, kind: str) -> tuple[Artefact, ...]:
        return tuple(getattr(self, kind))

    def total(self, kind: str) -> int:
        return int(getattr(self, f"num_{kind}"))

    @property
    def empty(self) -> bool:
        return not any(self.total(k) or self.of(k) for k in KINDS)

    def totals_line(self) -> str:
        """ "12 models, 3 datasets, 5 Spaces": the kinds that have any, counted as every
        message counts ("3,412 models": a popular paper's were "3412 models")."""
        return ", ".join(plural(self.total(kind), *NAMES[kind]) for kind in KINDS
                         if self.total(kind))

    def to_json(self, endpoint: str) -> dict[str, Any]:
        """The JSON contract's keys: `linked_models`, … and the counts."""
        out: dict[str, Any] = {}
        for kind in KINDS:
            out[f"linked_{kind}"] = [a.to_dict(endpoint) for a in self.of(kind)]
        for kind in KINDS:
            out[f"num_{kind}"] = self.total(kind)
        return out

    def stored(self) -> list[dict[str, Any]]:
        """The items as the library keeps them (JSON; read back through `from_stored`)."""
        return [{"kind": a.kind, "id": a.id, "likes": a.likes, "downloads": a.downloads,
                 "task": a.task, "sdk": a.sdk} for k in KINDS for a in self.of(k)]


def _count(value: object) -> int | None:
    """A count, or None: negative, fractional, or the 2**62 every larger number is
    clamped to when read (models.MAX_COUNT), which no repo has earned: shown,
    it was "♥ 4611686018427387904" and "… and 4611686018427387903 more"."""
    if type(value) is int and 0 <= value < MAX_COUNT:
        return value
    if type(value) is float and value.is_integer() and 0 <= value < MAX_COUNT:
        return int(value)
    return None


def _tag(value: object) -> str | None:
    if isinstance(value, str):
        text = clean_line(value, 64)
        if _TAG.fullmatch(text):
            return text
    return None


def artefact(kind: str, raw: object) -> Artefact | None:
    """One item checked: a repo id of the Hub's shape (`owner/name`), counts that are
    counts; None when it cannot be shown safely (no id, a hostile id)."""
    if not isinstance(raw, Mapping):
        return None
    rid = raw.get("id")
    if not isinstance(rid, str):
        rid = raw.get("modelId") if kind == "models" else None
    if not isinstance(rid, str) or not _REPO.fullmatch(rid) or ".." in rid:
        return None
    return Artefact(
        kind=kind, id=rid, likes=_count(raw.get("likes")),
        downloads=_count(raw.get("downloads")) if kind != "spaces" else None,
        task=_tag(raw.get("pipeline_tag")) if kind == "models" else None,
        sdk=_tag(raw.get("sdk")) if kind == "spaces" else None,
    )


def _rank(items: list[Artefact]) -> tuple[Artefact, ...]:
    """Most liked first, then most downloaded, then by id (a stable order)."""
    items.sort(key=lambda a: (-(a.likes or 0), -(a.downloads or 0), a.id))
    return tuple(items[:KEEP])


def parse(data: Mapping[str, Any]) -> Links:
    """The links of a paper page (`/api/papers/{id}`), every item checked."""
    found: dict[str, tuple[Artefact, ...]] = {}
    totals: dict[str, int] = {}
    skipped = 0
    for kind in KINDS:
        list_key, total_key = FIELDS[kind]
        raw = data.get(list_key)
        items: list[Artefact] = []
        seen: set[str] = set()
        listed = 0
        if isinstance(raw, list):
            for entry in raw[:MAX_ITEMS]:
                item = artefact(kind, entry)
                if item is None:
                    skipped += 1
                    continue
                if item.id in seen:
                    continue
                seen.add(item.id)
                items.append(item)
            listed = len(items)
        elif raw is not None:
            skipped += 1
        total = _count(data.get(total_key))
        found[kind] = _rank(items)
        totals[kind] = max(total if total is not None else 0, listed)
    return Links(found["models"], found["datasets"], found["spaces"],
                 totals["models"], totals["datasets"], totals["spaces"], skipped)


def from_stored(items: object, num_models: int | None, num_datasets: int | None,
                num_spaces: int | None) -> Links | None:
    """Links read back from the library (checked again: the file is untrusted too); None
    when the paper's counts are not known."""
    if num_models is None and num_datasets is None and num_spaces is None:
        return None
    by_kind: dict[str, list[Artefact]] = {k: [] for k in KINDS}
    skipped = 0
    for entry in items if isinstance(items, list) else []:
        kind = entry.get("kind") if isinstance(entry, Mapping) else None
        item = artefact(kind, {**entry, "pipeline_tag": entry.get("task")}) if (
            isinstance(kind, str) and kind in KINDS and isinstance(entry, Mapping)) else None
        if item is None:
            skipped += 1
            continue
        by_kind[item.kind].append(item)
    return Links(_rank(by_kind["models"]), _rank(by_kind["datasets"]), _rank(by_kind["spaces"]),
                 num_models or 0, num_datasets or 0, num_spaces or 0, skipped)


def paper_json(paper: Any, links: Links | None, endpoint: str) -> dict[str, Any]:
    """A paper's JSON (`show --json`) with its linked artefacts: `linked_models`,
    `linked_datasets`, `linked_spaces` (empty lists while its counts are unknown:
    `num_models` … null). The command line and `papers mcp` both answer with it."""
    data: dict[str, Any] = paper.to_dict(endpoint)
    if links is not None:
        data.update(links.to_json(endpoint))
    else:
        data.update({"linked_models": [], "linked_datasets": [], "linked_spaces": []})
    return data
