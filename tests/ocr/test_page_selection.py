"""Reading only the pages asked for, and page thumbnails to choose them."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ocr import ExtractOptions, PageNotInDocumentError, extract, preview
from tests.ocr.factories import digital_pdf, encoded, multipage_tiff, scanned_pdf, text_image

PAGE_LINES = [
    ["Erste Seite des Bescheids"],
    ["Zweite Seite mit Anlagen"],
    ["Dritte Seite zur Rente"],
    ["Vierte Seite und Unterschrift"],
]


class TestPageSelection:
    def test_a_scan_selection_reads_only_those_pages_and_counts_them_all(self) -> None:
        scan = scanned_pdf(pages=[text_image(lines=lines) for lines in PAGE_LINES])
        document = extract(scan, ExtractOptions(language="de", pages=(1, 3), detect_language=False))
        assert [p.number for p in document.pages] == [1, 3]
        assert [p.method for p in document.pages] == ["ocr", "ocr"]
        assert "Erste" in document.pages[0].text and "Dritte" in document.pages[1].text
        assert "Zweite" not in document.text and "Vierte" not in document.text
        assert document.page_count == 4

    def test_a_multipage_tiff_selection_skips_the_other_frames(self) -> None:
        tiff = multipage_tiff(pages=[text_image(lines=lines) for lines in PAGE_LINES[:3]])
        document = extract(tiff, ExtractOptions(language="de", pages=(2,), detect_language=False))
        assert [p.number for p in document.pages] == [2]
        assert "Zweite" in document.text
        assert document.page_count == 3

    def test_a_page_beyond_the_document_is_refused_with_the_page_count(self) -> None:
        with pytest.raises(PageNotInDocumentError, match="has 4 pages, so page 6 cannot") as caught:
            extract(digital_pdf(pages=PAGE_LINES), ExtractOptions(language="de", pages=(1, 6)))
        assert caught.value.code == "page_not_in_document"

    def test_no_selection_reads_every_page(self) -> None:
        document = extract(digital_pdf(pages=PAGE_LINES), ExtractOptions(language="de", detect_language=False))
        assert [p.number for p in document.pages] == [1, 2, 3, 4]


class TestPreview:
    def test_each_pdf_page_gets_a_thumbnail_of_the_asked_width(self) -> None:
        shown = preview(digital_pdf(pages=PAGE_LINES), width=120)
        assert shown.page_count == 4 and len(shown.thumbnails) == 4
        sizes = {Image.open(io.BytesIO(png)).size[0] for png in shown.thumbnails}
        assert sizes == {120}

    def test_thumbnails_stop_at_the_limit_but_the_count_does_not(self) -> None:
        shown = preview(digital_pdf(pages=PAGE_LINES), max_thumbnails=2)
        assert shown.page_count == 4 and len(shown.thumbnails) == 2

    def test_an_image_is_one_page_with_its_picture(self) -> None:
        shown = preview(encoded(text_image(lines=["Bonjour"]), fmt="PNG"), width=100)
        assert shown.page_count == 1
        assert Image.open(io.BytesIO(shown.thumbnails[0])).size[0] == 100
