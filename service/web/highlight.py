"""Glossary terms marked up in a segment's source, with their required translation beside them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from service.revision import qa


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
