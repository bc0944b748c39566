"""Extraction from images: PNG, JPEG and multi-page TIFF, turned, slanted or transparent."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from ocr import ExtractOptions, extract
from tests.ocr import factories
from tests.ocr.factories import ENGLISH_LINES, FRENCH_LINES, GERMAN_LINES, normalised

FRENCH = normalised(" ".join(FRENCH_LINES))
ENGLISH = normalised(" ".join(ENGLISH_LINES))


class TestExtractImages:
    def test_png_scan_is_read_with_its_known_text(self, tmp_path: Path) -> None:
        path = tmp_path / "scan.png"
        path.write_bytes(factories.encoded(factories.text_image(lines=FRENCH_LINES), fmt="PNG"))

        document = extract(path, ExtractOptions(language="fr"))

        assert document.mime_type == "image/png"
        assert document.page_count == 1
        assert document.pages[0].method == "ocr"
        assert normalised(document.text) == FRENCH
        assert document.language == "fr"

    def test_phone_photo_is_turned_upright_by_its_exif_orientation(self) -> None:
        stored_sideways = factories.text_image(lines=ENGLISH_LINES).rotate(90, expand=True).convert("RGB")
        exif = Image.Exif()
        exif[274] = 6  # "rotate 90° clockwise to display"

        data = factories.encoded(stored_sideways, fmt="JPEG", exif=exif.tobytes(), quality=90)
        document = extract(data, ExtractOptions(language="en"))

        assert document.mime_type == "image/jpeg"
        assert normalised(document.text) == ENGLISH

    def test_multi_page_tiff_gives_one_page_each(self) -> None:
        data = factories.multipage_tiff(
            pages=[factories.text_image(lines=GERMAN_LINES), factories.text_image(lines=GERMAN_LINES[:1])]
        )
        calls: list[tuple[int, int]] = []

        document = extract(data, ExtractOptions(language="de", progress=lambda d, t: calls.append((d, t))))

        assert document.page_count == 2
        assert normalised(document.pages[0].text) == normalised(" ".join(GERMAN_LINES))
        assert normalised(document.pages[1].text) == normalised(GERMAN_LINES[0])
        assert calls == [(1, 2), (2, 2)]

    def test_upside_down_scan_is_turned_by_orientation_detection(self) -> None:
        upside_down = factories.text_image(lines=FRENCH_LINES).rotate(180)

        document = extract(factories.encoded(upside_down, fmt="PNG"), ExtractOptions(language="fr"))

        assert normalised(document.text) == FRENCH

    def test_slanted_photo_is_deskewed_so_lines_read_in_order(self) -> None:
        slanted = factories.text_image(lines=FRENCH_LINES).rotate(
            4, expand=True, fillcolor=255, resample=Image.Resampling.BILINEAR
        )

        document = extract(factories.encoded(slanted, fmt="PNG"), ExtractOptions(language="fr"))

        assert normalised(document.text) == FRENCH

    def test_transparent_png_is_read_on_a_white_background(self) -> None:
        ink = factories.text_image(lines=ENGLISH_LINES)
        transparent = Image.new("RGBA", ink.size, (0, 0, 0, 0))
        transparent.putalpha(ink.point(lambda v: 255 - v))  # black text, see-through paper

        document = extract(factories.encoded(transparent, fmt="PNG"), ExtractOptions(language="en"))

        assert normalised(document.text) == ENGLISH

    def test_plain_text_file_passes_through_as_one_page(self) -> None:
        data = "Objet : pension de réversion\r\n\r\nMadame, nous avons reçu votre dossier.\n".encode()

        document = extract(data, ExtractOptions(language="fr"))

        assert document.mime_type == "text/plain"
        assert document.pages[0].method == "text_layer"
        assert document.text == "Objet : pension de réversion\n\nMadame, nous avons reçu votre dossier."
