"""Glossary terms marked up in a segment's source, with their required translation beside them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

import glossaries
from service.memory import diff as memory_diff
from service.revision import qa
from service.web import labels


def glossary_terms(hits: list[Mapping[str, Any]]) -> list[tuple[str, list[str], bool]]:
    """(source term, translations, whether only offered) for each glossary hit of a segment.

    An institution's French designation is offered (its name may stay as written); other terms are required.
    """
    terms = [(qa.source_term(hit), qa.required_targets(hit), hit.get("status") == qa.ADVISORY) for hit in hits or []]
    return [(source, targets, offered) for source, targets, offered in terms if source and source != "?"]


def mark_terms(text: str, hits: list[Mapping[str, Any]]) -> Markup:
    """`text`, escaped, with each glossary term wrapped in a <mark> titled with its required translation.

    The terms are found with the glossaries library's own pattern (the one drafting used), longest first,
    without overlaps.
    """
    found: list[tuple[int, int, tuple[str, ...], bool]] = []
    stored = [(glossaries.stored_hit(hit), hit.get("status") == qa.ADVISORY) for hit in hits or []]
    for hit, offered in sorted((h for h in stored if h[0].matched), key=lambda h: len(h[0].matched), reverse=True):
        pattern = glossaries.term_pattern(hit.matched, hit.source_lang, not hit.keep_as_is)
        for m in pattern.finditer(text):
            if not any(m.start() < end and start < m.end() for start, end, _, _ in found):
                found.append((m.start(), m.end(), hit.targets, offered))
    out: list[str] = []
    last = 0
    for start, end, targets, offered in sorted(found):
        out.append(str(escape(text[last:start])))
        title = "Désignation française proposée" if offered else "Traduction imposée"
        out.append(f'<mark class="term" title="{title} : {escape(" / ".join(targets))}">'
                   f"{escape(text[start:end])}</mark>")
        last = end
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
