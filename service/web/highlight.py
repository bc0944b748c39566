"""Glossary terms marked up in a segment's source, with their required translation beside them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from service.memory import diff as memory_diff
from service.revision import qa
from service.web import labels


def glossary_terms(hits: list[Mapping[str, Any]]) -> list[tuple[str, list[str]]]:
    """(source term, required translations) for each glossary hit of a segment."""
    terms = [(qa.source_term(hit), qa.required_targets(hit)) for hit in hits or []]
    return [(source, targets) for source, targets in terms if source and source != "?"]


def mark_terms(text: str, hits: list[Mapping[str, Any]]) -> Markup:
    """`text`, escaped, with each glossary term wrapped in a <mark> titled with its required translation."""
    terms = glossary_terms(hits)
    if not terms:
        return escape(text)
    # Longest first so "caisse d'assurance maladie" wins over "caisse".
    by_length = sorted(terms, key=lambda t: len(t[0]), reverse=True)
    pattern = re.compile("|".join(re.escape(source) for source, _ in by_length), re.IGNORECASE)
    required = {source.casefold(): targets for source, targets in by_length}
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        targets = " / ".join(required.get(match.group(0).casefold(), []))
        out.append(
            f'<mark class="term" title="Traduction imposée : {escape(targets)}">'
            f"{escape(match.group(0))}</mark>"
        )
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


PLACEHOLDER = re.compile(r"⟦([A-Z]+)_(\d+)⟧")


def memory_source(tm_source: str, source: str, entities: list[Mapping[str, Any]] | None = None) -> Markup:
    """The memory's source sentence, escaped, its placeholders as French tags and the words that differ
    from the new source marked, so the translator sees at a glance what the memory draft may have wrong."""
    _, theirs = memory_diff.differences(source, tm_source, entities or [])
    out, at = [], 0
    for start, end in theirs:
        out += [_with_tags(tm_source[at:start]), f'<mark class="diff">{_with_tags(tm_source[start:end])}</mark>']
        at = end
    out.append(_with_tags(tm_source[at:]))
    return Markup("".join(out))


def _with_tags(text: str) -> str:
    """`text` escaped, each placeholder shown as the French name of its kind."""
    out, at = [], 0
    for match in PLACEHOLDER.finditer(text):
        kind = labels.ENTITY_LABELS.get(match.group(1).lower(), match.group(1).lower())
        out += [str(escape(text[at:match.start()])),
                f'<span class="ph" title="valeur propre à chaque document">{escape(kind)}</span>']
        at = match.end()
    out.append(str(escape(text[at:])))
    return "".join(out)
