"""Run other projects' test files through Passerelle's readers and report what each one gives.

    .venv/bin/python scripts/check_interop.py FOLDER [FOLDER...] [--timeout 120] [--dpi 150] [--lang en]

Every file under the folders is taken by its extension:

- PDF: `ocr.extract` in a child process (killed after --timeout seconds). Each file must give text or
  a clear refusal (an `OcrError` with its code); a traceback or a hang is a failure.
- XLIFF (.xlf, .xliff, .sdlxliff, .mqxliff): read by translate-toolkit and by `service.vendor.xliff_read`;
  every file translate-toolkit reads must be read here with the same number of units (2.0: segments).
  A file refused by the XML safety rules (DOCTYPE, entity declarations) is listed apart.
- TMX: translate-toolkit's unit count against `service.memory.tmx.read_units`, and the number of units
  holding a text in at least two languages.
- TBX: translate-toolkit's count of entries with a term against `glossaries` concepts.

Exit status 1 when anything failed. Nothing is written anywhere; the folders are only read.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from lxml import etree  # noqa: E402
from translate.storage import tbx, tmx, xliff, xliff2  # noqa: E402

from glossaries import GlossaryError  # noqa: E402
from glossaries.formats import read_tbx  # noqa: E402
from ocr import ExtractOptions, OcrError, extract  # noqa: E402
from service.memory.errors import InvalidTmx  # noqa: E402
from service.memory.tmx import read_units  # noqa: E402
from service.vendor import xliff_read  # noqa: E402
from service.vendor.errors import XliffRejected  # noqa: E402

XLIFF_SUFFIXES = {".xlf", ".xliff", ".sdlxliff", ".mqxliff"}
SAFETY_WORDS = ("DOCTYPE", "declares entities", "entity references")


def _pdf_child(path: str, lang: str, dpi: int, queue: multiprocessing.Queue) -> None:
    try:
        document = extract(Path(path), ExtractOptions(language=lang, dpi=dpi, detect_language=False))
        queue.put(("text", f"{document.page_count} page(s), {len(document.text.strip())} characters"))
    except OcrError as e:
        queue.put(("refused", f"{e.code}: {str(e)[:100]}"))
    except BaseException as e:  # noqa: BLE001 - what this checker exists to find
        queue.put(("FAILED", f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=4)}"))


def check_pdf(path: Path, args: argparse.Namespace) -> tuple[str, str]:
    """Text or a clear refusal, within the time limit."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_pdf_child, args=(str(path), args.lang, args.dpi, queue))
    child.start()
    child.join(args.timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return "FAILED", f"no answer within {args.timeout} s"
    if queue.empty():
        return "FAILED", f"the reader died (exit status {child.exitcode})"
    return queue.get()


def _toolkit_count(make: Callable[[bytes], object], data: bytes) -> int | None:
    try:
        store = make(data)
    except Exception:  # noqa: BLE001 - translate-toolkit refusing the file puts it out of scope
        return None
    return len(store.units)  # type: ignore[attr-defined]


def check_xliff(path: Path, _: argparse.Namespace) -> tuple[str, str]:
    """Same unit (2.0: segment) count as translate-toolkit, for every file translate-toolkit reads."""
    data = path.read_bytes()
    try:
        version = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)).get(
            "version", "")
    except etree.XMLSyntaxError:
        version = ""
    store = xliff2.Xliff2File if version.startswith("2") else xliff.xlifffile
    expected = _toolkit_count(store.parsestring, data)
    try:
        document = xliff_read.read(data)
    except XliffRejected as e:
        if expected is None:
            return "refused", f"(translate-toolkit refuses it too) {e.detail[:120]}"
        kind = "safety" if any(w in e.detail for w in SAFETY_WORDS) else "FAILED"
        return kind, f"translate-toolkit reads {expected} unit(s); refused here: {e.detail[:160]}"
    counted = sum(u.segments for u in document.units) if version.startswith("2") else len(document.units)
    if expected is None:
        return "extra", f"{counted} unit(s) read; translate-toolkit cannot read this file"
    if counted != expected:
        return "FAILED", f"{counted} unit(s) read here, {expected} by translate-toolkit"
    return "same", f"{counted} unit(s)"


def check_tmx(path: Path, _: argparse.Namespace) -> tuple[str, str]:
    """Same unit count as translate-toolkit."""
    data = path.read_bytes()
    expected = _toolkit_count(tmx.tmxfile.parsestring, data)
    try:
        units = read_units(data)
    except InvalidTmx as e:
        if expected is None:
            return "refused", f"(translate-toolkit refuses it too) {e.detail[:120]}"
        kind = "safety" if any(w in e.detail for w in SAFETY_WORDS) else "FAILED"
        return kind, f"translate-toolkit reads {expected} unit(s); refused here: {e.detail[:160]}"
    pairs = sum(1 for u in units if len(u) >= 2)
    if expected is None:
        return "extra", f"{len(units)} unit(s) read ({pairs} with two languages); translate-toolkit cannot"
    if len(units) != expected:
        return "FAILED", f"{len(units)} unit(s) read here, {expected} by translate-toolkit"
    return "same", f"{len(units)} unit(s), {pairs} with two languages or more"


def check_tbx(path: Path, _: argparse.Namespace) -> tuple[str, str]:
    """Same number of entries with terms as translate-toolkit (which reads TBX v2 `<tig>` only)."""
    data = path.read_bytes()
    expected = None
    try:
        store = tbx.tbxfile.parsestring(data)
        expected = sum(1 for u in store.units if any(t.text.strip() for lang in u.getlanguageNodes()
                                                     for t in u._get_terms(lang)))
    except Exception:  # noqa: BLE001 - out of translate-toolkit's scope (TBX v3, for instance)
        pass
    try:
        concepts = read_tbx(path)
    except GlossaryError as e:
        kind = "refused" if expected is None else "FAILED"
        return kind, f"translate-toolkit reads {expected} entrie(s); refused here: {str(e)[:160]}"
    if expected is None:
        return "extra", f"{len(concepts)} concept(s) read; translate-toolkit cannot read this file"
    if len(concepts) < expected:
        return "FAILED", f"{len(concepts)} concept(s) read here, {expected} by translate-toolkit"
    more = f" ({len(concepts) - expected} more: <ntig> layout)" if len(concepts) > expected else ""
    return "same", f"{len(concepts)} concept(s){more}"


CHECKS: dict[str, Callable[[Path, argparse.Namespace], tuple[str, str]]] = {
    ".pdf": check_pdf, ".tmx": check_tmx, ".tbx": check_tbx, **{s: check_xliff for s in XLIFF_SUFFIXES}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders (searched recursively) or files")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per PDF")
    parser.add_argument("--dpi", type=int, default=150, help="rendering resolution of pages to OCR")
    parser.add_argument("--lang", default="en", help="declared language of the PDFs (OCR language pack)")
    parser.add_argument("--quiet", action="store_true", help="print failures and the summary only")
    args = parser.parse_args()
    found = (p for folder in args.folders for p in ([folder] if folder.is_file() else folder.rglob("*")))
    files = sorted(p for p in found if p.is_file() and p.suffix.lower() in CHECKS)
    outcomes: Counter[tuple[str, str]] = Counter()
    for path in files:
        kind = path.suffix.lower() if path.suffix.lower() not in XLIFF_SUFFIXES else ".xliff"
        outcome, detail = CHECKS[path.suffix.lower()](path, args)
        outcomes[(kind, outcome)] += 1
        if not args.quiet or outcome == "FAILED":
            print(f"{outcome:<8} {path}: {detail}", flush=True)
    print("\nsummary")
    for (kind, outcome), count in sorted(outcomes.items()):
        print(f"  {kind:<7} {outcome:<8} {count}")
    return 1 if any(outcome == "FAILED" for _, outcome in outcomes) else 0


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    sys.exit(main())
