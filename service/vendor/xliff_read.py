"""Reading XLIFF 1.2 and 2.0 as the field's tools write them, into units of plain text with tokens.

What the tools add and what becomes of it:

- groups (nested `<group>`), several `<file>`s, notes and states: read; units are taken in document order;
- 1.2 segmentation (`<seg-source>` with `<mrk mtype="seg">`, targets wrapped in the same markers: Trados,
  Okapi, Matecat): the markers are transparent; every segment marker of `<seg-source>` needs its target;
- 2.0 `<segment>`s and `<ignorable>`s of a `<unit>` (a tool may add `<segment id="s1">`): joined, keyed on
  the unit's id;
- inline codes (1.2 `<g>`, `<x/>`, `<bx/>`, `<ex/>`, `<ph>`, `<bpt>`/`<ept>`, `<it>`; 2.0 `<ph/>`, `<pc>`,
  `<sc/>`/`<ec/>`): protected tokens (`service.kit.inline`); annotations (`<mrk>`, `<sm/>`/`<em/>`) keep
  their text; a code that carries its text equivalent (2.0 `equiv`, Matecat's `equiv-text`) gives that
  text; 2.0 `<cp hex>` gives its character.

translate-toolkit's stores flatten inline codes into their native markup or drop them and key 2.0 units
on their segments, hence this walk over lxml's tree; translate-toolkit remains the reference the
interoperability checks compare against.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from service.kit import inline
from service.kit.xml import XmlRefused, local_name, parse
from service.vendor.errors import XliffRejected

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
_ANNOTATIONS = {"mrk", "sm", "em"}
_PAIRED = {"g", "pc"}
_OPENERS = {"bpt", "bx", "sc"}
_CLOSERS = {"ept", "ex", "ec"}
_STANDALONE = {"x", "ph", "it"}


@dataclass
class Unit:
    """One translation unit: its id, source and target as text with tokens, and what the file said of it."""

    id: str
    source: str
    target: str | None
    state: str | None = None
    notes: list[str] = field(default_factory=list)
    segments: int = 1
    problems: list[str] = field(default_factory=list)


@dataclass
class XliffDocument:
    """A read XLIFF file."""

    version: str
    source_lang: str
    target_lang: str
    units: list[Unit]


def read(data: bytes) -> XliffDocument:
    """The units of an XLIFF 1.2 or 2.0 file, or XliffRejected saying why it cannot be read."""
    try:
        root = parse(data)
    except XmlRefused as e:
        raise XliffRejected([str(e)]) from e
    if local_name(root) != "xliff":
        raise XliffRejected([f"the root element is <{local_name(root)}>, not <xliff>: this is not an XLIFF file"])
    version = root.get("version") or _version_of(etree.QName(root).namespace or "")
    if version.startswith("2."):
        return XliffDocument(version, root.get("srcLang", ""), root.get("trgLang", ""), _units_20(root))
    if version.startswith("1."):
        first = next((e for e in root.iter() if local_name(e) == "file"), None)
        languages = ("", "") if first is None else (first.get("source-language", ""),
                                                     first.get("target-language", ""))
        return XliffDocument(version, languages[0], languages[1], _units_12(root))
    raise XliffRejected([f"unsupported XLIFF version '{version or 'none'}'; send XLIFF 2.0 or 1.2"])


def _version_of(namespace: str) -> str:
    """The version a file without `version` attribute declares by its namespace (1.1 files often do)."""
    match = re.fullmatch(r"urn:oasis:names:tc:xliff:document:(\d\.\d)", namespace)
    return match.group(1) if match else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local_name(child) == name]


def _units_12(root: etree._Element) -> list[Unit]:
    units = []
    for element in root.iter():
        if local_name(element) != "trans-unit":
            continue
        codes = _Codes()
        source = next(iter(_children(element, "source")), None)
        target = next(iter(_children(element, "target")), None)
        unit = Unit(id=element.get("id", ""), source=codes.text(source, "source") if source is not None else "",
                    target=codes.text(target, "target") if target is not None else None,
                    state=target.get("state") if target is not None else None,
                    notes=[_plain(n) for n in _children(element, "note")])
        unit.problems = codes.problems + _segment_markers_12(element, target)
        units.append(unit)
    return units


def _segment_markers_12(element: etree._Element, target: etree._Element | None) -> list[str]:
    """Every `<mrk mtype="seg">` of `<seg-source>` needs a non-empty one of the same mid in `<target>`."""
    seg_source = next(iter(_children(element, "seg-source")), None)
    if seg_source is None or target is None:
        return []
    translated = {m.get("mid"): _plain(m).strip() for m in target.iter() if _is_segment_marker(m)}
    missing = [m.get("mid", "?") for m in seg_source.iter()
               if _is_segment_marker(m) and _plain(m).strip() and not translated.get(m.get("mid"))]
    if not missing:
        return []
    return [f"segment(s) {', '.join(missing)} of <seg-source> have no translation (rule: each "
            '<mrk mtype="seg"> of <seg-source> needs its translated <mrk> in <target>)']


def _is_segment_marker(element: etree._Element) -> bool:
    return local_name(element) == "mrk" and element.get("mtype") == "seg"


def _units_20(root: etree._Element) -> list[Unit]:
    units = []
    for element in root.iter():
        if local_name(element) != "unit":
            continue
        codes = _Codes()
        parts = [p for p in element if local_name(p) in ("segment", "ignorable")]
        sources: list[str] = []
        targets: list[str | None] = []
        untranslated: list[str] = []
        for n, part in enumerate(parts, start=1):
            source = next(iter(_children(part, "source")), None)
            target = next(iter(_children(part, "target")), None)
            sources.append(codes.text(source, "source") if source is not None else "")
            if target is not None:
                targets.append(codes.text(target, "target"))
            elif local_name(part) == "ignorable":
                targets.append(sources[-1])  # an ignorable without target stands as it is
            else:
                targets.append(None)
                untranslated.append(part.get("id") or f"#{n}")
        segments = [p for p in parts if local_name(p) == "segment"]
        states = [s.get("state", "initial") for s in segments]
        unit = Unit(id=element.get("id", ""), source="".join(sources),
                    target=None if untranslated and len(untranslated) == len(segments) else
                    "".join(t or "" for t in targets),
                    state=min(states, key=_state_rank) if states else None,
                    notes=[_plain(n) for notes in _children(element, "notes") for n in _children(notes, "note")],
                    segments=len(segments), problems=codes.problems)
        if unit.target is not None and untranslated:
            unit.problems.append(f"segment(s) {', '.join(untranslated)} have no <target> (rule: every "
                                 "<segment> of a returned unit needs its translation)")
        units.append(unit)
    return units


_STATE_ORDER = ["initial", "translated", "reviewed", "final"]


def _state_rank(state: str) -> int:
    """A unit is as far along as its least advanced segment; an unknown state counts as "initial"."""
    return _STATE_ORDER.index(state) if state in _STATE_ORDER else 0


def _plain(element: etree._Element) -> str:
    return "".join(element.itertext())


class _Codes:
    """Turns the inline content of one unit into text with tokens, numbering codes in order of appearance.

    The source is read first; a code of the target must be one of the source's (same id, same kind).
    """

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, str], int] = {}
        self.problems: list[str] = []

    def text(self, element: etree._Element, side: str) -> str:
        """The content of `element` (a source or target) as text with tokens."""
        out: list[str] = [element.text or ""]
        for child in element:
            out.append(self._code(child, side))
            out.append(child.tail or "")
        return "".join(out)

    def _code(self, element: etree._Element, side: str) -> str:
        name = local_name(element)
        if name in _ANNOTATIONS:
            return self.text(element, side) if name == "mrk" else ""
        if name == "cp":
            return _character(element.get("hex", ""))
        equivalent = _equivalent(element)
        if equivalent is not None:
            return equivalent
        if name in _PAIRED:
            n = self._number(("paired", element.get("id", "")), element, side)
            return f"{inline.Token('open', n)}{self.text(element, side)}{inline.Token('close', n)}"
        if name in _OPENERS:  # an isolated begin code too: its end lies in another unit
            return str(inline.Token("open", self._number(("paired", _pair_id(element)), element, side)))
        if name in _CLOSERS:
            return str(inline.Token("close", self._number(("paired", _pair_id(element)), element, side)))
        if name in _STANDALONE:
            return str(inline.Token("standalone", self._number(("standalone", element.get("id", "")),
                                                                element, side)))
        return self.text(element, side)  # an extension's element: its text is kept

    def _number(self, key: tuple[str, str], element: etree._Element, side: str) -> int:
        if key not in self.numbers:
            if side == "target":
                self.problems.append(f"inline code <{local_name(element)} id=\"{key[1]}\"> of the target is not "
                                     "in the source (rule: a target uses the source's codes only)")
            self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key]


def _pair_id(element: etree._Element) -> str:
    """What links a begin code to its end: `rid` (1.2), `startRef` (2.0 `<ec>`), else the id."""
    return element.get("rid") or element.get("startRef") or element.get("id", "")


def _equivalent(element: etree._Element) -> str | None:
    """The text a standalone code stands for, when the file says it (2.0 `equiv`, Matecat `equiv-text`)."""
    if local_name(element) not in _STANDALONE:
        return None
    value = element.get("equiv") if etree.QName(element).namespace == NS_20 else element.get("equiv-text")
    if value is None:
        return None
    if value.startswith("base64:"):
        try:
            return base64.b64decode(value[7:], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
    return value


def _character(hex_value: str) -> str:
    """The character of a 2.0 `<cp hex>`; a control character (what `<cp>` exists for) reads as a space."""
    try:
        char = chr(int(hex_value, 16))
    except (ValueError, OverflowError):
        return ""
    return " " if unicodedata.category(char) == "Cc" and char not in "\t\n" else char
