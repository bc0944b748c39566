"""Masking of personal values in vendor packages (the entity detector's), and their restoration on return."""

from __future__ import annotations

from datetime import date

import pytest

from service import engines
from service.models import Segment
from service.vendor import masking


def _segments(*pairs: tuple[str, str | None]) -> list[Segment]:
    return [Segment(position=n, source_text=s, draft_text=d) for n, (s, d) in enumerate(pairs, start=1)]


def _build(*pairs: tuple[str, str | None], lang: str = "de",
           subject: engines.Subject | None = None) -> tuple[list[Segment], masking.DocumentMask]:
    segments = _segments(*pairs)
    return segments, masking.build(segments, source_lang=lang, target_lang="fr", subject=subject)


def _everything(segments: list[Segment], mask: masking.DocumentMask) -> str:
    return "\n".join(f"{mask.source(s)}\n{mask.draft(s) or ''}" for s in segments)


class TestWhatIsMasked:
    @pytest.mark.parametrize(("text", "value"), [
        ("Tel. +33 6 12 34 56 78.", "+33 6 12 34 56 78"),
        ("Tel. 0033 6 12 34 56 78.", "0033 6 12 34 56 78"),
        ("Tel. 06 12 34 56 78.", "06 12 34 56 78"),
        ("NIR 1-84-12-75-108-123-47.", "1-84-12-75-108-123-47"),
        ("NIR 1 84 12 75 108 123 47.", "1 84 12 75 108 123 47"),
        ("Konto de89 3704 0044 0532 0130 00.", "de89 3704 0044 0532 0130 00"),
        ("BIC COBADEFFXXX.", "COBADEFFXXX"),
        ("Mail: anna [at] beispiel [dot] de.", "anna [at] beispiel [dot] de"),
        ("Versicherungsnummer 65 120385 S 553.", "65 120385 S 553"),
        ("Frau Anna Schmidt wohnt Lindenweg 14, 50667 Köln.", "Anna Schmidt"),
        ("Frau Anna Schmidt wohnt Lindenweg 14, 50667 Köln.", "Lindenweg 14, 50667 Köln"),
    ])
    def test_the_spellings_the_issue_found_in_clear_are_masked(self, text: str, value: str) -> None:
        segments, mask = _build((text, None))
        assert value not in mask.source(segments[0])
        assert value in mask.values.values()
        assert mask.restore(mask.source(segments[0])) == text

    def test_dates_of_birth_go_but_other_dates_and_amounts_stay(self) -> None:
        segments, mask = _build(("Sie wurden am 12.03.1985 in Köln geboren.", None),
                                ("Ihre Rente von 1.234,56 € wird ab dem 01.07.2025 gezahlt.", None))
        assert mask.source(segments[0]) == "Sie wurden am ⟦BIRTH_DATE_1⟧ in Köln geboren."
        assert mask.source(segments[1]) == "Ihre Rente von 1.234,56 € wird ab dem 01.07.2025 gezahlt."

    def test_the_requests_subject_is_masked_wherever_it_is_written(self) -> None:
        subject = engines.Subject(name="Jean Dupont", birth_date=date(1961, 6, 3))
        segments, mask = _build(("DUPONT Jean", None), ("Geburtsdatum 03061961", None), ("Dupont schrieb uns.", None),
                                subject=subject)
        shown = _everything(segments, mask)
        assert "Dupont" not in shown and "DUPONT" not in shown and "03061961" not in shown

    def test_a_person_found_once_is_masked_everywhere_surname_alone_included(self) -> None:
        segments, mask = _build(("Herrn Thomas Becker", "M. Thomas Becker"), ("Becker hat angerufen.", None))
        assert "Becker" not in _everything(segments, mask)

    def test_a_date_of_birth_a_draft_glued_to_the_next_word_is_masked_there_too(self) -> None:
        segments, mask = _build(("Geburtsdatum: 12.03.1975", "Date de naissance : 12.03.1975C'est"))
        assert "12.03.1975" not in _everything(segments, mask)
        assert mask.draft(segments[0]) == "Date de naissance : ⟦BIRTH_DATE_1⟧C'est"

    def test_a_value_the_detector_sees_once_is_masked_where_it_misses_it(self) -> None:
        segments, mask = _build(("E-Mail: thomas.becker@example.de", None),
                                ("thomas.becker@example.de", "thomas.becker@example.de"))
        assert "thomas.becker" not in _everything(segments, mask)
        assert mask.counts() == {"email": 1}


class TestPlaceholders:
    def test_the_same_value_keeps_its_placeholder_across_the_document(self) -> None:
        segments, mask = _build(("IBAN DE89 3704 0044 0532 0130 00.", None),
                                ("Erneut: DE89 3704 0044 0532 0130 00", "Encore : DE89 3704 0044 0532 0130 00"))
        assert mask.source(segments[0]) == "IBAN ⟦IBAN_1⟧."
        assert mask.source(segments[1]) == "Erneut: ⟦IBAN_1⟧" and mask.draft(segments[1]) == "Encore : ⟦IBAN_1⟧"

    def test_a_draft_writing_a_value_its_own_way_shares_the_sources_placeholder(self) -> None:
        segments, mask = _build(
            ("Sie wurden am 12.03.1985 in Köln geboren.", "Vous êtes né le 12 mars 1985 à Cologne."),
            ("Gartenstraße 7, 80331 München", "Gartenstraße 7, 80331 Munich"))
        assert mask.draft(segments[0]) == "Vous êtes né le ⟦BIRTH_DATE_1⟧ à Cologne."
        assert mask.source(segments[1]) == "⟦ADDRESS_1⟧" and mask.draft(segments[1]) == "⟦ADDRESS_1⟧"
        # The translation gets the target's spelling back.
        assert mask.restore("Né le ⟦BIRTH_DATE_1⟧, ⟦ADDRESS_1⟧") == "Né le 12 mars 1985, Gartenstraße 7, 80331 Munich"

    def test_restoring_tolerates_what_vendor_tools_do_to_placeholders(self) -> None:
        _, mask = _build(("Frau Anna Schmidt, IBAN DE89 3704 0044 0532 0130 00", None))
        assert mask.restore("Mme ⟦ person_1 ⟧, IBAN [[IBAN_1]]") == "Mme Anna Schmidt, IBAN DE89 3704 0044 0532 0130 00"

    def test_a_drafts_own_placeholders_never_read_as_the_packages(self) -> None:
        # A memory sentence's placeholders that nothing filled: blanks to fill, not the package's people.
        segments, mask = _build(("Herr Max Weber", "M. ⟦PERSON_1⟧ ⟦PERSON_2⟧"))
        assert mask.draft(segments[0]) == f"M. {masking.BLANK} {masking.BLANK}"
        assert mask.source(segments[0]) == "Herr ⟦PERSON_1⟧"


class TestStoredOccurrences:
    def test_the_job_keeps_where_placeholders_stand_and_no_value(self) -> None:
        segments, mask = _build(("Frau Anna Schmidt, Tel. +49 30 865 12345", "Mme Anna Schmidt, tél. +49 30 865 12345"))
        stored = mask.stored()
        assert "Schmidt" not in str(stored) and "865" not in str(stored)
        again = masking.rebuild(segments, stored)
        assert (again.sources, again.drafts, again.values) == (mask.sources, mask.drafts, mask.values)

    def test_values_to_hide_on_the_original_are_its_own_spellings(self) -> None:
        segments, mask = _build(("Sie wurden am 12.03.1985 geboren.", "Vous êtes né le 12 mars 1985."))
        assert masking.values_to_hide(mask, segments) == ["12.03.1985"]


class TestWhatOcrGets:
    def test_an_e_mail_ocr_misread_still_goes_masked_by_the_name_in_it(self) -> None:
        segments, mask = _build(("Sr. Javier García López", None),
                                ("Escríbanos a javier.garciaO'correo.es.", None), lang="es")
        assert mask.source(segments[1]) == "Escríbanos a ⟦EMAIL_1⟧."
        assert mask.restore(mask.source(segments[1])) == "Escríbanos a javier.garciaO'correo.es."

    @pytest.mark.parametrize(("text", "value"), [
        ("A pensão é paga na conta PT5O0 0002 0123 1234 5678 9015 4.", "PT5O0 0002 0123 1234 5678 9015 4"),
        ("Aktenzeichen 4711 0815 2020 bitte angeben.", "4711 0815 2020"),
    ])
    def test_an_identifier_whose_check_digits_ocr_broke_still_goes_masked(self, text: str, value: str) -> None:
        segments, mask = _build((text, None), lang="pt")
        assert value not in mask.source(segments[0])

    def test_amounts_dates_and_years_are_no_identifiers(self) -> None:
        text = "Ab 01/02/2025 zahlen wir 1.234,56 € und 250 €, Rente 2025 für 12 Monate."
        segments, mask = _build((text, None))
        assert mask.source(segments[0]) == text


class TestOnTheEvaluationSet:
    def test_the_packages_masking_hides_what_the_aims_say_on_the_labelled_lines(self) -> None:
        from tests.entities.evalset import DEV, HELDOUT, Line, hidden_by_kind, library_mask, load

        def service_mask(line: Line) -> list[tuple[int, int]]:
            hints = line.hints
            subject = engines.Subject(name=hints.subject_name, birth_date=hints.subject_birth_date) if hints else None
            segments, mask = _build((line.text, None), lang=line.lang, subject=subject)
            return [(o.start, o.end) for o in mask.occurrences]

        lines = load(DEV) + load(HELDOUT)
        ours, library = hidden_by_kind(lines, service_mask), hidden_by_kind(lines, library_mask)
        recall = {kind: hidden / gold for kind, (gold, hidden) in ours.items()}
        assert recall["identifier"] >= 0.98 and recall["person"] >= 0.9 and recall["address"] >= 0.9, recall
        assert all(ours[kind][1] >= library[kind][1] for kind in ours)  # never less than the library's mask
