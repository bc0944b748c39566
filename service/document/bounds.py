"""Bounds on the work one request may cause: unpacked size and elements of Word files, characters, segments.

A 19 KB DOCX can hold 12 MB of empty paragraphs; python-docx builds a tree of every element, which took
75 s and 1 GB of worker memory (a 56 KB one: 309 s and 2.5 GB) while other caisses' requests waited. So a
Word file is measured before python-docx sees it: the sizes its zip declares for the XML parts, then each
part streamed through expat (constant memory) counting bytes actually inflated and elements, stopping at
the first bound passed; a DTD or an entity declaration (never in a Word file, the root of "billion laughs")
is refused too. Whatever the format, the text read is then bounded in characters and in segments.

Each bound passed raises `RequestTooLarge`, an `ocr.OcrError`: the extraction task records its code on
the request (`failed`), the portal words it in French, and the worker moves on to the next request.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

import ocr
from service.config import get_settings

XML_PARTS = (".xml", ".rels")
CHUNK = 64 * 1024

DOCUMENT_TOO_LARGE = "document_too_large"
TOO_MANY_CHARACTERS = "too_many_characters"
TOO_MANY_SEGMENTS = "too_many_segments"


class RequestTooLarge(ocr.OcrError):
    """The document asks for more work than one request may cause; the message says how to split it."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


@dataclass(frozen=True)
class Limits:
    """The bounds, from `PASSERELLE_MAX_REQUEST_*` and `PASSERELLE_DOCX_MAX_*`."""

    xml_bytes: int
    xml_elements: int
    characters: int
    segments: int
    pages: int

    @classmethod
    def from_settings(cls) -> Limits:
        """The configured bounds."""
        s = get_settings()
        return cls(xml_bytes=s.docx_max_xml_bytes, xml_elements=s.docx_max_xml_elements,
                   characters=s.max_request_characters, segments=s.max_request_segments, pages=s.ocr_max_pages)


def check_docx(data: bytes, limits: Limits) -> None:
    """Refuse a Word file whose XML parts unpack beyond the bounds, before anything parses it as a tree."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise ocr.CorruptDocumentError("Word", f"not a zip archive: {e}") from e
    with archive:
        parts = [i for i in archive.infolist() if i.filename.lower().endswith(XML_PARTS)]
        declared = sum(i.file_size for i in parts)
        if declared > limits.xml_bytes:
            raise _unpacked(declared, limits)
        counter = _Counter(limits)
        for info in parts:
            counter.read(archive, info)


class _Counter:
    """Streams XML parts through expat, counting bytes and elements across the whole file."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.bytes = 0
        self.elements = 0

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._element
        parser.StartDoctypeDeclHandler = _no_dtd
        parser.EntityDeclHandler = _no_dtd
        try:
            with archive.open(info) as part:
                while chunk := part.read(CHUNK):
                    self.bytes += len(chunk)  # what is actually inflated, whatever the header claims
                    if self.bytes > self.limits.xml_bytes:
                        raise _unpacked(self.bytes, self.limits)
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except expat.ExpatError as e:
            raise ocr.CorruptDocumentError("Word", f"{info.filename}: {e}") from e
        except (zipfile.BadZipFile, EOFError, ValueError) as e:  # a bad CRC, a truncated member
            raise ocr.CorruptDocumentError("Word", f"{info.filename}: {e}") from e

    def _element(self, _name: str, _attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > self.limits.xml_elements:
            raise RequestTooLarge(
                DOCUMENT_TOO_LARGE,
                f"The Word file holds more than {self.limits.xml_elements:,} XML elements (paragraphs, runs, "
                "styles...), more than any document of a few hundred pages; files like this are usually "
                "generated or hostile. Save it again from Word (or export it as PDF) and submit that copy, "
                "split into several files if it is really that long.")


def _no_dtd(*_: object) -> None:
    raise RequestTooLarge(DOCUMENT_TOO_LARGE, "The Word file declares a DTD or XML entities, which Word never "
                                              "writes; save it again from Word (or as PDF) and submit that copy.")


def _unpacked(size: int, limits: Limits) -> RequestTooLarge:
    return RequestTooLarge(
        DOCUMENT_TOO_LARGE,
        f"The Word file unpacks to more than {limits.xml_bytes / 1e6:.0f} MB of XML ({size / 1e6:.0f} MB found), "
        "far more than its text needs; files like this are usually generated or hostile. Save it again from "
        "Word (or export it as PDF) and submit that copy, split into several files if it is really that long.")


def check_text(characters: int, limits: Limits) -> None:
    """Refuse a document whose text is longer than one request may be."""
    if characters > limits.characters:
        raise RequestTooLarge(
            TOO_MANY_CHARACTERS,
            f"The document holds {characters:,} characters; one request may hold at most {limits.characters:,} "
            f"(about {limits.characters // 1500} pages of 1,500 characters). Split it into several "
            "submissions (by chapter or by group of pages).")


def check_segments(segments: int, limits: Limits) -> None:
    """Refuse a document cut into more sentences than one request may be."""
    if segments > limits.segments:
        raise RequestTooLarge(
            TOO_MANY_SEGMENTS,
            f"The document is cut into {segments:,} sentences; one request may hold at most "
            f"{limits.segments:,}. Split it into several submissions (by chapter or by group of pages).")


def check_pages(pages: int, limits: Limits) -> None:
    """Refuse a document with more pages than one request may have (PDFs and images: the `ocr` library)."""
    if pages > limits.pages:
        raise ocr.TooManyPagesError(pages, limits.pages)
