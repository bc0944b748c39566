"""Page-parallel OCR: the pages of one document read side by side, the result as if read in turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocr import ExtractOptions, extract
from ocr._exec import tesseract
from tests.ocr import factories as f

LINES = (f.FRENCH_LINES, f.GERMAN_LINES[:1] + f.FRENCH_LINES[1:], f.FRENCH_LINES[::-1], f.FRENCH_LINES[:2])


class TestParallelPages:
    def test_a_scanned_pdf_reads_the_same_in_parallel_as_in_turn(self) -> None:
        data = f.scanned_pdf(pages=[f.text_image(lines=lines) for lines in LINES])
        serial = extract(data, ExtractOptions(language="fr", processes=1))
        progress: list[tuple[int, int]] = []
        parallel = extract(data, ExtractOptions(language="fr", processes=3,
                                                progress=lambda done, total: progress.append((done, total))))
        assert [p.text for p in parallel.pages] == [p.text for p in serial.pages]
        assert [p.number for p in parallel.pages] == [1, 2, 3, 4]
        # "OCR page 3/4" as pages finish: every count once, in order, whatever page finished first.
        assert progress == [(1, 4), (2, 4), (3, 4), (4, 4)]

    def test_a_multipage_tiff_mixed_with_a_blank_page_keeps_its_order_and_warnings(self) -> None:
        blank = f.text_image(lines=[""])
        data = f.multipage_tiff(pages=[f.text_image(lines=LINES[0]), blank, f.text_image(lines=LINES[2])])
        document = extract(data, ExtractOptions(language="fr", processes=2))
        assert [p.number for p in document.pages] == [1, 2, 3]
        assert "reçu" in document.pages[0].text and document.pages[1].text == ""
        assert "No text was found on page(s) 2." in document.warnings

    def test_each_page_runs_tesseract_with_one_openmp_thread(self, monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
        seen: list[str | None] = []
        real = tesseract.subprocess.run

        def spy(args: list[str], **kwargs: object) -> object:
            env = kwargs.get("env")
            seen.append(env.get("OMP_THREAD_LIMIT") if isinstance(env, dict) else None)
            return real(args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(tesseract.subprocess, "run", spy)
        data = f.scanned_pdf(pages=[f.text_image(lines=lines) for lines in LINES[:2]])
        extract(data, ExtractOptions(language="fr", processes=2))
        parallel_runs = list(seen)
        seen.clear()
        extract(data, ExtractOptions(language="fr", processes=1))
        assert parallel_runs and set(parallel_runs) == {"1"}
        assert set(seen) == {None}  # one page at a time: tesseract's own threads, as before


class TestParallelFailure:
    def test_a_page_tesseract_fails_on_fails_the_document_and_the_pages_not_started_are_dropped(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from ocr import OcrEngineError

        calls: list[str] = []
        real = tesseract.recognize

        def failing(image: Path, **kwargs: object) -> tesseract.Reading:
            calls.append(str(image))
            if len(calls) == 1:
                raise OcrEngineError("tesseract exited with status 1: simulated")
            return real(image, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(tesseract, "recognize", failing)
        data = f.scanned_pdf(pages=[f.text_image(lines=LINES[0])] * 8)
        with pytest.raises(OcrEngineError, match="simulated"):
            extract(data, ExtractOptions(language="fr", processes=2))
        assert len(calls) < 8
