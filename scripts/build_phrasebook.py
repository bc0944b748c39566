#!/usr/bin/env python
"""Write the phrasebook TSV files (data/phrasebook/<lang>-fr.tsv) from data/phrasebook/sentences.py.

The sentences and templates are the project's own writing. Templates are expanded with the
slot values written beside them; dates and amounts are formatted for each language with
Babel (CLDR), so "3 mars 2026" / "3. März 2026" / "3 marca 2026" and "1 234,56 €" /
"€1,234.56" read as a native document would write them. Any pair whose sentence occurs in a
test set under the corpora folder is left out, so the phrasebook never inflates a score.

    python scripts/build_phrasebook.py            # rewrites data/phrasebook/*-fr.tsv
    python scripts/build_phrasebook.py --check    # fails if the files are not up to date
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import sys
import unicodedata
from pathlib import Path
from types import ModuleType

from babel.dates import format_date
from babel.numbers import format_currency

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "data" / "phrasebook"
LOCALES = {"fr": "fr_FR", "en": "en_GB", "de": "de_DE", "es": "es_ES", "it": "it_IT",
           "pt": "pt_PT", "pl": "pl_PL", "ro": "ro_RO"}
# No 1st of a month: French writes "1er", which CLDR's long format does not.
DATES = [dt.date(2025, 1, 15), dt.date(2025, 2, 3), dt.date(2025, 3, 28), dt.date(2025, 5, 6),
         dt.date(2025, 6, 30), dt.date(2025, 9, 12), dt.date(2025, 10, 21), dt.date(2025, 11, 4),
         dt.date(2026, 1, 9), dt.date(2026, 3, 17), dt.date(2026, 4, 2), dt.date(2026, 7, 24)]
AMOUNTS = [312.4, 845.0, 1034.75, 1268.1, 2415.9]


def load_sentences() -> ModuleType:
    """The data module data/phrasebook/sentences.py."""
    spec = importlib.util.spec_from_file_location("phrasebook_sentences", FOLDER / "sentences.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format(**values)


def expand(s: ModuleType) -> list[dict[str, str]]:
    """Every phrasebook entry as {language: sentence} (French included)."""
    langs = s.LANGS
    entries = [dict(zip(langs, row, strict=True)) for row in s.LETTERS + s.LABELS]

    def per_lang(build) -> None:  # type: ignore[no-untyped-def]
        entries.append({lang: build(lang, i) for i, lang in enumerate(langs)})

    for template in s.DOC_TEMPLATES:
        for k, doc in enumerate(s.DOCUMENTS):
            if "{doc_nom}" in template[2] and s.DOCUMENTS_DE_NOM[k] is None:
                continue
            values = {"doc_gen": s.DOCUMENTS_PL_GEN[k], "doc_nom": s.DOCUMENTS_DE_NOM[k] or ""}
            per_lang(lambda lang, i, t=template, d=doc, v=values: _fill(t[i], {"doc": d[i], **v}))
    for n, benefit in enumerate(s.BENEFITS):
        for m, amount in enumerate(AMOUNTS):
            if (n + m) % 5 < 4:  # four amounts per benefit, varying
                per_lang(lambda lang, i, b=benefit, a=amount: _fill(s.BENEFIT_TEMPLATES[0][i], {
                    "benefit": b[i], "amount": format_currency(a, "EUR", locale=LOCALES[lang])}))
        per_lang(lambda lang, i, b=benefit: _fill(s.BENEFIT_TEMPLATES[1][i], {"benefit": b[i]}))
        for date in DATES[n % 4::4][:3]:
            per_lang(lambda lang, i, b=benefit, d=date: _fill(s.BENEFIT_TEMPLATES[2][i], {
                "benefit": b[i], "date": _date(d, lang)}))
    for template in s.DATE_TEMPLATES:
        for date in DATES:
            per_lang(lambda lang, i, t=template, d=date: _fill(t[i], {
                "date": _date(d, lang), "date_gen": _date(d, lang)}))
    for template in s.COUNTRY_TEMPLATES:
        for country in s.COUNTRIES:
            per_lang(lambda lang, i, t=template, c=country: _fill(t[i], {"country": c[i]}))
    for template in s.YEARS_TEMPLATES:
        for years in s.YEARS:
            per_lang(lambda lang, i, t=template, y=years: _fill(t[i], {"years": str(y)}))
    return entries


def _date(date: dt.date, lang: str) -> str:
    return format_date(date, format="long", locale=LOCALES[lang])


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u202f", " ").replace("\u00a0", " ")
    return " ".join(text.split())


def test_sentences(corpora: Path) -> set[str]:
    """Every sentence of the test sets (normalised), so that none enters the phrasebook."""
    found: set[str] = set()
    for path in (corpora / "test").rglob("*"):
        if path.is_file() and not path.name.endswith(".labels"):
            with path.open(encoding="utf-8") as handle:
                found.update(_normalise(col) for line in handle for col in line.rstrip("\n").split("\t"))
    return found


def render(entries: list[dict[str, str]], tests: set[str]) -> dict[str, str]:
    """The TSV text of each `<lang>-fr.tsv` file: header comment, then sentence<TAB>French."""
    files: dict[str, str] = {}
    for lang in [code for code in LOCALES if code != "fr"]:
        rows = []
        for entry in entries:
            pair = (entry[lang], entry["fr"])
            if _normalise(pair[0]) in tests or _normalise(pair[1]) in tests:
                continue
            rows.append(f"{pair[0]}\t{pair[1]}")
        rows = list(dict.fromkeys(rows))
        header = (f"# Passerelle phrasebook, {lang}-fr: {len(rows)} pairs. CC-BY-4.0, Passerelle "
                  "project. Generated by scripts/build_phrasebook.py from sentences.py.\n")
        files[f"{lang}-fr.tsv"] = header + "\n".join(rows) + "\n"
    return files


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpora", type=Path, default=Path(os.environ.get(
        "PASSERELLE_CORPORA_DIR", ROOT.parent / "shared" / "corpora")))
    p.add_argument("--check", action="store_true", help="compare with the files instead of writing")
    args = p.parse_args(argv)
    tests = test_sentences(args.corpora) if (args.corpora / "test").is_dir() else set()
    if not tests:
        print(f"build_phrasebook: no test sets under {args.corpora}; pass --corpora", file=sys.stderr)
        return 2
    files = render(expand(load_sentences()), tests)
    stale = [name for name, text in files.items()
             if not (FOLDER / name).is_file() or (FOLDER / name).read_text(encoding="utf-8") != text]
    if args.check:
        for name in stale:
            print(f"build_phrasebook: {name} is not up to date; run scripts/build_phrasebook.py",
                  file=sys.stderr)
        return 1 if stale else 0
    for name, text in files.items():
        (FOLDER / name).write_text(text, encoding="utf-8")
    total = sum(text.count("\n") - 1 for text in files.values())
    print(f"wrote {len(files)} files, {total} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
