"""Reading and writing termbases through translate-toolkit: TBX (TBX-Basic) and CSV/TSV."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree
from translate.misc.xml_helpers import getXMLlang, setXMLlang
from translate.storage import csvl10n, tbx

from glossaries import tbx_tree
from glossaries.errors import TermbaseFormatError
from glossaries.termbase import Concept, Term, TermStatus

if TYPE_CHECKING:
    from glossaries.termbase import Termbase

# TBX administrative statuses (TBX-Basic, TBX-Default's normativeAuthorization, TBX v3, plain words).
_STATUS_IN: dict[str, TermStatus] = {
    "preferredterm-admn-sts": "preferred", "preferred": "preferred", "preferredterm": "preferred",
    "legalterm-admn-sts": "preferred", "regulatedterm-admn-sts": "preferred",
    "standardizedterm-admn-sts": "preferred",
    "admittedterm-admn-sts": "admitted", "admitted": "admitted", "admittedterm": "admitted",
    "deprecatedterm-admn-sts": "deprecated", "deprecated": "deprecated", "deprecatedterm": "deprecated",
    "supersededterm-admn-sts": "deprecated", "superseded": "deprecated", "supersededterm": "deprecated",
    "obsolete": "deprecated", "obsoleteterm": "deprecated", "obsoleteterm-admn-sts": "deprecated",
}
_STATUS_OUT = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
               "deprecated": "deprecatedTerm-admn-sts"}
CSV_FIELDS = ["source", "target", "translator_comments", "developer_comments"]


def read_termbase(path: Path, *, source: str | None, target: str | None) -> list[Concept]:
    """Concepts from a .tbx, .csv or .tsv file."""
    suffix = path.suffix.lower()
    if suffix == ".tbx":
        return read_tbx(path)
    if suffix in (".csv", ".tsv"):
        if not source or not target:
            raise TermbaseFormatError(path, "a CSV/TSV termbase needs its source and target languages")
        return read_csv(path, source=source, target=target)
    raise TermbaseFormatError(path, f"unknown extension {suffix!r} (expected .tbx, .csv or .tsv)")


def write_termbase(termbase: Termbase, path: Path, *, source: str | None,
                   target: str | None) -> None:
    """Write concepts as TBX, or one direction as CSV/TSV."""
    suffix = path.suffix.lower()
    if suffix == ".tbx":
        path.write_bytes(tbx_bytes(termbase.concepts, title=termbase.name))
    elif suffix in (".csv", ".tsv") and source and target:
        path.write_bytes(csv_bytes(termbase, source=source, target=target, tab=suffix == ".tsv"))
    else:
        raise TermbaseFormatError(path, "write .tbx, or .csv/.tsv with source and target languages")


def read_tbx(path: Path) -> list[Concept]:
    """Concepts of a TBX file (TBX-Basic, TBX v2 with `<tig>` or `<ntig>`, TBX v3), one per entry."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TermbaseFormatError(path, f"the file cannot be read ({e})") from e
    try:
        root = tbx_tree.parse(data)
        store = tbx.tbxfile.parsestring(etree.tostring(tbx_tree.as_tbx2(root)))
    except tbx_tree.TbxRefused as e:
        raise TermbaseFormatError(path, str(e)) from e
    except (etree.XMLSyntaxError, ValueError, AssertionError) as e:
        raise TermbaseFormatError(path, f"not a readable TBX file ({type(e).__name__}: {e})") from e
    entries = len(store.units)
    concepts = [c for c in (_concept(unit, n) for n, unit in enumerate(store.units, start=1)) if c.terms]
    if not concepts:
        raise TermbaseFormatError(path, f"none of its {entries} entries holds a term (expected <termEntry> or "
                                  "<conceptEntry> with <langSet>/<langSec> and <tig>, <ntig> or <termSec>)")
    return concepts


def _concept(unit: tbx.tbxunit, n: int) -> Concept:
    terms: list[Term] = []
    subject = definition = ""
    notes: list[str] = []
    langs = [(getXMLlang(node) or "").replace("_", "-").split("-")[0].lower() for node in unit.getlanguageNodes()]
    for lang in dict.fromkeys(lang for lang in langs if lang):
        for t in unit.get_target_terms(lang):
            if not t.text.strip():
                continue
            if not terms:  # every term carries the concept's notes: read them once
                for x in (x for x in t.notes if x.scope == "concept"):
                    subject, definition = _concept_note(x, notes, subject, definition)
            own = [x for x in t.notes if x.scope != "concept"]
            if not definition:
                definition = next((x.text for x in own if x.scope == "language" and _is_definition(x)), "")
            pos = next((x.text for x in own if x.category == "partOfSpeech"), "")
            note = "\n".join(x.text for x in own if x.text and _is_term_note(x))
            terms.append(Term(t.text.strip(), lang, _status(t.administrative_status), pos, note))
    concept_id = unit.xmlelement.get("id") or f"c{n}"
    return Concept(concept_id, tuple(terms), subject, definition, "\n".join(notes),
                   keep_as_is=not unit.istranslatable())


def _is_term_note(note: tbx.TBXNote) -> bool:
    """Notes a translator needs beside the term: notes, contexts, usage; not grammar or term types."""
    if _is_definition(note):
        return False
    return note.origin != "pos" or "usage" in (note.category or "").lower()


def _is_definition(note: tbx.TBXNote) -> bool:
    return note.origin == "definition" and (note.category or "definition").lower() == "definition"


def _concept_note(note: tbx.TBXNote, notes: list[str], subject: str, definition: str) -> tuple[str, str]:
    """Sort one concept-level note: subject field, definition, or a note (usage note, context...)."""
    if note.category == "subjectField":
        return subject or note.text, definition
    if _is_definition(note) and not definition:
        return subject, note.text
    if note.text:
        notes.append(note.text)
    return subject, definition


def _status(value: str | None) -> TermStatus:
    """A term without status is the one to use; one whose status is unknown here is only admitted."""
    if not value or not value.strip():
        return "preferred"
    return _STATUS_IN.get(value.strip().lower().replace(" ", ""), "admitted")


def tbx_bytes(concepts: list[Concept], *, title: str = "") -> bytes:
    """Serialise concepts as a TBX-Basic document through translate-toolkit's tbxfile."""
    store = tbx.tbxfile(sourcelanguage="fr")
    root = store.document.getroot()
    root.set("type", "TBX-Basic")
    store.document.docinfo.public_id = None
    store.document.docinfo.system_url = "TBXBasiccoreStructV02.dtd"
    if title:
        desc = root.find(".//" + store.namespaced("sourceDesc"))
        if desc is not None:
            desc[0].text = title
    for concept in concepts:
        unit = store.UnitClass(None)
        _fill_unit(unit, concept)
        store.addunit(unit)
    # One element per line keeps the shipped termbase reviewable in diffs.
    etree.indent(root, space="    ")
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()


def _fill_unit(unit: tbx.tbxunit, concept: Concept) -> None:
    entry, ns = unit.xmlelement, unit.namespaced
    entry.set("id", concept.id)
    for kind, text in (("subjectField", concept.subject), ("definition", concept.definition)):
        if text:
            etree.SubElement(entry, ns("descrip"), type=kind).text = text
    if concept.keep_as_is:
        # translate-toolkit's marker for "keep as is": tbxunit.istranslatable() reads it.
        etree.SubElement(entry, ns("descrip"), type="Translation needed").text = "no"
    if concept.note:
        etree.SubElement(entry, ns("note")).text = concept.note
    for lang in dict.fromkeys(t.lang for t in concept.terms):
        lang_set = etree.SubElement(entry, ns("langSet"))
        setXMLlang(lang_set, lang)
        for term in concept.terms_in(lang, deprecated=True):
            tig = etree.SubElement(lang_set, ns("tig"))
            etree.SubElement(tig, ns("term")).text = term.text
            if term.pos:
                etree.SubElement(tig, ns("termNote"), type="partOfSpeech").text = term.pos
            etree.SubElement(tig, ns("termNote"), type="administrativeStatus").text = \
                _STATUS_OUT[term.status]
            if term.note:
                etree.SubElement(tig, ns("note")).text = term.note


def read_csv(path: Path, *, source: str, target: str) -> list[Concept]:
    """Concepts from CSV/TSV rows: source term, target term, optional note and part of speech."""
    try:
        raw = _normalise_header(path.read_bytes())
        store = csvl10n.csvfile(fieldnames=list(CSV_FIELDS))
        store.parse(raw, dialect="excel-tab" if path.suffix.lower() == ".tsv" else None)
    except (OSError, ValueError, UnicodeDecodeError) as e:
        raise TermbaseFormatError(path, f"not a readable CSV/TSV file ({e})") from e
    concepts = []
    for n, unit in enumerate(store.units, start=1):
        src, tgt = (unit.source or "").strip(), (unit.target or "").strip()
        if not src or not tgt:
            continue
        pos = (unit.getnotes("developer") or "").strip()
        note = (unit.getnotes("translator") or "").strip()
        concepts.append(Concept(f"{path.stem}-{n}", (Term(src, source, pos=pos),
                                                       Term(tgt, target, pos=pos, note=note))))
    return concepts


_HEADER_NAMES = {"source term": "source", "target term": "target", "note": "translator_comments",
                 "notes": "translator_comments", "comment": "translator_comments",
                 "pos": "developer_comments", "part of speech": "developer_comments"}


def _normalise_header(raw: bytes) -> bytes:
    """Map a header such as "source,target,note,pos" onto translate-toolkit's column names."""
    first, sep, rest = raw.partition(b"\n")
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw
    cells = [c.strip().strip('"').lower() for c in re.split(r"[,;\t]", line)]
    if "source" not in cells and "source term" not in cells:
        return raw
    for cell in cells:
        if cell in _HEADER_NAMES:
            line = re.sub(rf"(?i)(?<![\w ]){re.escape(cell)}(?![\w ])", _HEADER_NAMES[cell], line)
    return line.encode("utf-8") + sep + rest


def csv_bytes(termbase: Termbase, *, source: str, target: str, tab: bool = False) -> bytes:
    """One direction of the termbase as CSV (or TSV), with a header row."""
    store = csvl10n.csvfile(fieldnames=list(CSV_FIELDS))
    if tab:
        store.dialect = "excel-tab"
    for entry in termbase.entries(source, target):
        unit = store.addsourceunit(entry.source.text)
        unit.target = entry.targets[0].text
        if entry.note:
            unit.addnote(entry.note, origin="translator")
        if entry.source.pos:
            unit.addnote(entry.source.pos, origin="developer")
    out = io.BytesIO()
    store.serialize(out)
    return out.getvalue()
