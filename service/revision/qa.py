"""Quality checks before delivery: pure functions over a segment's source, final text and metadata.

Every check compares what the source says with what the final text says, so a translator can
reformat ("12.03.2024" -> "12/03/2024", "1.234,56 EUR" -> "1 234,56 EUR") without a false alarm,
but cannot silently lose a number, an identifier or a required term.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import glossaries
from mt_models import dates
from service.kit import inline

NOT_CONFIRMED = "not_confirmed"
EMPTY = "empty"
IDENTICAL = "identical_to_source"
NUMBERS = "number_mismatch"
PROTECTED = "protected_missing"
PLACEHOLDER = "placeholder_leftover"
GLOSSARY = "glossary_violation"
DRAFT_VALUES = "draft_value_not_in_source"
INLINE = "inline_codes"
# Glossary hits with this status are advice (an institution's French designation), never checked.
ADVISORY = "designation"

# Short identical segments are usually names or places ("Anna SCHMIDT", "Berlin"): warn, do not block.
IDENTICAL_BLOCKS_FROM_WORDS = 4

_SP = "[ \u00a0\u202f]"
# ISO dates (year first) or day/month/year with dots, slashes or dashes; not inside longer digit runs.
_DATE = re.compile(r"(?<![\d./-])(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2}))"
                   r"(?![./-]?\d)")
_NUMBER = re.compile(rf"\d{{1,3}}(?:{_SP}\d{{3}}(?!\d))+(?:[.,]\d+)?|\d+(?:[.,'’]\d+)*")
# MT placeholders ("[0]") and translation-memory ones ("⟦DATE_1⟧", a value the new source does not have).
_LEFTOVER = re.compile(r"\[\s*\d{1,3}\s*\]|⟦[^⟧]{1,40}⟧")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"\w+")
_NUMERIC_TOKEN = re.compile(r"^[\d\s\u00a0\u202f.,:'’/+()%€$£-]*(?:EUR|CHF|USD|GBP)?[\s%]*$")

GlossaryCheck = Callable[[str, list[dict[str, Any]]], list[dict[str, Any]]]


@dataclass(frozen=True)
class SegmentText:
    """What the checks look at for one segment."""

    position: int
    source: str
    final: str | None
    confirmed: bool = True
    protected: list[str] = field(default_factory=list)
    glossary: list[dict[str, Any]] = field(default_factory=list)
    draft: str | None = None
    # People the draft names that the source does not (found at drafting time).
    draft_names: list[str] = field(default_factory=list)
    # The request's target language, for the glossary check's inflections; French is the usual target.
    target_lang: str = "fr"


@dataclass(frozen=True)
class Issue:
    """One QA finding on one segment; `blocking` ones stop delivery until fixed or justified."""

    position: int
    code: str
    message: str
    blocking: bool = True
    justifiable: bool = True
    justified: bool = False
    justification: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The issue as the API and the web pages show it."""
        return {"position": self.position, "code": self.code, "message": self.message,
                "blocking": self.blocking, "justifiable": self.justifiable, "justified": self.justified,
                "justification": self.justification}

    @property
    def open(self) -> bool:
        """Whether it still stops delivery."""
        return self.blocking and not self.justified


def check_segment(seg: SegmentText, *, glossary_check: GlossaryCheck | None = None) -> list[Issue]:
    """Every issue of one segment, in a stable order."""
    final = (seg.final or "").strip()
    issues: list[Issue] = []
    if not seg.confirmed:
        issues.append(Issue(seg.position, NOT_CONFIRMED, "Segment non validé : relisez-le puis validez-le.",
                            justifiable=False))
        if seg.final is None:
            # Nothing typed yet: the text checks wait for a final text, but a draft carrying a value the
            # source does not have is pointed out now, before anyone validates it.
            return issues + check_draft(seg.position, seg.source, seg.draft or "", names=seg.draft_names)
    if not final:
        if seg.source.strip():
            issues.append(Issue(seg.position, EMPTY, "Traduction vide : saisissez la traduction "
                                "ou justifiez l'omission (bruit d'OCR, mention à ne pas traduire)."))
        return issues
    issues += check_identical(seg.position, seg.source, final)
    issues += check_numbers(seg.position, seg.source, final, identifiers=seg.protected)
    issues += check_protected(seg.position, seg.protected, final)
    issues += check_placeholders(seg.position, seg.source, final)
    issues += check_inline_codes(seg.position, seg.source, final)
    issues += check_glossary(seg.position, seg.glossary, final, target_lang=seg.target_lang,
                             glossary_check=glossary_check)
    return issues


def check_draft(position: int, source: str, draft: str, *, names: Iterable[str] = ()) -> list[Issue]:
    """Numbers, dates, amounts and names of a draft that its source does not have, and memory placeholders left."""
    if not draft.strip():
        return []
    src = numbers_of(source)
    extra = [shown for key, shown in numbers_of(_LEFTOVER.sub(" ", draft)).items() if key not in src]
    extra += [m.group(0) for m in _LEFTOVER.finditer(draft) if m.group(0) not in source]
    extra += [name for name in names if name in draft]
    if not extra:
        return []
    return [Issue(position, DRAFT_VALUES, "La pré-traduction contient des éléments absents de la source : "
                  + ", ".join(f"« {e} »" for e in extra) + ". Vérifiez-les avant de valider.", blocking=False,
                  justifiable=False)]


def check_identical(position: int, source: str, final: str) -> list[Issue]:
    """A final text equal to a source that has words in it was probably not translated."""
    if _squash(source) != _squash(final) or not _LETTER.search(source):
        return []
    blocking = len(_WORD.findall(source)) >= IDENTICAL_BLOCKS_FROM_WORDS
    return [Issue(position, IDENTICAL, "Traduction identique au texte source : traduisez-la "
                  "ou justifiez-la (nom propre, mention à conserver).", blocking=blocking)]


def check_numbers(position: int, source: str, final: str, *, identifiers: Iterable[str] = ()) -> list[Issue]:
    """Numbers, dates, amounts and identifiers must match once their formatting is set aside.

    Protected identifiers with letters (IBAN, references) are left to `check_protected`, so their
    digit groups are not counted here as well.
    """
    for token in identifiers:
        if _identifier(token):
            spaced = re.compile(r"\s*".join(re.escape(c) for c in _nospace(token)))
            source, final = spaced.sub(" ", source), spaced.sub(" ", final)
    src, fin = numbers_of(source), numbers_of(final)
    missing = [shown for key, shown in src.items() if key not in fin]
    extra = [shown for key, shown in fin.items() if key not in src]
    if not missing and not extra:
        return []
    parts = []
    if missing:
        parts.append("absents de la traduction : " + ", ".join(missing))
    if extra:
        parts.append("en trop dans la traduction : " + ", ".join(extra))
    return [Issue(position, NUMBERS, "Nombres, dates ou montants différents de la source ("
                  + " ; ".join(parts) + ").")]


def numbers_of(text: str) -> dict[str, str]:
    """Normalised number keys of `text` (dates as day.month.year, others as digits) -> the text as written.

    Keys repeat as `key#2`, `key#3`... so that a number written twice must appear twice.
    """
    found: list[tuple[str, str]] = []

    def take_date(match: re.Match[str]) -> str:
        year, month, day = (match.group(1), match.group(2), match.group(3)) if match.group(1) else \
            (match.group(6), match.group(5), match.group(4))
        if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
            return match.group(0)
        found.append((f"date:{int(day)}.{int(month)}.{year[-2:]}", match.group(0)))
        return " "

    def take_word_date(match: re.Match[str]) -> str:
        day, month, year = match.group(1, 2, 3) if match.group(1) else match.group(5, 4, 6)
        found.append((f"date:{int(day)}.{dates.MONTHS[month.casefold()]}.{year[-2:]}", match.group(0)))
        return " "

    rest = _DATE.sub(take_date, dates.WORD_DATE.sub(take_word_date, inline.TOKEN.sub(" ", text)))
    found += [(re.sub(r"\D", "", m.group(0)).lstrip("0") or "0", m.group(0)) for m in _NUMBER.finditer(rest)]
    keyed: dict[str, str] = {}
    seen: Counter[str] = Counter()
    for key, shown in found:
        seen[key] += 1
        keyed[key if seen[key] == 1 else f"{key}#{seen[key]}"] = shown
    return keyed


def check_protected(position: int, tokens: Iterable[str], final: str) -> list[Issue]:
    """Identifiers protected during drafting (IBAN, NIR, references, e-mails) must survive verbatim."""
    squashed = _nospace(final)
    lost = [t for t in tokens if _identifier(t) and _nospace(t) not in squashed]
    if not lost:
        return []
    shown = ", ".join(f"« {t} »" for t in lost)
    return [Issue(position, PROTECTED, f"Élément protégé absent ou modifié : {shown}. "
                  "Recopiez-le tel qu'il figure dans la source.")]


def _identifier(token: str) -> bool:
    """A protected token that must be copied as is: not a number, amount or date (those may be rewritten
    in the target's conventions and are compared by value in `check_numbers`)."""
    return bool(token) and not _NUMERIC_TOKEN.match(token) and dates.parse(token) is None


def check_placeholders(position: int, source: str, final: str) -> list[Issue]:
    """Machine-translation placeholders like "[0]" must not reach the delivered text."""
    left = [m.group(0) for m in _LEFTOVER.finditer(final) if m.group(0) not in source]
    if not left:
        return []
    return [Issue(position, PLACEHOLDER, f"Balise de traduction automatique restée dans le texte : "
                  f"{', '.join(left)}. Remplacez-la par l'élément de la source.")]


def check_inline_codes(position: int, source: str, final: str) -> list[Issue]:
    """The inline codes of a segment from an XLIFF or TMX file ("<g1>…</g1>", "<x2/>": formatting, fields of
    the original document) must all be in the final text, once each and properly nested, for the file to be
    rebuilt."""
    if "<" not in source and "<" not in final:
        return []
    want, have = inline.tokens(source), inline.tokens(final)
    missing = sorted(str(t) for t in (want - have).elements())
    extra = sorted(str(t) for t in (have - want).elements())
    broken = sorted(set(inline.unbalanced(final)) - set(inline.unbalanced(source)))
    if not (missing or extra or broken):
        return []
    parts = []
    if missing:
        parts.append("absentes : " + ", ".join(missing))
    if extra:
        parts.append("en trop : " + ", ".join(extra))
    if broken:
        parts.append("mal imbriquées : " + ", ".join(f"<g{n}>" for n in broken))
    return [Issue(position, INLINE, "Balises de mise en forme du fichier d'origine différentes de la source ("
                  + " ; ".join(parts) + "). Replacez-les comme dans la source.")]


def check_glossary(position: int, hits: list[dict[str, Any]], final: str, *, target_lang: str = "fr",
                   glossary_check: GlossaryCheck | None = None) -> list[Issue]:
    """Each glossary term found in the source must be rendered by its required translation (the
    glossaries library's check, inflection-aware and per concept, unless another is given).

    An institution's French designation is offered, not required: its name may stay as written.
    """
    hits = [h for h in hits if h.get("status") != ADVISORY]
    if not hits:
        return []
    violated = glossary_check(final, hits) if glossary_check else _library_check(final, hits, target_lang)
    issues = []
    for hit in violated:
        targets = " / ".join(f"« {t} »" for t in required_targets(hit)) or "le terme imposé"
        issues.append(Issue(position, GLOSSARY, f"Terme du glossaire non respecté : « {source_term(hit)} » "
                            f"doit être traduit par {targets}."))
    return issues


def _library_check(final: str, hits: list[dict[str, Any]], target_lang: str) -> list[dict[str, Any]]:
    stored = [(hit, glossaries.stored_hit(hit, target_lang=target_lang)) for hit in hits]
    required = [term for _, term in stored if term.targets]
    violated = set(glossaries.check(final, required))
    return [hit for hit, term in stored if term in violated]


def source_term(hit: Mapping[str, Any]) -> str:
    """The source-language term of a glossary hit, as found in the source ("?" when the hit has none)."""
    return glossaries.stored_hit(hit).matched or "?"


def required_targets(hit: Mapping[str, Any]) -> list[str]:
    """The accepted target-language renderings of a glossary hit."""
    return list(glossaries.stored_hit(hit).targets)


def text_key(text: str | None) -> str:
    """A short fingerprint of a final text: a justification holds only for the text it was given for."""
    return hashlib.sha256((text or "").strip().encode()).hexdigest()[:16]


def apply_justifications(issues: list[Issue], justifications: Iterable[Mapping[str, Any]],
                         final: str | None) -> list[Issue]:
    """Mark the issues justified for this very final text (a later edit reopens them)."""
    key = text_key(final)
    reasons = {j["code"]: str(j.get("reason", "")) for j in justifications
               if j.get("justified") and j.get("text_key") == key and "code" in j}
    return [replace(i, justified=True, justification=reasons[i.code])
            if i.justifiable and i.code in reasons else i for i in issues]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _nospace(text: str) -> str:
    return re.sub(r"\s+", "", text)
