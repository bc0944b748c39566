"""Image preparation: skew estimation, orientation and flattening, without OCR."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ocr import images
from tests.ocr import factories
from tests.ocr.factories import FRENCH_LINES


class TestImages:
    @pytest.mark.parametrize("slant", [-6.0, 3.0])
    def test_skew_is_measured_to_within_half_a_degree(self, slant: float) -> None:
        page = factories.text_image(lines=FRENCH_LINES).rotate(
            slant, expand=True, fillcolor=255, resample=Image.Resampling.BILINEAR
        )

        assert images.estimate_skew(page) == pytest.approx(-slant, abs=0.5)

    def test_blank_page_has_no_skew(self) -> None:
        assert images.estimate_skew(Image.new("L", (1200, 1600), 255)) == 0.0

    def test_sixteen_bit_scan_becomes_readable_grayscale(self) -> None:
        row = (60000).to_bytes(2, "little") * 20 + (0).to_bytes(2, "little") * 20
        deep = Image.frombytes("I;16", (40, 20), row * 20)

        flat = images.normalised(deep)

        assert flat.mode == "L"
        assert flat.getpixel((5, 5)) > 200 and flat.getpixel((30, 5)) == 0

    def test_upright_grayscale_file_is_handed_to_tesseract_untouched(self) -> None:
        data = factories.encoded(factories.text_image(lines=FRENCH_LINES[:1]), fmt="PNG")

        assert not images.needs_normalising(Image.open(io.BytesIO(data)))

    def test_photo_with_exif_rotation_is_normalised(self) -> None:
        exif = Image.Exif()
        exif[images.EXIF_ORIENTATION] = 8
        data = factories.encoded(Image.new("RGB", (30, 10), "white"), fmt="JPEG", exif=exif.tobytes())

        with Image.open(io.BytesIO(data)) as photo:
            assert images.needs_normalising(photo)
            assert images.normalised(photo).size == (10, 30)
