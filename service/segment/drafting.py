"""Drafting a request's segments: translation memory first, then machine translation, glossary enforced.

Work goes batch by batch: the task commits after each batch, so progress shows and a crash
loses at most one batch. Only segments without a draft origin are taken, so running the task
again (redelivery, retry, sweep) never redoes or duplicates anything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glossaries import Termbase, TermHit, check, enforce, find_terms
from mt_models import Draft, MtError, Translator, UnsupportedPairError
from mt_models.protect import Span
from service import engines
from service.config import get_settings
from service.memory import service as memory_service
from service.memory.schemas import Match
from service.models import Segment, TranslationRequest
from service.models.enums import DraftOrigin, RequestStatus, SegmentStatus
from service.segment import analysis
from service.segment.errors import DraftingFailed
from service.translation_request import pipeline
from service.translation_request import service as request_service
from service.translation_request.step_task import claim

# A note on a memory draft: placeholders of the entry that nothing in the new segment fills.
UNFILLED = "tm_unfilled"


def draft_batch(session: Session, request_id: int, *, translator: Translator, termbase: Termbase) -> bool:
    """Draft the next batch of undrafted segments; True while some remain to draft."""
    request = claim(session, pipeline.DRAFT, request_id=request_id)
    if request is None:
        return False  # already drafted, cancelled or failed: nothing to do
    if request.status == RequestStatus.EXTRACTED:
        # Committed on its own, so "drafting" shows while the first model loads.
        request_service.transition(session, request, to=RequestStatus.DRAFTING, action="drafting.started")
        return True
    batch = list(session.scalars(
        select(Segment).where(Segment.request_id == request.id, Segment.draft_origin.is_(None))
        .order_by(Segment.position).limit(max(get_settings().mt_max_batch_size, 1))))
    if batch:
        draft_segments(session, request, batch, translator=translator, termbase=termbase)
    done, total = _progress(session, request)
    if done < total:
        request_service.set_progress(request, label=f"Pré-traduction {done}/{total} segments", done=done,
                                     total=total)
        return True
    _finish(session, request)
    return False


def draft_segments(session: Session, request: TranslationRequest, segments: Sequence[Segment], *,
                   translator: Translator, termbase: Termbase) -> None:
    """Give each segment its entities, then a draft: copied, from memory (adapted), or machine-translated."""
    source, target = request.source_lang, request.target_lang
    subject = engines.Subject(request.subject_name, request.subject_birth_date)
    found = [analysis.analyse(s.source_text, source=source, target=target, subject=subject) for s in segments]
    matches = memory_service.lookup_many(session, source_lang=source, target_lang=target,
                                         texts=[s.source_text for s in segments], spans=[f.spans for f in found])
    todo = {s.source_text: f.spans for s, f, m in zip(segments, found, matches, strict=True)
            if m is None and s.source_text.strip() and not f.only_entities}
    drafts = _translate(request, todo, translator)
    threshold = engines.draft_threshold()
    for segment, facts, match in zip(segments, found, matches, strict=True):
        hits = find_terms(termbase, segment.source_text, source=source, target=target)
        segment.protected, segment.entities = facts.protected, facts.entities
        if facts.only_entities:
            _copied(segment, facts, hits)
        elif match is not None:
            _from_memory(segment, match, hits)
        elif segment.source_text in drafts:
            _from_mt(segment, drafts[segment.source_text], hits, facts, threshold=threshold)
        else:
            _undrafted(segment, hits)
        _advise(segment, facts, target=target)
    session.flush()


def _advise(segment: Segment, facts: analysis.Analysis, *, target: str) -> None:
    """Institutions' French designations beside the glossary hits; people a draft names that its source does not."""
    offered = analysis.designations(facts, segment.glossary)
    if offered:
        segment.glossary = [*segment.glossary, *offered]
    if segment.draft_text and segment.draft_origin not in (DraftOrigin.COPIED, DraftOrigin.NONE):
        found = analysis.foreign_names(segment.source_text, segment.draft_text, target=target)
        if found:
            segment.draft_notes = [*segment.draft_notes, *found]


def _translate(request: TranslationRequest, todo: dict[str, list[Span]], translator: Translator) -> dict[str, Draft]:
    """MT drafts by source text (each distinct text once); none when no model covers the pair."""
    if not todo:
        return {}
    texts = list(todo)
    try:
        drafts = translator.translate_batch(texts, source=request.source_lang, target=request.target_lang,
                                            spans=[todo[t] for t in texts])
    except UnsupportedPairError as e:
        _warn_once(request, f"Aucun modèle de traduction automatique pour {request.source_lang}→"
                            f"{request.target_lang} : les segments sans correspondance en mémoire restent "
                            f"sans pré-traduction. ({e})")
        return {}
    except MtError as e:
        raise DraftingFailed(e.code, str(e)) from e
    return dict(zip(texts, drafts, strict=True))


def _copied(segment: Segment, facts: analysis.Analysis, hits: list[TermHit]) -> None:
    # Nothing but names, addresses, references or dates: the line crosses as it is (exonyms aside).
    text, at = [], 0
    for entity in facts.entities:
        text += [segment.source_text[at:entity["start"]], entity["shown"]]
        at = entity["end"]
    text.append(segment.source_text[at:])
    _set(segment, text="".join(text), origin=DraftOrigin.COPIED, glossary=_stored(hits), notes=facts.notes)


def _from_memory(segment: Segment, match: Match, hits: list[TermHit]) -> None:
    # A memory match is human work: the glossary is checked, never rewritten into it.
    violated = check(match.text, hits)
    origin = DraftOrigin.TM_FUZZY if not match.exact else DraftOrigin.TM_ADAPTED if match.adapted \
        else DraftOrigin.TM_EXACT
    notes = [{"code": UNFILLED, "placeholders": list(match.unfilled)}] if match.unfilled else []
    _set(segment, text=match.text, origin=origin, glossary=_stored(hits, flagged=violated), notes=notes)
    segment.tm_score = match.score
    segment.tm_source = match.source_text if origin != DraftOrigin.TM_EXACT else None


def _from_mt(segment: Segment, draft: Draft, hits: list[TermHit], facts: analysis.Analysis, *,
             threshold: float) -> None:
    result = enforce(draft.text, hits, source_text=segment.source_text)
    _set(segment, text=result.text, origin=DraftOrigin(draft.origin),
         glossary=_stored(hits, flagged=result.flagged, enforced=result.enforced), notes=facts.notes)
    segment.draft_score, segment.draft_model = draft.score, draft.model
    segment.draft_confidence = draft.confidence
    # Held back below the threshold: the editor shows it greyed, and leaves the final text to the translator.
    segment.draft_shown = draft.confidence is None or draft.confidence >= threshold


def _undrafted(segment: Segment, hits: list[TermHit]) -> None:
    # Blank segments keep their (empty) text; others wait for the translator.
    text = segment.source_text if not segment.source_text.strip() else None
    _set(segment, text=text, origin=DraftOrigin.NONE, glossary=_stored(hits))
    segment.draft_shown = text is not None


def _set(segment: Segment, *, text: str | None, origin: DraftOrigin, glossary: list[dict[str, Any]],
         notes: list[dict[str, Any]] | None = None) -> None:
    segment.draft_text, segment.draft_origin, segment.glossary = text, origin, glossary
    segment.draft_score = segment.draft_model = segment.tm_score = segment.tm_source = None
    segment.draft_confidence, segment.draft_shown, segment.draft_notes = None, True, list(notes or [])
    segment.status = SegmentStatus.DRAFTED if text is not None else SegmentStatus.PENDING


def _stored(hits: list[TermHit], *, flagged: Sequence[TermHit] = (),
            enforced: Sequence[TermHit] = ()) -> list[dict[str, Any]]:
    """Hits as JSON with their status: ok, enforced (a wrong term was replaced) or flagged."""
    def status(hit: TermHit) -> str:
        return "flagged" if hit in flagged else "enforced" if hit in enforced else "ok"

    return [{**hit.to_dict(), "status": status(hit)} for hit in hits]


def _warn_once(request: TranslationRequest, warning: str) -> None:
    if warning not in (request.warnings or []):
        # A new list, so the JSON column is seen as changed.
        request.warnings = [*(request.warnings or []), warning]


def _progress(session: Session, request: TranslationRequest) -> tuple[int, int]:
    total, done = session.execute(
        select(func.count(Segment.id), func.count(Segment.draft_origin))
        .where(Segment.request_id == request.id)).one()
    return int(done), int(total)


def _finish(session: Session, request: TranslationRequest) -> None:
    origins = Counter(session.scalars(select(Segment.draft_origin).where(Segment.request_id == request.id)))
    request_service.clear_progress(request)
    request_service.transition(session, request, to=RequestStatus.DRAFTED, action="drafting.done",
                               detail={"origins": {str(k): v for k, v in sorted(origins.items())}})
    pipeline.advance(session, request)
