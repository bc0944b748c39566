"""XLIFF 2.0 and 1.2 export of a request's segments, and the checked import of a vendor's return.

Unit ids are the segments' positions. Both directions go through translate-toolkit; the import
refuses the whole file on the first sign of trouble, listing every problem found, so a bad return
never half-overwrites a translation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lxml import etree
from translate.misc.xml_helpers import parse_xml
from translate.storage import xliff, xliff2

from service.models import Segment
from service.vendor.errors import XliffRejected
from service.vendor.pii import Mask, placeholders_in

VERSIONS = ("2.0", "1.2")
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"


class Xliff12Unit(xliff.xliffunit):
    """A trans-unit in the XLIFF 1.2 namespace."""

    namespace = NS_12


class Xliff12File(xliff.xlifffile):
    """translate-toolkit's XLIFF 1.x store, writing version 1.2 (its default skeleton says 1.1)."""

    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{NS_12}'>
<file original='NoName' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""
    namespace = NS_12
    UnitClass = Xliff12Unit


@dataclass(frozen=True)
class ReturnedTargets:
    """Targets by segment position, placeholders already restored."""

    targets: dict[int, str]


def export(segments: list[Segment], *, source_lang: str, target_lang: str, version: str, mask: Mask,
           original_name: str = "document") -> bytes:
    """The segments as XLIFF `version`, targets pre-filled with the drafts, identifiers masked."""
    store: xliff2.Xliff2File | Xliff12File
    if version == "2.0":
        store = xliff2.Xliff2File(sourcelanguage=source_lang, targetlanguage=target_lang)
    else:
        store = Xliff12File(sourcelanguage=source_lang, targetlanguage=target_lang)
    for segment in segments:
        unit = store.addsourceunit(mask.apply(segment.source_text))
        unit.setid(str(segment.position))
        if segment.draft_text:
            unit.target = mask.apply(segment.draft_text)
            # A draft is a proposal for the vendor to revise, not an approved translation.
            unit.markapproved(False)
    if isinstance(store, Xliff12File):
        store.setfilename(store.getfilenode("NoName"), original_name)
    return bytes(store)


def _root(data: bytes) -> etree._Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise XliffRejected(["the file declares a DOCTYPE or entities, which XLIFF does not need"])
    try:
        return parse_xml(data)
    except etree.XMLSyntaxError as exc:
        raise XliffRejected([f"the file is not well-formed XML (broken markup): {exc}"]) from exc


def _load(data: bytes) -> xliff2.Xliff2File | xliff.xlifffile:
    root = _root(data)
    version = root.get("version", "")
    try:
        if version.startswith("2."):
            return xliff2.Xliff2File.parsestring(data)
        if version.startswith("1."):
            return xliff.xlifffile.parsestring(data)
    except (ValueError, AssertionError, etree.XMLSyntaxError) as exc:
        raise XliffRejected([f"the file is not a readable XLIFF {version} document: {exc}"]) from exc
    raise XliffRejected([f"unsupported XLIFF version '{version or 'none'}'; send XLIFF 2.0 or 1.2"])


def _lang(code: str | None) -> str:
    return (code or "").split("-")[0].split("_")[0].lower()


def _unit_id(unit: xliff.xliffunit) -> str:
    # XLIFF 1.x ids come back prefixed with the file name; the element's attribute is the real id.
    return unit.xmlelement.get("id") or unit.getid() or ""


def _markup_problem(unit: xliff.xliffunit) -> str | None:
    source = unit.xmlelement.find(".//{*}source")
    target = unit.xmlelement.find(".//{*}target")
    if source is None or target is None:
        return None
    tags = Counter(etree.QName(e).localname for e in source.iterdescendants())
    if tags != Counter(etree.QName(e).localname for e in target.iterdescendants()):
        return "inline markup of the target differs from the source"
    return None


def read_return(data: bytes, *, segments: list[Segment], source_lang: str, target_lang: str,
                mask: Mask) -> ReturnedTargets:
    """The targets of a returned XLIFF, or XliffRejected listing every problem (nothing is written)."""
    store = _load(data)
    problems: list[str] = []
    got = (_lang(store.getsourcelanguage()), _lang(store.gettargetlanguage()))
    if got != (source_lang, target_lang):
        problems.append(f"wrong language pair {got[0] or '?'}>{got[1] or '?'}; this job is "
                        f"{source_lang}>{target_lang}")
    known = {str(s.position): s for s in segments}
    targets: dict[int, str] = {}
    unknown, empty, seen = [], [], set()
    for unit in store.units:
        uid = _unit_id(unit)
        if uid not in known:
            unknown.append(uid or "(no id)")
            continue
        if uid in seen:
            problems.append(f"segment {uid} appears twice")
        seen.add(uid)
        text = unit.target
        if not text or not str(text).strip():
            empty.append(uid)
            continue
        problems.extend(f"segment {uid}: {p}" for p in _segment_problems(unit, str(text), mask, known[uid]))
        targets[known[uid].position] = mask.restore(str(text))
    if unknown:
        problems.append(f"unknown segment ids: {', '.join(unknown[:20])}")
    missing = [uid for uid in known if uid not in seen]
    if missing:
        problems.append(f"segments missing from the file: {', '.join(missing[:20])}")
    if empty:
        problems.append(f"segments without a target: {', '.join(empty[:20])}")
    if problems:
        raise XliffRejected(problems)
    return ReturnedTargets(targets)


def _words(text: str) -> str:
    return " ".join(text.split())


def _segment_problems(unit: xliff.xliffunit, text: str, mask: Mask, segment: Segment) -> list[str]:
    found = []
    if _words(str(unit.source or "")) != _words(mask.apply(segment.source_text)):
        # Same ids, other text: most likely the file of another job.
        found.append("source text differs from this job's (is it the file of another request?)")
    markup = _markup_problem(unit)
    if markup:
        found.append(markup)
    expected = placeholders_in(mask.apply(str(unit.source or "")))
    present = placeholders_in(text)
    if expected - present:
        found.append(f"placeholders dropped: {', '.join(sorted(expected - present))} (keep them as they are)")
    if present - set(mask.by_placeholder):
        found.append(f"unknown placeholders: {', '.join(sorted(present - set(mask.by_placeholder)))}")
    return found
