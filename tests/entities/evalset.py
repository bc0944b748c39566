"""The labelled evaluation set of tests/entities/data: parsing of its mark-up and scoring of the detector.

A line is `language<TAB>hints<TAB>text`, the text marking each gold entity as `{kind|surface}`; `\\n` is a
line break. Scores are strict (same kind and exact offsets) and lenient (same kind, overlapping offsets).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from entities import KINDS, Entity, Hints, detect

DATA = Path(__file__).resolve().parent / "data"
DEV, HELDOUT = DATA / "eval_dev.tsv", DATA / "eval_heldout.tsv"
_MARK = re.compile(r"\{(\w+)\|([^{}]+)\}")


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Line:
    """One labelled line: its text without mark-up and its gold spans."""

    number: int
    lang: str
    hints: Hints | None
    text: str
    gold: tuple[Span, ...]


def _hints(field_: str) -> Hints | None:
    if field_ == "-":
        return None
    values = dict(part.split("=", 1) for part in field_.split(";"))
    birth = values.get("birth")
    return Hints(subject_name=values.get("name"), subject_birth_date=date.fromisoformat(birth) if birth else None)


def parse(marked: str) -> tuple[str, tuple[Span, ...]]:
    """The plain text and gold spans of a marked-up text."""
    marked = marked.replace("\\n", "\n")
    out, spans, last = [], [], 0
    length = 0
    for match in _MARK.finditer(marked):
        kind, surface = match.group(1), match.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in {marked!r}")
        out.append(marked[last:match.start()])
        length += match.start() - last
        spans.append(Span(kind, length, length + len(surface)))
        out.append(surface)
        length += len(surface)
        last = match.end()
    out.append(marked[last:])
    text = "".join(out)
    if "{" in text or "}" in text:
        raise ValueError(f"unbalanced mark-up in {marked!r}")
    return text, tuple(spans)


def load(path: Path) -> list[Line]:
    """The labelled lines of one file of the set."""
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        lang, hints, marked = raw.split("\t")
        text, gold = parse(marked)
        lines.append(Line(number, lang, _hints(hints), text, gold))
    return lines


@dataclass
class Counts:
    """True positives, gold and predicted counts, strict and lenient."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    lenient_recall: int = 0
    lenient_precision: int = 0

    def add(self, other: Counts) -> None:
        for name in ("gold", "predicted", "strict", "lenient_recall", "lenient_precision"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def recall(self, lenient: bool = False) -> float | None:
        hits = self.lenient_recall if lenient else self.strict
        return hits / self.gold if self.gold else None

    def precision(self, lenient: bool = False) -> float | None:
        hits = self.lenient_precision if lenient else self.strict
        return hits / self.predicted if self.predicted else None


def _overlaps(a: Span, b: Span) -> bool:
    return a.kind == b.kind and a.start < b.end and b.start < a.end


def score_line(line: Line, predicted: Iterable[Entity]) -> dict[str, Counts]:
    """Counts per kind for one line."""
    spans = [Span(e.kind, e.start, e.end) for e in predicted]
    counts: dict[str, Counts] = defaultdict(Counts)
    for gold in line.gold:
        counts[gold.kind].gold += 1
        counts[gold.kind].strict += gold in spans
        counts[gold.kind].lenient_recall += any(_overlaps(gold, p) for p in spans)
    for span in spans:
        counts[span.kind].predicted += 1
        counts[span.kind].lenient_precision += any(_overlaps(span, g) for g in line.gold)
    return counts


@dataclass
class Report:
    """Counts per (language, kind), and the lines with a miss or a false alarm."""

    by_lang_kind: dict[tuple[str, str], Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[tuple[Line, list[Entity]]] = field(default_factory=list)

    def total(self, *, lang: str | None = None, kind: str | None = None) -> Counts:
        out = Counts()
        for (line_lang, line_kind), counts in self.by_lang_kind.items():
            if (lang is None or lang == line_lang) and (kind is None or kind == line_kind):
                out.add(counts)
        return out


def evaluate(lines: Iterable[Line]) -> Report:
    """Run the detector on every line and score it."""
    report = Report()
    for line in lines:
        predicted = detect(line.text, line.lang, hints=line.hints)
        counts = score_line(line, predicted)
        for kind, kind_counts in counts.items():
            report.by_lang_kind[(line.lang, kind)].add(kind_counts)
        if any(c.strict != c.gold or c.strict != c.predicted for c in counts.values()):
            report.errors.append((line, predicted))
    return report


PERSONAL_KINDS = ("person", "address", "identifier", "email")


@dataclass
class MaskingCounts:
    """Gold personal values fully hidden by the default masking, and masked spans that were personal."""

    gold: int = 0
    hidden: int = 0
    masked: int = 0
    masked_personal: int = 0


Masker = Callable[[Line], list[tuple[int, int]]]


def library_mask(line: Line) -> list[tuple[int, int]]:
    """The spans the library's default mask (`entities.mask`) hides in a line."""
    from entities import mask

    return [(e.start, e.end) for e in mask(line.text, detect(line.text, line.lang, hints=line.hints)).masked]


def hidden_by_kind(lines: Iterable[Line], masker: Masker = library_mask) -> dict[str, tuple[int, int]]:
    """Per gold kind (person, address, identifier, e-mail): (gold values, values `masker` hides entirely)."""
    out: dict[str, tuple[int, int]] = {kind: (0, 0) for kind in PERSONAL_KINDS}
    for line in lines:
        masked = masker(line)
        covered = set().union(*(range(start, end) for start, end in masked)) if masked else set()
        for gold in line.gold:
            if gold.kind in PERSONAL_KINDS:
                hidden = all(i in covered or line.text[i].isspace() for i in range(gold.start, gold.end))
                total, done = out[gold.kind]
                out[gold.kind] = (total + 1, done + hidden)
    return out


def masking(lines: Iterable[Line], masker: Masker = library_mask) -> dict[str, MaskingCounts]:
    """Per language: how much of each gold person, address, identifier and e-mail `masker` hides (by default
    the library's default mask), and how many of the spans it hides were personal values or dates."""
    out: dict[str, MaskingCounts] = defaultdict(MaskingCounts)
    for line in lines:
        masked = masker(line)
        covered = set().union(*(range(start, end) for start, end in masked)) if masked else set()
        counts = out[line.lang]
        for gold in line.gold:
            if gold.kind in PERSONAL_KINDS:
                counts.gold += 1
                counts.hidden += all(i in covered or line.text[i].isspace() for i in range(gold.start, gold.end))
        for start, end in masked:
            counts.masked += 1
            counts.masked_personal += any(g.kind in (*PERSONAL_KINDS, "date") and g.start < end
                                          and start < g.end for g in line.gold)
    return out
