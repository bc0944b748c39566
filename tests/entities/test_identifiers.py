"""Identifiers: found with their scheme when the checksum holds, never when it does not."""

from __future__ import annotations

import pytest

from entities import detect


def _ids(text: str, lang: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.text, e.scheme, e.value) for e in detect(text, lang) if e.kind == "identifier"]


class TestNationalIdentifiers:
    @pytest.mark.parametrize(("lang", "text", "written", "scheme", "value"), [
        ("de", "Versicherungsnummer: 65 030661 M 010", "65 030661 M 010", "de.rvnr", "65030661M010"),
        ("de", "VSNR 65030661M010 bitte angeben", "65030661M010", "de.rvnr", "65030661M010"),
        ("de", "Steuer-ID 36574261809", "36574261809", "de.idnr", "36574261809"),
        ("es", "NAF: 28/12345678/40", "28/12345678/40", "es.nss", "281234567840"),
        ("es", "con DNI 12345678-Z y", "12345678-Z", "es.dni", "12345678Z"),
        ("es", "NIE X-1234567-L", "X-1234567-L", "es.nie", "X1234567L"),
        ("es", "empresa con NIF A28015865", "A28015865", "es.cif", "A28015865"),
        ("it", "Codice fiscale: RSSMRA61H03H501O", "RSSMRA61H03H501O", "it.codicefiscale", "RSSMRA61H03H501O"),
        ("it", "c.f. rssmra61h03h501o (minuscolo)", "rssmra61h03h501o", "it.codicefiscale", "RSSMRA61H03H501O"),
        ("pl", "PESEL 61060301238", "61060301238", "pl.pesel", "61060301238"),
        ("pl", "NIP 526-025-09-95", "526-025-09-95", "pl.nip", "5260250995"),
        ("pt", "NIF 234 567 899", "234 567 899", "pt.nif", "234567899"),
        ("pt", "NISS 12034567897", "12034567897", "pt.niss", "12034567897"),
        ("ro", "CNP 1610603400015", "1610603400015", "ro.cnp", "1610603400015"),
        ("fr", "numéro national 61.06.03-123.43", "61.06.03-123.43", "be.nn", "61060312343"),
        ("nl", "BSN 111222333", "111222333", "nl.bsn", "111222333"),
        ("fr", "NIR 1 61 06 75 115 123 92", "1 61 06 75 115 123 92", "fr.nir", "161067511512392"),
        ("fr", "NIR 1-61-06-75-115-123-92.", "1-61-06-75-115-123-92", "fr.nir", "161067511512392"),
        ("fr", "NIR 161067511512392", "161067511512392", "fr.nir", "161067511512392"),
        ("en", "NI number AB 12 34 56 C", "AB 12 34 56 C", "gb.nino", "AB123456C"),
        ("de", "AHV-Nr. 756.1234.5678.04", "756.1234.5678.04", "ch.ssn", "7561234567804"),
        ("fr", "matricule 1961 0603 12368", "1961 0603 12368", "lu.matricule", "1961060312368"),
    ])
    def test_valid_identifier_is_found_with_its_scheme(self, lang: str, text: str, written: str, scheme: str,
                                                       value: str) -> None:
        assert (written, scheme, value) in _ids(text, lang)

    @pytest.mark.parametrize(("lang", "text"), [
        ("de", "Versicherungsnummer: 65 030661 M 011"),  # check digit off by one
        ("es", "DNI 12345678-A"),
        ("it", "RSSMRA61H03H501X"),
        ("pl", "PESEL 61060301239"),
        ("ro", "CNP 1610603400016"),
        ("fr", "NIR 1 61 06 75 115 123 93"),
        ("es", "NAF: 28/12345678/41"),
        ("en", "reference QQ 12 34 56 C"),  # the prefix HMRC never issues
    ])
    def test_wrong_checksum_is_not_an_identifier(self, lang: str, text: str) -> None:
        assert [s for _, s, _ in _ids(text, lang) if s != "reference"] == []

    def test_weak_checksum_needs_its_language_or_cue(self) -> None:
        """A 9-digit number passing the Dutch 11-test is a BSN in Dutch or after "BSN", not in a German sum."""
        assert ("111222333", "nl.bsn", "111222333") in _ids("Zie 111222333 hieronder", "nl")
        assert [s for _, s, _ in _ids("Es wurden 111222333 Datensätze gezählt", "de")] == []


class TestBankIdentifiers:
    @pytest.mark.parametrize(("text", "written", "value"), [
        ("IBAN: DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("iban de89 3704 0044 0532 0130 00 bitte", "de89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("IBAN FR7630006000011234567890189.", "FR7630006000011234567890189", "FR7630006000011234567890189"),
        ("IBAN ES91 2100 0418 4502 0005 1332 para", "ES91 2100 0418 4502 0005 1332", "ES9121000418450200051332"),
        ("IBAN PT50 0002 0123 1234 5678 9015 4", "PT50 0002 0123 1234 5678 9015 4", "PT50000201231234567890154"),
        ("IBAN IT60 X054 2811 1010 0000 0123 456", "IT60 X054 2811 1010 0000 0123 456", "IT60X0542811101000000123456"),
    ])
    def test_iban_in_any_case_and_spacing(self, text: str, written: str, value: str) -> None:
        assert (written, "iban", value) in _ids(text, "de")

    def test_iban_with_a_wrong_check_is_not_found(self) -> None:
        assert [s for _, s, _ in _ids("IBAN: DE88 3704 0044 0532 0130 00", "de") if s == "iban"] == []

    def test_bic_after_its_cue_or_beside_an_iban(self) -> None:
        assert ("COBADEFFXXX", "bic", "COBADEFFXXX") in _ids("BIC: COBADEFFXXX", "de")
        assert ("BNPAFRPP", "bic", "BNPAFRPP") in _ids("FR7630006000011234567890189 BNPAFRPP", "fr")

    def test_capitalised_word_shaped_like_a_bic_is_not_one(self) -> None:
        assert _ids("DEUTSCHE RENTENVERSICHERUNG", "de") == []

    def test_eu_vat_number(self) -> None:
        assert ("DE136695976", "eu.vat", "DE136695976") in _ids("USt-IdNr. DE136695976", "de")
        assert ("FR 40 303 265 045", "eu.vat", "FR40303265045") in _ids("TVA FR 40 303 265 045", "fr")


class TestPhones:
    @pytest.mark.parametrize(("lang", "text", "written", "value"), [
        ("fr", "Tél. : +33 6 12 34 56 78", "+33 6 12 34 56 78", "+33612345678"),
        ("de", "Rufen Sie 0033 6 12 34 56 78 an", "0033 6 12 34 56 78", "+33612345678"),
        ("de", "oder 06 12 34 56 78 (Frankreich)", "06 12 34 56 78", "+33612345678"),
        ("de", "Telefon 030 1234567", "030 1234567", "+49301234567"),
        ("de", "Telefon (+49) 30/1234-567", "(+49) 30/1234-567", "+49301234567"),
        ("es", "Teléfono: 912 345 678", "912 345 678", "+34912345678"),
        ("pt", "Telefone +351 213 456 789", "+351 213 456 789", "+351213456789"),
        ("it", "cellulare 347 123 4567", "347 123 4567", "+393471234567"),
        ("pl", "tel. 22 123 45 67", "22 123 45 67", "+48221234567"),
        ("ro", "telefon 0721 123 456", "0721 123 456", "+40721123456"),
        ("nl", "Bel 06 12345678", "06 12345678", "+31612345678"),
        ("en", "Phone: 020 7946 0958", "020 7946 0958", "+442079460958"),
    ])
    def test_phone_numbers_international_and_national(self, lang: str, text: str, written: str,
                                                      value: str) -> None:
        assert (written, "phone", value) in _ids(text, lang)

    def test_dates_and_amounts_are_not_phones(self) -> None:
        entities = detect("geboren am 03.06.1961, Betrag 1.234.567 Euro", "de")
        assert [e.scheme for e in entities if e.scheme == "phone"] == []


class TestReferences:
    @pytest.mark.parametrize(("lang", "text", "written"), [
        ("de", "Az.: 4 Ks 12/23 vom 3. Mai", "4 Ks 12/23"),
        ("de", "Aktenzeichen 2024/000123", "2024/000123"),
        ("es", "Referencia: EXP-2024-001", "EXP-2024-001"),
        ("it", "Rif. n. 2023/4567 del 3 marzo", "2023/4567"),
        ("pt", "Processo n.º 123/2024", "123/2024"),
        ("pl", "Nr ref. ZUS/2024/55", "ZUS/2024/55"),
        ("ro", "Nr. dosar 1234/2024", "1234/2024"),
        ("nl", "Ons kenmerk: UWV-123456", "UWV-123456"),
        ("en", "Our ref.: AB/123/2024", "AB/123/2024"),
        ("fr", "N° de dossier : 2024-000123.", "2024-000123"),
    ])
    def test_reference_after_its_cue(self, lang: str, text: str, written: str) -> None:
        assert (written, "reference", written) in _ids(text, lang)

    @pytest.mark.parametrize(("lang", "text", "code"), [
        ("de", "Anlage: Formular E 205", "E 205"), ("es", "el formulario E 104 cumplimentado", "E 104"),
        ("fr", "Le formulaire S1 est joint", "S1"), ("en", "a portable document A1", "A1"),
    ])
    def test_coordination_forms(self, lang: str, text: str, code: str) -> None:
        assert (code, "form", code.replace(" ", "")) in _ids(text, lang)

    def test_short_form_code_without_the_word_form_is_not_one(self) -> None:
        assert _ids("Die Autobahn A1 und die Linie S1", "de") == []

    def test_cue_without_a_value_finds_nothing(self) -> None:
        assert _ids("Ihr Zeichen: vom Mai", "de") == []


class TestEmailsAndUrls:
    @pytest.mark.parametrize(("text", "value"), [
        ("Mail: jean.dupont@example.fr.", "jean.dupont@example.fr"),
        ("jean.dupont (at) example.fr", "jean.dupont@example.fr"),
        ("jean.dupont [at] example [dot] fr", "jean.dupont@example.fr"),
        ("jean.dupont arobase example point fr", "jean.dupont@example.fr"),
        ("maria at gmail dot com", "maria@gmail.com"),
    ])
    def test_emails_plain_and_obfuscated(self, text: str, value: str) -> None:
        assert [e.value for e in detect(text, "fr") if e.kind == "email"] == [value]

    def test_at_between_ordinary_words_is_not_an_email(self) -> None:
        assert [e for e in detect("We meet at home dot nine.", "en") if e.kind == "email"] == []

    @pytest.mark.parametrize(("text", "url"), [
        ("Siehe www.deutsche-rentenversicherung.de.", "www.deutsche-rentenversicherung.de"),
        ("(voir http://www.inps.it/x)", "http://www.inps.it/x"),
        ("https://de.wikipedia.org/wiki/Rente_(Deutschland) ok", "https://de.wikipedia.org/wiki/Rente_(Deutschland)"),
        ("[www.en3s.fr](http://www.en3s.fr)", "www.en3s.fr"),
        ("sur seg-social.es", "seg-social.es"),
    ])
    def test_urls_end_where_the_sentence_or_the_markup_begins(self, text: str, url: str) -> None:
        assert [e.text for e in detect(text, "fr") if e.kind == "url"][0] == url

    def test_abbreviations_are_not_domains(self) -> None:
        assert [e for e in detect("z.B. die Nr.DE und u.a. mehr", "de") if e.kind == "url"] == []
