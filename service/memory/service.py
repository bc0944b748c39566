"""Translation memory: remember final segments, look up exact then fuzzy matches, import/export TMX.

Entries hold sentences, not people: every protected value (names, addresses, identifiers, dates,
amounts...) is stored as a typed placeholder (see placeholders.py), and a match is filled with the new
segment's own values. So the memory is shared by every caisse: a sentence confirmed for one caisse
drafts another's, and never carries the first one's insured person, dates or amounts with it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from mt_models.protect import Span
from service import engines
from service.config import get_settings
from service.memory import placeholders, repository, text
from service.memory.schemas import Match

logger = logging.getLogger(__name__)

FUZZY_WORDS = 4  # rarest index terms (word bigrams) of the query used to gather candidates
FUZZY_CANDIDATES = 30  # candidates scored with rapidfuzz


def _values(*, source_lang: str, target_lang: str, source_text: str, target_text: str, origin: str,
            request_id: int | None, user_id: int | None) -> tuple[dict, str]:
    norm = text.normalise(source_text)
    return ({"source_lang": source_lang, "target_lang": target_lang, "source_text": norm,
             "target_text": target_text.strip(), "source_hash": text.source_hash(norm), "length": len(norm),
             "origin": origin[:16], "request_id": request_id, "user_id": user_id}, norm)


def _postings(source_lang: str, target_lang: str, norm: str, entry_id: int) -> list[dict[str, int]]:
    return [{"gram": text.gram(source_lang, target_lang, w), "length": len(norm), "entry_id": entry_id}
            for w in text.words(norm)]


def masked_pair(source_text: str, target_text: str, *, source_lang: str, target_lang: str,
                subject: engines.Subject | None = None) -> tuple[str, str] | None:
    """A (source, target) pair as the memory stores it, with placeholders; None when it cannot be stored safely."""
    spans = engines.protected_spans(source_text, source=source_lang, target=target_lang, subject=subject)
    source = placeholders.mask(source_text, spans)
    target = placeholders.mask_target(target_text, source, target_lang=target_lang, detect=engines.values_in)
    return None if target is None else (source.text, target)


def remember(session: Session, *, source_lang: str, target_lang: str, source_text: str, target_text: str,
             origin: str, request_id: int | None = None, user_id: int | None = None,
             subject: engines.Subject | None = None) -> bool:
    """Store a final segment with placeholders for its values; the same masked source keeps the latest target.

    False when it is not stored: empty, or a value of the source is not found in the translation (or the
    translation has one the source lacks), which a later match would carry into another document.
    """
    if not source_text.strip() or not target_text.strip():
        return False
    pair = masked_pair(source_text, target_text, source_lang=source_lang, target_lang=target_lang, subject=subject)
    if pair is None:
        logger.info("segment of request %s not remembered: its values could not be matched", request_id)
        return False
    values, norm = _values(source_lang=source_lang, target_lang=target_lang, source_text=pair[0],
                           target_text=pair[1], origin=origin, request_id=request_id, user_id=user_id)
    entry_id = repository.upsert(session, values)
    repository.add_postings(session, _postings(source_lang, target_lang, norm, entry_id))
    session.flush()
    return True


def lookup(session: Session, *, source_lang: str, target_lang: str, text: str,
           threshold: float | None = None, subject: engines.Subject | None = None) -> Match | None:
    """The exact match of `text`, else the best fuzzy match at or above the threshold (0-100)."""
    return lookup_many(session, source_lang=source_lang, target_lang=target_lang, texts=[text],
                       threshold=threshold, subject=subject)[0]


def lookup_many(session: Session, *, source_lang: str, target_lang: str, texts: Sequence[str],
                spans: Sequence[Sequence[Span]] | None = None, threshold: float | None = None,
                subject: engines.Subject | None = None) -> list[Match | None]:
    """`lookup` for several segments (`spans[i]`: the protected spans of `texts[i]`, found here if not given).

    Segments are compared with their values as placeholders: exact matches in one query, fuzzy ones
    segment by segment; each match comes back filled with its segment's own values.
    """
    limit = get_settings().tm_fuzzy_threshold if threshold is None else threshold
    if spans is None:
        spans = [engines.protected_spans(t, source=source_lang, target=target_lang, subject=subject) for t in texts]
    masked = [placeholders.mask(t, s) for t, s in zip(texts, spans, strict=True)]
    norms = [text.normalise(m.text) for m in masked]
    hashes = [text.source_hash(n) for n in norms]
    exact = repository.exact_rows(session, source_lang=source_lang, target_lang=target_lang, hashes=hashes)
    out: list[Match | None] = []
    for norm, h, segment in zip(norms, hashes, masked, strict=True):
        if not norm:
            out.append(None)
            continue
        found = _match(exact[h], 100.0, exact=True) if h in exact else \
            _fuzzy(session, source_lang, target_lang, norm, limit)
        out.append(_filled(found, segment, target_lang) if found else None)
    return out


def _match(row: tuple[int, str, str, str], score: float, *, exact: bool) -> Match:
    entry_id, source_text, target_text, origin = row
    return Match(text=target_text, score=round(score, 1), exact=exact, source_text=source_text,
                 entry_id=entry_id, origin=origin)


def _filled(match: Match, segment: placeholders.Masked, target_lang: str) -> Match:
    """The match with the segment's values in place of the entry's placeholders."""
    filled, unfilled = placeholders.fill(match.text, segment.by_name(), target_lang=target_lang)
    adapted = bool(placeholders.PLACEHOLDER_RE.search(match.text))
    return Match(text=filled, score=match.score, exact=match.exact, source_text=match.source_text,
                 entry_id=match.entry_id, origin=match.origin, adapted=adapted, unfilled=tuple(unfilled))


def _fuzzy(session: Session, source_lang: str, target_lang: str, norm: str, threshold: float) -> Match | None:
    """Candidates share the query's rarest words and have a compatible length; rapidfuzz ranks them."""
    grams = [text.gram(source_lang, target_lang, w) for w in text.words(norm)]
    if not grams:
        return None
    lo, hi = text.length_window(len(norm), threshold)
    counts = repository.posting_counts(session, grams[: FUZZY_WORDS * 2], lo, hi)
    rarest = sorted((g for g, n in counts.items() if n), key=counts.__getitem__)[:FUZZY_WORDS]
    # Rarer words say more about a match: weigh each by its inverse document frequency.
    weights = {g: math.log((repository.POSTINGS_CAP + 1) / counts[g]) for g in rarest}
    ids = repository.candidates(session, weights, len(norm), lo, hi, limit=FUZZY_CANDIDATES)
    best: tuple[float, tuple[int, str, str, str]] | None = None
    for row in repository.sources(session, ids):
        score = fuzz.ratio(norm, row[1], score_cutoff=threshold)
        if score and (best is None or score > best[0]):
            best = (score, row)
    return _match(best[1], best[0], exact=False) if best else None


def add_many(session: Session, *, source_lang: str, target_lang: str, pairs: Iterable[tuple[str, str]],
             origin: str) -> tuple[int, int]:
    """Remember many (source, target) pairs fast, with placeholders; returns (added, updated).

    Pairs that cannot be stored safely (see `remember`) are left out of both counts.
    """
    rows: dict[str, tuple[dict, str]] = {}
    for source_text, target_text in pairs:
        pair = masked_pair(source_text, target_text, source_lang=source_lang, target_lang=target_lang) \
            if source_text.strip() and target_text.strip() else None
        if pair is not None:
            values, norm = _values(source_lang=source_lang, target_lang=target_lang, source_text=pair[0],
                                   target_text=pair[1], origin=origin, request_id=None, user_id=None)
            rows[values["source_hash"]] = (values, norm)
    existing = repository.find_exact(session, source_lang=source_lang, target_lang=target_lang,
                                     hashes=list(rows))
    for h, entry in existing.items():
        entry.target_text, entry.origin = rows[h][0]["target_text"], origin
    new = [rows[h] for h in rows if h not in existing]
    ids = repository.bulk_insert(session, [values for values, _ in new])
    repository.bulk_postings(session, [p for (_, norm), entry_id in zip(new, ids, strict=True)
                                       for p in _postings(source_lang, target_lang, norm, entry_id)])
    session.flush()
    return len(new), len(existing)


def size(session: Session, *, source_lang: str | None = None, target_lang: str | None = None) -> int:
    """Number of entries (in one pair, or in all)."""
    return repository.count(session, source_lang=source_lang, target_lang=target_lang)
