"""`passerelle worker`, slowed down deterministically so a test can kill it in the middle of a step.

`python -m tests.robustness.crash_worker` runs the real worker (same tasks, same Celery settings) with
two test doubles installed first: every OCR page and every drafting batch waits
`PASSERELLE_TEST_STEP_DELAY` seconds, and drafting uses the fake translator (no model to load).
Nothing in the service knows about this: it only replaces `service.engines` hooks, as tests do.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import ocr
from mt_models import Draft
from mt_models.fake import FakeTranslator
from mt_models.protect import Span
from service import engines

DELAY = float(os.environ.get("PASSERELLE_TEST_STEP_DELAY", "0"))
_ocr_options = engines.ocr_options


def slow_ocr_options(language: str, progress: Callable[[int, int], None] | None = None,
                     *args: Any, **kwargs: Any) -> ocr.ExtractOptions:
    """The real options, with a pause after each page (before its progress is shown).

    Every other argument (page image folder, page selection, ...) goes to the real hook untouched: a
    double that drops or refuses them makes every extraction fail at once.
    """

    def after_page(done: int, total: int) -> None:
        time.sleep(DELAY)
        if progress is not None:
            progress(done, total)

    return _ocr_options(language, after_page, *args, **kwargs)


class SlowTranslator(FakeTranslator):
    """The fake translator, taking DELAY seconds per batch."""

    def translate_batch(self, segments: Sequence[str], *, source: str, target: str,
                        spans: Sequence[Sequence[Span]] | None = None) -> list[Draft]:
        time.sleep(DELAY)
        return super().translate_batch(segments, source=source, target=target, spans=spans)


def main() -> None:
    """Install the doubles and run `passerelle worker --concurrency 1`."""
    engines.ocr_options = slow_ocr_options
    engines.use_translator(SlowTranslator())
    from service.cli import main as cli_main

    sys.argv = ["passerelle", "worker", "--concurrency", "1"]
    cli_main()


if __name__ == "__main__":
    main()
