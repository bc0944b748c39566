"""Entity detection quality: recall and precision per kind and per language on the labelled set.

Reads tests/entities/data/eval_dev.tsv (development part) and eval_heldout.tsv (held-out part, kept for
the final figures), runs `entities.detect` on every line (with the line's hints) and prints, for each
part, a table per kind and per language: strict scores (same kind, exact offsets) and lenient ones
(same kind, overlapping offsets); then what the default masking hides: the share of gold people,
addresses, identifiers and e-mails entirely masked (recall), and the share of masked spans that were
personal values or dates (precision). `--masking service` measures the vendor packages' masking instead
(`service/vendor/masking.py`: the same detector, plus dates in sentences about birth, people looked for again,
names glued into words and identifiers whose check digits failed), each line taken as a one-segment document.

    .venv/bin/python scripts/eval_entities.py [--part dev|heldout|all] [--errors] [--masking library|service]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from entities import KINDS  # noqa: E402
from tests.entities.evalset import (  # noqa: E402
    DEV,
    HELDOUT,
    Counts,
    Line,
    Masker,
    Report,
    evaluate,
    hidden_by_kind,
    library_mask,
    load,
    masking,
)


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def _row(label: str, counts: Counts) -> str:
    return (f"{label:<14}{counts.gold:>6}{counts.predicted:>6}  {_fmt(counts.recall())} {_fmt(counts.precision())}"
            f"   {_fmt(counts.recall(True))} {_fmt(counts.precision(True))}")


def print_report(title: str, report: Report, lines: int) -> None:
    """Tables per kind and per language."""
    header = f"{'':<14}{'gold':>6}{'found':>6}  {'recall':>6} {'prec.':>6}   {'len.R':>6} {'len.P':>6}"
    print(f"\n== {title}: {lines} lines ==")
    print(header)
    for kind in KINDS:
        counts = report.total(kind=kind)
        if counts.gold or counts.predicted:
            print(_row(kind, counts))
    print(_row("all kinds", report.total()))
    print()
    print(header.replace("    ", "lang", 1))
    for lang in sorted({lang for lang, _ in report.by_lang_kind}):
        print(_row(lang, report.total(lang=lang)))


def service_mask(line: Line) -> list[tuple[int, int]]:
    """The spans the vendor packages' masking hides in a line (a one-segment document, its hints as subject)."""
    from service import engines
    from service.models import Segment
    from service.vendor import masking as vendor_masking

    hints = line.hints
    subject = engines.Subject(name=hints.subject_name, birth_date=hints.subject_birth_date) if hints else None
    segment = Segment(position=1, source_text=line.text, draft_text=None)
    found = vendor_masking.build([segment], source_lang=line.lang, target_lang="fr", subject=subject)
    return [(o.start, o.end) for o in found.occurrences]


def print_masking(lines: list[Line], masker: Masker = library_mask, title: str = "library") -> None:
    """What a masking (by default entities.DEFAULT_MASK_KINDS) hides of the gold personal values."""
    by_lang = masking(lines, masker)
    print(f"\nmasking ({title}: person, address, identifier, e-mail; dates of birth)")
    print(f"{'lang':<14}{'gold':>6}{'hidden':>7}{'recall':>8}{'masked':>8}{'prec.':>8}")
    for lang in [*sorted(by_lang), None]:
        rows = [by_lang[lang]] if lang else list(by_lang.values())
        gold, hidden = sum(r.gold for r in rows), sum(r.hidden for r in rows)
        masked, personal = sum(r.masked for r in rows), sum(r.masked_personal for r in rows)
        print(f"{lang or 'all':<14}{gold:>6}{hidden:>7}{_fmt(hidden / gold if gold else None):>8}{masked:>8}"
              f"{_fmt(personal / masked if masked else None):>8}")
    print(f"{'kind':<14}{'gold':>6}{'hidden':>7}{'recall':>8}")
    for kind, (gold, hidden) in hidden_by_kind(lines, masker).items():
        print(f"{kind:<14}{gold:>6}{hidden:>7}{_fmt(hidden / gold if gold else None):>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--errors", action="store_true", help="list the lines with a miss or a false alarm")
    parser.add_argument("--masking", choices=("library", "service"), default="library",
                        help="which masking to measure: the library's default mask, or the vendor packages'")
    args = parser.parse_args()
    parts = {"dev": [("development", DEV)], "heldout": [("held-out", HELDOUT)],
             "all": [("development", DEV), ("held-out", HELDOUT)]}[args.part]
    for title, path in parts:
        lines = load(path)
        report = evaluate(lines)
        print_report(title, report, len(lines))
        if args.masking == "service":
            print_masking(lines, service_mask, "service/vendor/masking.py")
        else:
            print_masking(lines)
        if args.errors:
            for line, predicted in report.errors:
                gold = [(s.kind, line.text[s.start:s.end]) for s in line.gold]
                found = [(e.kind, e.text) for e in predicted]
                print(f"\n{path.name}:{line.number} [{line.lang}] {line.text!r}")
                print(f"  missed: {[g for g in gold if g not in found]}")
                print(f"  extra:  {[f for f in found if f not in gold]}")


if __name__ == "__main__":
    main()
