"""History CSV as French Excel writes it: encodings, separators, French dates, amounts and column titles."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.history import service as history_service
from service.history.errors import HistoryHeaderInvalid
from service.models import TranslationRequest

TODAY = date(2026, 11, 23)
EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "history-example.csv"
ENGLISH = "reference,caisse_code,source_lang,target_lang,pages,received_on,delivered_on,handled_by,external_cost_eur"
FRENCH = ("Référence;Code caisse;Langue source;Langue cible;Nombre de pages;Date de réception;Date de livraison;"
          "Traité par;Coût externe (€)")
ROW = "H-1;CAF93;es;fr;12;05/01/2023;10/02/2023;externe;1\u00a0234,50\u00a0€"


def _import(db: Session, tmp_path: Path, data: bytes) -> dict[str, TranslationRequest]:
    path = tmp_path / "historique.csv"
    path.write_bytes(data)
    history_service.import_file(db, path, today=TODAY)
    db.flush()
    return {r.reference: r for r in db.scalars(select(TranslationRequest))}


def _cost(db: Session, tmp_path: Path, data: bytes) -> int | None:
    return _import(db, tmp_path, data)["H-1"].external_cost_cents


class TestDocumentedExample:
    def test_the_example_file_of_the_readme_imports(self, db: Session, tmp_path: Path) -> None:
        requests = _import(db, tmp_path, EXAMPLE.read_bytes())

        assert sorted(requests) == ["H-2023-0001", "H-2023-0002", "H-2023-0003", "H-2023-0004"]
        second = requests["H-2023-0002"]
        assert (second.received_on, second.delivered_on, second.handled_by, second.external_cost_cents) == (
            date(2023, 1, 5), date(2023, 2, 10), "external", 123_450)
        assert requests["H-2023-0003"].handled_by == "trainee"


class TestEncodings:
    @pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig", "utf-16", "utf-16-le"])
    def test_each_encoding_excel_writes_is_detected(self, db: Session, tmp_path: Path, encoding: str) -> None:
        text = f"{FRENCH}\r\n{ROW}\r\n"

        requests = _import(db, tmp_path, text.encode(encoding))

        assert requests["H-1"].caisse.code == "CAF93" and requests["H-1"].external_cost_cents == 123_450

    def test_excel_unicode_text_is_utf16_with_tabs(self, db: Session, tmp_path: Path) -> None:
        text = f"{FRENCH}\r\n{ROW}\r\n".replace(";", "\t")

        assert _cost(db, tmp_path, codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == 123_450


class TestSeparatorsAndColumns:
    @pytest.mark.parametrize("separator", [";", ",", "\t"])
    def test_the_separator_is_found(self, db: Session, tmp_path: Path, separator: str) -> None:
        lines = [ENGLISH.replace(",", separator), f"H-1{separator}CPAM75{separator}de{separator}fr{separator}3"
                 f"{separator}2023-01-02{separator}2023-01-12{separator}internal{separator}"]

        assert "H-1" in _import(db, tmp_path, "\n".join(lines).encode())

    def test_trailing_empty_columns_are_ignored(self, db: Session, tmp_path: Path) -> None:
        assert _cost(db, tmp_path, f"{FRENCH};;;\n{ROW};;;\n".encode()) == 123_450

    def test_an_unknown_separator_is_named_instead_of_listing_every_column_as_missing(
            self, db: Session, tmp_path: Path) -> None:
        with pytest.raises(HistoryHeaderInvalid, match="its separator seems to be '\\|'") as refused:
            _import(db, tmp_path, (ENGLISH.replace(",", "|") + "\n").encode())

        assert "missing column" not in refused.value.detail


class TestFrenchValues:
    @pytest.mark.parametrize(("amount", "cents"), [
        ("1\u202f234,56", 123_456), ("1 234,56 €", 123_456), ("1234,56€", 123_456), ("1.234,56", 123_456),
        ("1234.56", 123_456), ("85 EUR", 8_500)])
    def test_amounts_as_excel_writes_them(self, db: Session, tmp_path: Path, amount: str, cents: int) -> None:
        text = f"{FRENCH}\n{ROW.rsplit(';', 1)[0]};{amount}\n"

        assert _cost(db, tmp_path, text.encode("utf-8")) == cents

    def test_dates_day_first_are_read_day_first(self, db: Session, tmp_path: Path) -> None:
        request = _import(db, tmp_path, f"{FRENCH}\n{ROW}\n".encode())["H-1"]

        assert (request.received_on, request.delivered_on) == (date(2023, 1, 5), date(2023, 2, 10))
