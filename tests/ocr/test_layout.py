"""Layout: a letter's letterhead, address block, reference line and table cells as their own segments,
in reading order, each with its box on the page; text-layer PDFs' boxes from PDFium."""

from __future__ import annotations

import pytest

from ocr import ExtractedDocument, ExtractOptions, Sentence, extract, sentences
from ocr.layout import Glyph, arrange
from tests.ocr import factories as f


@pytest.fixture(scope="module")
def letter() -> ExtractedDocument:
    return extract(f.encoded(f.letter_image(), fmt="PNG"), ExtractOptions(language="fr"))


@pytest.fixture(scope="module")
def located(letter: ExtractedDocument) -> list[Sentence]:
    return sentences(letter.pages[0], "fr")


def _expected_order() -> list[str]:
    cells = [cell for row in f.TABLE for cell in row]
    body = " ".join(f.BODY)
    first, second = body.split(". ", 1)
    return [*f.LETTERHEAD, *f.ADDRESS, f.REFERENCE, f.DATE_LINE, f"{first}.", second, *cells, f.CLOSING]


def _pixels(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    width, height = f.LETTER_SIZE
    return box[0] * width, box[1] * height, box[2] * width, box[3] * height


class TestLetterLayout:
    def test_letterhead_address_reference_date_and_table_cells_are_separate_segments_in_reading_order(
        self, located: list[Sentence]
    ) -> None:
        assert [f.normalised(s.text) for s in located] == _expected_order()

    def test_each_part_has_its_own_paragraph(self, located: list[Sentence]) -> None:
        by_text = {s.text: s.paragraph for s in located}
        parts = [*f.LETTERHEAD, *f.ADDRESS, f.REFERENCE, f.DATE_LINE, *(c for row in f.TABLE for c in row)]
        assert len({by_text[p] for p in parts}) == len(parts)

    def test_every_segment_has_a_box_where_it_was_drawn(self, located: list[Sentence]) -> None:
        boxes = {f.normalised(s.text): s.box for s in located}
        assert all(box is not None for box in boxes.values())
        x0, y0, x1, y1 = _pixels(boxes[f.ADDRESS[0]])  # type: ignore[arg-type]
        assert abs(x0 - f.ADDRESS_X) < 15 and abs(y0 - 400) < 25 and x1 < f.LETTER_SIZE[0] and y1 - y0 < 60
        amount = _pixels(boxes[f.TABLE[1][1]])  # type: ignore[arg-type]
        label = _pixels(boxes[f.TABLE[1][0]])  # type: ignore[arg-type]
        assert abs(amount[0] - f.AMOUNT_X) < 15 and label[2] < f.AMOUNT_X  # the two cells side by side
        assert abs(amount[1] - label[1]) < 10
        date = _pixels(boxes[f.DATE_LINE])  # type: ignore[arg-type]
        assert abs(date[0] - f.DATE_X) < 15

    def test_a_sentence_over_two_lines_spans_both(self, located: list[Sentence]) -> None:
        first = next(s for s in located if s.text.startswith("Monsieur, nous"))
        _, y0, _, y1 = _pixels(first.box)  # type: ignore[arg-type]
        assert y0 < 820 and y1 > 870  # lines drawn at y=800 and y=860

    def test_segments_carry_the_confidence_of_their_words(self, located: list[Sentence]) -> None:
        assert all(s.confidence is not None and 80 <= s.confidence <= 100 for s in located)

    def test_the_page_text_holds_the_same_words_as_before(self, letter: ExtractedDocument) -> None:
        # Layout only moves line breaks: CER against the drawn text is unchanged by it.
        assert " ".join(_expected_order()) == f.normalised(letter.pages[0].text)


def _glyph(text: str, left: int, top: int, line: str, width: int = 0) -> Glyph:
    return Glyph(text, left, top, left + (width or 22 * len(text)), top + 40, 95.0, ("1", "1", line))


class TestArrange:
    def test_wrapped_prose_lines_stay_one_paragraph(self) -> None:
        words = [_glyph("Nous", 100, 100, "1"), _glyph("avons", 220, 100, "1", 1780),
                 _glyph("bien", 100, 160, "2"), _glyph("reçu.", 220, 160, "2")]
        assert arrange(words, 2100, 1000).text == "Nous avons\nbien reçu."

    def test_a_line_that_ends_short_starts_a_new_paragraph(self) -> None:
        words = [_glyph("Nom", 100, 100, "1"), _glyph(":", 200, 100, "1"), _glyph("Dupont", 240, 100, "1"),
                 _glyph("Prénom", 100, 160, "2"), _glyph(":", 260, 160, "2"), _glyph("Jean", 300, 160, "2"),
                 _glyph("Le", 100, 300, "3"), _glyph("texte", 170, 300, "3", 1800)]
        assert arrange(words, 2100, 1000).text.split("\n\n")[:2] == ["Nom : Dupont", "Prénom : Jean"]

    def test_a_wide_gap_cuts_a_line_into_cells(self) -> None:
        words = [_glyph("Nom", 100, 100, "1"), _glyph("Dupont", 900, 100, "1")]
        arranged = arrange(words, 2000, 1000)
        assert arranged.text == "Nom\n\nDupont"
        assert [w.box[0] for w in arranged.words] == [0.05, 0.45]

    def test_no_words_no_text(self) -> None:
        assert arrange([], 100, 100).text == ""


class TestTextLayerBoxes:
    def test_digital_pdf_sentences_get_boxes_from_pdfium(self) -> None:
        document = extract(f.digital_pdf(pages=[["Première ligne du courrier.", "Seconde ligne ici."]]),
                           ExtractOptions(language="fr"))
        first, second = sentences(document.pages[0], "fr")
        assert first.box is not None and second.box is not None
        assert first.box[1] < second.box[1]  # top to bottom
        # Drawn at 0.4 inch from the left of a 6-inch page, 0.5 inch from the top of a 4-inch one.
        assert abs(first.box[0] - 0.4 / 6) < 0.01 and abs(first.box[3] - 0.5 / 4) < 0.02
        assert first.confidence is None

    def test_a_digital_letter_is_laid_out_like_its_scan(self) -> None:
        document = extract(f.digital_letter_pdf(), ExtractOptions(language="fr"))
        [page] = document.pages
        located = sentences(page, "fr")
        assert page.method == "text_layer"
        assert [f.normalised(s.text) for s in located] == _expected_order()
        x0, y0, _, _ = next(s.box for s in located if s.text == f.ADDRESS[0])  # type: ignore[misc]
        assert abs(x0 * f.LETTER_SIZE[0] - f.ADDRESS_X) < 15 and abs(y0 * f.LETTER_SIZE[1] - 400) < 40

    def test_a_turned_page_gives_no_boxes_rather_than_wrong_ones(self) -> None:
        import io

        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(f.digital_pdf(pages=[["Une ligne du courrier."]]))))
        writer.pages[0].rotate(90)
        buffer = io.BytesIO()
        writer.write(buffer)
        [page] = extract(buffer.getvalue(), ExtractOptions(language="fr")).pages
        assert f.normalised(page.text) == "Une ligne du courrier."
        assert [s.box for s in sentences(page, "fr")] == [None]
