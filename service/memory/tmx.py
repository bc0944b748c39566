"""TMX in and out of the translation memory: versions 1.1 to 1.4b, inline codes as protected tokens.

The reader walks lxml's tree (parsed by `service.kit.xml`, which refuses entity declarations whatever the
encoding; the `<!DOCTYPE tmx SYSTEM "tmx14.dtd">` line tools write is allowed and never fetched).
Languages come from `xml:lang`, or `lang` as TMX 1.1 and 1.2 wrote it (OmegaT's `project_save.tmx` still
does). Inline codes (`<bpt>`/`<ept>`, `<it>`, `<ph>`, `<ut>`) become the tokens of `service.kit.inline`
(`<g1>`...`</g1>`, `<x2/>`) instead of their raw native markup, and `<hi>` keeps its text; the export
writes the tokens back as codes. translate-toolkit's tmxfile flattens codes into their markup, hence the
walk; it stays the reference of the interoperability checks.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from lxml import etree
from sqlalchemy.orm import Session

from service.kit import inline
from service.kit.xml import XmlRefused, local_name, parse
from service.memory import repository
from service.memory import service as memory_service
from service.memory.errors import InvalidTmx
from service.memory.schemas import ImportReport

CHUNK = 2000  # units per insert batch: bounded memory and SQL parameter counts
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODES = {"bpt": "open", "ept": "close", "ph": "standalone", "ut": "standalone"}
_IT = {"begin": "open", "end": "close"}
# Characters XML 1.0 cannot hold: written as a space, as the extraction reads them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def read_units(data: bytes) -> list[dict[str, str]]:
    """Each `<tu>` as {language: text with tokens}, languages as ISO 639-1 ("fr-FR", "fr_BE" give "fr")."""
    try:
        root = parse(data, allow_doctype=True)
    except XmlRefused as e:
        raise InvalidTmx(f"The file is not valid TMX: {e}.") from e
    if local_name(root) != "tmx":
        raise InvalidTmx(f"The file is not TMX: its root element is <{local_name(root)}>, not <tmx>.")
    units = []
    for tu in root.iter("tu"):
        texts: dict[str, str] = {}
        for tuv in tu.iter("tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").replace("_", "-").split("-")[0].lower()
            seg = tuv.find("seg")
            if lang and seg is not None:
                texts.setdefault(lang, _text(seg, {}))
        units.append(texts)
    return units


def _text(element: etree._Element, numbers: dict[str, int]) -> str:
    """The content of a `<seg>` (or `<hi>`) with its codes as tokens, numbered in order of appearance."""
    out = [element.text or ""]
    for child in element:
        name = local_name(child)
        if name == "hi":
            out.append(_text(child, numbers))
        elif name in _CODES or name == "it":
            kind = _CODES.get(name) or _IT.get(child.get("pos", ""), "standalone")
            # <bpt i="1"> and its <ept i="1"> share a number; other codes get one each.
            key = f"i{child.get('i')}" if name in ("bpt", "ept") else f"#{len(numbers)}"
            number = numbers.setdefault(key, len(numbers) + 1)
            out.append(str(inline.Token(kind, number)))
        out.append(child.tail or "")
    return "".join(out)


def _pairs(data: bytes, source_lang: str, target_lang: str) -> Iterator[tuple[str, str] | None]:
    """(source, target) per translation unit; None for a unit lacking either language."""
    for texts in read_units(data):
        source, target = texts.get(source_lang, "").strip(), texts.get(target_lang, "").strip()
        yield (source, target) if source and target else None


def import_tmx(session: Session, data: bytes, *, source_lang: str, target_lang: str,
               origin: str = "import") -> ImportReport:
    """Add the units of a TMX file in one language pair (either direction of the file)."""
    units = added = updated = skipped = 0
    chunk: list[tuple[str, str]] = []
    for pair in _pairs(data, source_lang, target_lang):
        units += 1
        if pair is None:
            skipped += 1
            continue
        chunk.append(pair)
        if len(chunk) >= CHUNK:
            a, u = memory_service.add_many(session, source_lang=source_lang, target_lang=target_lang,
                                           pairs=chunk, origin=origin)
            # Units whose values could not be placed in their translation are not stored (see remember).
            added, updated, skipped, chunk = added + a, updated + u, skipped + len(chunk) - a - u, []
    if chunk:
        a, u = memory_service.add_many(session, source_lang=source_lang, target_lang=target_lang,
                                       pairs=chunk, origin=origin)
        added, updated, skipped = added + a, updated + u, skipped + len(chunk) - a - u
    if added + updated == 0:
        raise InvalidTmx(f"No translation unit of the file has both {source_lang} and {target_lang}.")
    return ImportReport(units=units, added=added, updated=updated, skipped=skipped)


def export_tmx(session: Session, *, source_lang: str, target_lang: str) -> bytes:
    """The memory of one language pair as a TMX 1.4 document, written entry by entry."""
    out = io.BytesIO()
    with etree.xmlfile(out, encoding="UTF-8") as document:
        document.write_declaration()
        with document.element("tmx", version="1.4"):
            document.write(etree.Element("header", creationtool="Passerelle", creationtoolversion="1",
                                         segtype="sentence", adminlang="en", srclang=source_lang,
                                         datatype="plaintext", **{"o-tmf": "Passerelle"}))
            with document.element("body"):
                for entry in repository.iter_pair(session, source_lang=source_lang, target_lang=target_lang):
                    document.write(_unit({source_lang: entry.source_text, target_lang: entry.target_text}))
    return out.getvalue()


def _unit(texts: dict[str, str]) -> etree._Element:
    tu = etree.Element("tu")
    for lang, text in texts.items():
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        _fill(etree.SubElement(tuv, "seg"), _NOT_XML.sub(" ", text))
    return tu


def _fill(seg: etree._Element, text: str) -> None:
    """Write `text` into `seg`, tokens as codes: `<bpt>`/`<ept>` pairs, `<it>` for a lone end, `<ph>`."""
    loose = set(inline.unbalanced(text))
    for part in inline.split(text):
        if isinstance(part, str):
            if len(seg):
                seg[-1].tail = (seg[-1].tail or "") + part
            else:
                seg.text = (seg.text or "") + part
        elif part.kind == "standalone":
            etree.SubElement(seg, "ph", x=str(part.n))
        elif part.n in loose:
            etree.SubElement(seg, "it", pos="begin" if part.kind == "open" else "end", x=str(part.n))
        else:
            etree.SubElement(seg, "bpt" if part.kind == "open" else "ept", i=str(part.n),
                             **({"x": str(part.n)} if part.kind == "open" else {}))
