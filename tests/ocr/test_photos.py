"""Phone photos of printed pages: cut out, flattened and evenly lit before OCR (`ocr.photo`)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from ocr import ExtractOptions, extract, photo
from ocr.metrics import cer
from tests.ocr import factories as f
from tests.ocr import photos


class TestPhotos:
    def test_a_letter_photographed_at_an_angle_in_shade_reads_as_printed(self, tmp_path: Path) -> None:
        shot = photos.photo("letter_fr", "fr", photos.LETTER_FR, photos.SHOTS[2])
        document = extract(shot.data, ExtractOptions(language="fr", page_image_dir=tmp_path))
        assert cer(shot.truth, document.text) <= 0.03
        assert "2 85 03 75 123 456 78" in document.text
        with Image.open(document.pages[0].image) as kept:  # type: ignore[arg-type]
            # The page image is the flattened page, A4-shaped, not the 3000 x 4000 photo of a table.
            assert abs(kept.height / kept.width - 297 / 210) < 0.05
            assert kept.size != (photos.SHOTS[2].width, photos.SHOTS[2].height)

    def test_without_the_corrections_the_same_photo_reads_badly(self) -> None:
        shot = photos.photo("form_fr", "fr", photos.FORM_FR, photos.SHOTS[1])
        document = extract(shot.data, ExtractOptions(language="fr", photo_steps=()))
        assert cer(shot.truth, document.text) > 0.2

    def test_the_corners_found_are_those_of_the_page(self) -> None:
        shot = photos.SHOTS[1]
        page = photos.rendered(photos.FORM_FR)
        placed = photos.page_corners(shot, page.size)
        with Image.open(io.BytesIO(photos.photographed(page, shot))) as image:
            found = photo.find_page(np.asarray(image.convert("L")))
        assert found is not None
        assert np.abs(found - placed).max() < 0.01 * shot.height

    def test_a_grey_picture_on_a_scanned_page_is_not_taken_for_the_page(self) -> None:
        # A photocopied card or a photo on an A4 sheet is a clear quadrilateral too; cutting it out
        # would drop the text around it. White paper around it tells it from a page on a table.
        from PIL import ImageDraw

        scan = photos.rendered(photos.FORM_FR)
        width, height = scan.size
        ImageDraw.Draw(scan).rectangle((300, 1300, width - 300, height - 400), fill=110)
        assert photo.find_page(np.asarray(scan)) is None
        document = extract(f.encoded(scan, fmt="PNG"), ExtractOptions(language="fr"))
        assert "Formulaire E 205 FR" in document.text and "Jean-Pierre" in document.text

    def test_a_clean_scan_is_left_as_it_is(self) -> None:
        assert photo.corrected(f.text_image(lines=f.FRENCH_LINES)) is None

