"""Dates (numeric and with month names, every partner language), times, amounts and numbers."""

from __future__ import annotations

from datetime import date

import pytest

from entities import Hints, detect


def _of(kind: str, text: str, lang: str, hints: Hints | None = None) -> list[tuple[str, str | None]]:
    return [(e.text, e.value) for e in detect(text, lang, hints=hints) if e.kind == kind]


class TestDates:
    @pytest.mark.parametrize(("lang", "text", "written", "value"), [
        ("de", "Sie wurden am 3. Juni 1961 in Köln geboren.", "3. Juni 1961", "1961-06-03"),
        ("de", "Bescheid vom 12.03.2024", "12.03.2024", "2024-03-12"),
        ("de", "im Jänner 2020", "Jänner 2020", "2020-01"),
        ("es", "Madrid, 3 de junio de 2024", "3 de junio de 2024", "2024-06-03"),
        ("es", "nacido el 03/06/61", "03/06/61", "1961-06-03"),
        ("it", "Roma, 12 settembre 2023", "12 settembre 2023", "2023-09-12"),
        ("pt", "Lisboa, 1 de março de 2022", "1 de março de 2022", "2022-03-01"),
        ("pl", "Warszawa, 3 czerwca 1961 r.", "3 czerwca 1961", "1961-06-03"),
        ("ro", "Bucureşti, 3 iunie 1961", "3 iunie 1961", "1961-06-03"),
        ("nl", "Den Haag, 3 juni 1961", "3 juni 1961", "1961-06-03"),
        ("en", "London, 3rd of May 2019", "3rd of May 2019", "2019-05-03"),
        ("en", "dated May 3, 2019", "May 3, 2019", "2019-05-03"),
        ("fr", "le 1er janvier 2020", "1er janvier 2020", "2020-01-01"),
        ("fr", "le 2024-03-12", "2024-03-12", "2024-03-12"),
        ("pl", "data 03.VI.1961", "03.VI.1961", "1961-06-03"),
        ("de", "um 14:30 Uhr", "14:30", "T14:30"),
    ])
    def test_date_in_each_language(self, lang: str, text: str, written: str, value: str) -> None:
        assert (written, value) in _of("date", text, lang)

    @pytest.mark.parametrize(("lang", "text"), [
        ("en", "3 May 2019"), ("en", "3rd of May 2019"), ("de", "12. März 1975"), ("fr", "1er janvier 2020"),
        ("es", "3 de mayo de 2019"), ("en", "May 3, 2019"), ("it", "12 settembre 2023"), ("nl", "3 juni 1961"),
        ("pt", "1 de março de 2022"), ("de", "3. Jänner 2020"),
    ])
    def test_every_form_the_mt_protection_rewrites_is_a_date_with_the_same_value(self, lang: str, text: str) -> None:
        from mt_models import dates as mt_dates
        day, month, year = mt_dates.parse(text) or (0, 0, 0)
        assert _of("date", text, lang) == [(text, f"{year:04d}-{month:02d}-{day:02d}")]

    def test_impossible_dates_are_not_dates(self) -> None:
        assert _of("date", "am 31.02.2020 und am 32.01.2020", "de") == []

    def test_birth_date_cue_gives_the_role(self) -> None:
        entity = next(e for e in detect("Hans Müller, geboren am 03.06.1961", "de") if e.kind == "date")
        assert entity.role == "birth_date"
        letter_date = next(e for e in detect("Berlin, den 03.06.2024", "de") if e.kind == "date")
        assert letter_date.role is None

    def test_hinted_birth_date_is_found_in_every_form(self) -> None:
        hints = Hints(subject_birth_date=date(1961, 6, 3))
        text = "3. Juni 1961; 03.06.1961; 3/6/61; 1961-06-03; 03061961; 3 de junio de 1961"
        births = [e.text for e in detect(text, "de", hints=hints) if e.role == "birth_date"]
        assert births == ["3. Juni 1961", "03.06.1961", "3/6/61", "1961-06-03", "03061961", "3 de junio de 1961"]

    def test_eight_digits_without_a_cue_or_hint_are_not_a_date(self) -> None:
        assert _of("date", "Kundennummer 03061961", "de") == []


class TestAmounts:
    @pytest.mark.parametrize(("text", "written", "value", "currency"), [
        ("Rente: 1.234,56 € monatlich", "1.234,56 €", "1234.56", "EUR"),
        ("importe EUR 1 234,56", "EUR 1 234,56", "1234.56", "EUR"),
        ("a total of 1,234.56 USD", "1,234.56 USD", "1234.56", "USD"),
        ("kwota 1 500,00 PLN", "1 500,00 PLN", "1500.00", "PLN"),
        ("suma de 2.000 RON", "2.000 RON", "2000", "RON"),
        ("150 zł miesięcznie", "150 zł", "150", "PLN"),
        ("Betrag 100,- €", "100,- €", "100", "EUR"),
        ("CHF 1'234.50", "CHF 1'234.50", "1234.50", "CHF"),
        ("£1,234 a year", "£1,234", "1234", "GBP"),
        ("1.500 Euro", "1.500 Euro", "1500", "EUR"),
    ])
    def test_amount_with_its_currency(self, text: str, written: str, value: str, currency: str) -> None:
        amounts = [(e.text, e.value, e.currency) for e in detect(text, "de") if e.kind == "amount"]
        assert amounts == [(written, value, currency)]

    def test_plain_numbers_and_percentages(self) -> None:
        assert _of("number", "3 Kinder, 12,5 % und 1.234 Fälle", "de") == [
            ("3", "3"), ("12,5 %", "12.5"), ("1.234", "1234")]

    def test_digits_inside_words_are_not_numbers(self) -> None:
        assert _of("number", "Formular E104 und S1", "de") == []
