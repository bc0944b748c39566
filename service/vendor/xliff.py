"""XLIFF 2.0 and 1.2 export of a request's segments, and the checked import of a vendor's return.

Unit ids are the segments' positions. The export is written with lxml to the OASIS schemas (the tests
validate it); protected tokens of the text (`service.kit.inline`) become inline codes. The import reads
the file as the field's tools write it (`service.vendor.xliff_read`) and refuses the whole file on the
first sign of trouble, listing every problem found with its unit and the rule broken, so a bad return
never half-overwrites a translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from service import engines
from service.kit import inline
from service.models import Segment
from service.vendor import xliff_read
from service.vendor.errors import XliffRejected
from service.vendor.masking import DocumentMask

VERSIONS = ("2.0", "1.2")
NS_12, NS_20 = xliff_read.NS_12, xliff_read.NS_20
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Characters XML 1.0 cannot hold; segments extracted today have none, older ones may.
_PLACEHOLDER = re.compile(r"(?:⟦|\[\[)[^⟦⟧\[\]\n]{1,40}(?:⟧|\]\])")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass(frozen=True)
class ReturnedTargets:
    """Targets by segment position, placeholders already restored."""

    targets: dict[int, str]


def export(segments: list[Segment], *, source_lang: str, target_lang: str, version: str, mask: DocumentMask,
           original_name: str = "document") -> bytes:
    """The segments as XLIFF `version`, targets pre-filled with the drafts, personal values masked."""
    build = _export_20 if version == "2.0" else _export_12
    root = build(segments, source_lang, target_lang, mask, original_name)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _export_20(segments: list[Segment], source_lang: str, target_lang: str, mask: DocumentMask,
               original_name: str) -> etree._Element:
    root = etree.Element(f"{{{NS_20}}}xliff", version="2.0", srcLang=source_lang, trgLang=target_lang,
                         nsmap={None: NS_20})
    file = _child(root, "file", NS_20, id="f1", original=original_name)
    for segment in segments:
        unit = _child(file, "unit", NS_20, id=str(segment.position))
        # A draft is a proposal for the vendor to revise, not an approved translation.
        draft = mask.draft(segment)
        part = _child(unit, "segment", NS_20, **({"state": "initial"} if draft else {}))
        _fill(_child(part, "source", NS_20), mask.source(segment), "2.0")
        if draft:
            _fill(_child(part, "target", NS_20), draft, "2.0")
    return root


def _export_12(segments: list[Segment], source_lang: str, target_lang: str, mask: DocumentMask,
               original_name: str) -> etree._Element:
    root = etree.Element(f"{{{NS_12}}}xliff", version="1.2", nsmap={None: NS_12})
    file = _child(root, "file", NS_12, original=original_name, datatype="plaintext",
                  **{"source-language": source_lang, "target-language": target_lang})
    body = _child(file, "body", NS_12)
    for segment in segments:
        unit = _child(body, "trans-unit", NS_12, id=str(segment.position))
        unit.set(XML_SPACE, "preserve")
        _fill(_child(unit, "source", NS_12), mask.source(segment), "1.2")
        draft = mask.draft(segment)
        if draft:
            unit.set("approved", "no")
            target = _child(unit, "target", NS_12, state="needs-review-translation")
            _fill(target, draft, "1.2")
    return root


def _child(parent: etree._Element, name: str, namespace: str, **attributes: str) -> etree._Element:
    """A structural element, on a line of its own (mixed content is never re-indented)."""
    if len(parent) == 0:
        parent.text = "\n"
    element = etree.SubElement(parent, f"{{{namespace}}}{name}", attributes)
    element.tail = "\n"
    return element


def _fill(element: etree._Element, text: str, version: str) -> None:
    """Write `text` into `element`, its tokens as inline codes (paired ones nested when they nest)."""
    text = _NOT_XML.sub(" ", text)
    loose = set(inline.unbalanced(text))
    stack = [element]
    for part in inline.split(text):
        current = stack[-1]
        if isinstance(part, str):
            if len(current):
                current[-1].tail = (current[-1].tail or "") + part
            else:
                current.text = (current.text or "") + part
        elif part.kind == "open" and part.n not in loose:
            stack.append(etree.SubElement(current, _code_tag(version, "pc" if version == "2.0" else "g"),
                                          id=str(part.n)))
        elif part.kind == "close" and part.n not in loose:
            stack.pop()
        else:
            _loose_code(current, part, version)


def _code_tag(version: str, name: str) -> str:
    return f"{{{NS_20 if version == '2.0' else NS_12}}}{name}"


def _loose_code(parent: etree._Element, token: inline.Token, version: str) -> None:
    """A standalone code, or one end of a pair that does not nest."""
    n = str(token.n)
    if token.kind == "standalone":
        etree.SubElement(parent, _code_tag(version, "ph" if version == "2.0" else "x"), id=n)
    elif version == "2.0":
        etree.SubElement(parent, _code_tag(version, "sc" if token.kind == "open" else "ec"), id=n,
                         isolated="yes")
    else:
        etree.SubElement(parent, _code_tag(version, "bx" if token.kind == "open" else "ex"), id=n)


def _lang(code: str | None) -> str:
    return (code or "").split("-")[0].split("_")[0].lower()


def read_return(data: bytes, *, segments: list[Segment], source_lang: str, target_lang: str,
                mask: DocumentMask) -> ReturnedTargets:
    """The targets of a returned XLIFF, or XliffRejected listing every problem (nothing is written)."""
    document = xliff_read.read(data)
    found = _Problems()
    got = (_lang(document.source_lang), _lang(document.target_lang))
    if got != (source_lang, target_lang):
        found.add(f"wrong language pair {got[0] or '?'}>{got[1] or '?'}; this job is {source_lang}>{target_lang}",
                  "wrong_pair", got=f"{got[0] or '?'}>{got[1] or '?'}", expected=f"{source_lang}>{target_lang}")
    known = {str(s.position): s for s in segments}
    targets: dict[int, str] = {}
    unknown, empty, seen = [], [], set()
    for unit in document.units:
        if unit.id not in known:
            unknown.append(unit.id or "(no id)")
            continue
        if unit.id in seen:
            found.add(f"unit {unit.id} appears twice (rule: one unit per segment)", "unit_twice", unit=unit.id)
        seen.add(unit.id)
        for p in unit.problems:
            found.add(f"unit {unit.id}: {p}", "unit_markup", unit=unit.id, detail=p)
        if unit.target is None or not inline.without_tokens(unit.target).strip():
            empty.append(unit.id)
            continue
        _unit_problems(found, unit, unit.target, mask, known[unit.id])
        targets[known[unit.id].position] = mask.restore(unit.target)
    if unknown:
        found.add(f"unknown segment ids: {', '.join(unknown[:20])} (rule: keep the units and ids sent)",
                  "unknown_ids", items=", ".join(unknown[:20]))
    missing = [uid for uid in known if uid not in seen]
    if missing:
        found.add(f"segments missing from the file: {', '.join(missing[:20])}", "missing_segments",
                  items=", ".join(missing[:20]))
    if empty:
        found.add(f"segments without a target: {', '.join(empty[:20])}", "empty_targets", items=", ".join(empty[:20]))
    if found.texts:
        raise XliffRejected(found.texts, found.codes)
    return ReturnedTargets(targets)


class _Problems:
    """What a return's check found: English sentences for the API, codes and parameters for the pages."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.codes: list[dict[str, str]] = []

    def add(self, text: str, code: str, **params: str) -> None:
        self.texts.append(text)
        self.codes.append({"code": code, **params})


def _comparable(text: str) -> str:
    """Words only: whitespace, inline codes and characters XML cannot carry do not count."""
    return " ".join(_NOT_XML.sub(" ", inline.without_tokens(text)).split())


def _canonical(text: str) -> str:
    """Placeholders as the masking wrote them, whatever a vendor's tool did to their spacing or case."""
    return _PLACEHOLDER.sub(lambda m: (engines.placeholders_in(m.group(0)) or [m.group(0)])[0], text)


def _unit_problems(found: _Problems, unit: xliff_read.Unit, target: str, mask: DocumentMask,
                   segment: Segment) -> None:
    uid = unit.id or ""
    if _comparable(_canonical(unit.source)) != _comparable(mask.source(segment)):
        # Same ids, other text: most likely the file of another job.
        found.add(f"unit {uid}: source text differs from this job's (is it the file of another request?)",
                  "source_differs", unit=uid)
    if (inline.tokens(target) != inline.tokens(unit.source)
            or set(inline.unbalanced(target)) != set(inline.unbalanced(unit.source))):
        found.add(f"unit {uid}: inline codes of the target differ from the source (rule: keep each code of the "
                  "source once, paired codes around text)", "inline_codes", unit=uid)
    expected = set(engines.placeholders_in(mask.source(segment)))
    present = set(engines.placeholders_in(target))
    if expected - present:
        dropped = ", ".join(sorted(expected - present))
        found.add(f"unit {uid}: placeholders dropped: {dropped} (keep them as they are)", "placeholders_dropped",
                  unit=uid, items=dropped)
    if present - set(mask.by_placeholder):
        extra = ", ".join(sorted(present - set(mask.by_placeholder)))
        found.add(f"unit {uid}: unknown placeholders: {extra}", "unknown_placeholders", unit=uid, items=extra)
