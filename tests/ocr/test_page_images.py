"""The page image each extraction keeps: what was read, after correction, beside the text."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from ocr import ExtractOptions, extract
from tests.ocr import factories as f


class TestPageImages:
    def test_a_slanted_scan_keeps_the_straightened_image_that_was_read(self, tmp_path: Path) -> None:
        page = f.text_image(lines=f.FRENCH_LINES)
        slanted = page.rotate(4, expand=True, fillcolor=255, resample=Image.Resampling.BILINEAR)
        document = extract(f.encoded(slanted, fmt="PNG"), ExtractOptions(language="fr", page_image_dir=tmp_path))
        image = document.pages[0].image
        assert image == tmp_path / "page-1.png"
        with Image.open(image) as kept:
            assert kept.format == "PNG"
            # Turned back by 4 degrees and grown to fit: not the slanted original's size.
            assert kept.size != slanted.size

    def test_every_page_of_a_pdf_has_its_image_text_layer_or_scanned(self, tmp_path: Path) -> None:
        scanned = f.scanned_pdf(pages=[f.text_image(lines=f.FRENCH_LINES)])
        digital = f.digital_pdf(pages=[f.FRENCH_LINES, f.GERMAN_LINES])
        for name, data in (("scanned", scanned), ("digital", digital)):
            folder = tmp_path / name
            folder.mkdir()
            document = extract(data, ExtractOptions(language="fr", detect_language=False, page_image_dir=folder))
            assert [p.image for p in document.pages] == [folder / f"page-{p.number}.png" for p in document.pages]
            for p in document.pages:
                with Image.open(p.image) as kept:  # type: ignore[arg-type]
                    assert kept.width > 500

    def test_no_folder_no_image(self) -> None:
        document = extract(f.encoded(f.text_image(lines=f.FRENCH_LINES), fmt="PNG"), ExtractOptions(language="fr"))
        assert document.pages[0].image is None
