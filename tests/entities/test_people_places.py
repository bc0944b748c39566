"""Person names, addresses and institutions, per language, with the near misses that must not count."""

from __future__ import annotations

import pytest

from entities import Hints, detect, exonym, find_places, institution


def _of(kind: str, text: str, lang: str, hints: Hints | None = None) -> list[str]:
    return [e.text for e in detect(text, lang, hints=hints) if e.kind == kind]


class TestPersons:
    @pytest.mark.parametrize(("lang", "text", "name"), [
        ("de", "Sehr geehrte Frau Dr. Weber,", "Weber"),
        ("de", "Herrn Hans-Peter Müller", "Hans-Peter Müller"),
        ("de", "Hans Müller, geboren am 03.06.1961", "Hans Müller"),
        ("de", "Maria Schmidt geb. Meier", "Meier"),
        ("es", "Sr. D. José García López vive en Madrid.", "José García López"),
        ("es", "Sra. Dña. María Fernández", "María Fernández"),
        ("it", "Gentile Dott.ssa Maria Rossi,", "Maria Rossi"),
        ("it", "Sig. Giuseppe Verdi", "Giuseppe Verdi"),
        ("pt", "Exmo. Sr. João Silva", "João Silva"),
        ("pl", "Szanowna Pani Anna Kowalska", "Anna Kowalska"),
        ("ro", "Stimate Dl. Ion Popescu", "Ion Popescu"),
        ("nl", "Geachte heer, Mevr. de Vries", "de Vries"),
        ("en", "Dear Mrs J. Smith,", "J. Smith"),
        ("fr", "Mme Marie de la Fontaine", "Marie de la Fontaine"),
    ])
    def test_name_after_a_title(self, lang: str, text: str, name: str) -> None:
        assert name in _of("person", text, lang)

    @pytest.mark.parametrize(("lang", "text", "names"), [
        ("de", "Name: Müller  Vorname: Hans", ["Müller", "Hans"]),
        ("de", "Familienname: SCHMIDT\nGeburtsname: Meier", ["SCHMIDT", "Meier"]),
        ("es", "Apellidos: García López\nNombre: José", ["García López", "José"]),
        ("it", "Cognome: Rossi Nome: Mario", ["Rossi", "Mario"]),
        ("pl", "Nazwisko: Kowalska\nImię: Anna", ["Kowalska", "Anna"]),
        ("ro", "Nume: Popescu\nPrenume: Ion", ["Popescu", "Ion"]),
        ("fr", "Nom : DUPONT\nPrénom : Jean", ["DUPONT", "Jean"]),
        ("en", "Surname: Smith\nFirst name: John", ["Smith", "John"]),
    ])
    def test_labelled_form_fields(self, lang: str, text: str, names: list[str]) -> None:
        assert _of("person", text, lang) == names

    @pytest.mark.parametrize(("lang", "text", "name"), [
        ("de", "Herrn\nHans-Jürgen Becker", "Hans-Jürgen Becker"),
        ("es", "Estimado señor Fernández:", "Fernández"),
        ("nl", "Geachte heer de Vries,", "de Vries"),
        ("de", "Mit freundlichen Grüßen\nPetra Lange\nSachbearbeiterin", "Petra Lange"),
        ("pt", "Com os melhores cumprimentos,\nJoaquim Costa", "Joaquim Costa"),
        ("es", "Firmado: Ana Belén Ortega, Directora Provincial", "Ana Belén Ortega"),
        ("fr", "Je soussignée, Sophie Lambert, certifie", "Sophie Lambert"),
        ("en", "I'll give you Dr Shiegal's number.", "Shiegal"),
    ])
    def test_names_after_line_breaks_closings_and_signatures(self, lang: str, text: str, name: str) -> None:
        assert _of("person", text, lang) == [name]

    def test_title_and_role_nouns_stay_outside_the_name(self) -> None:
        assert _of("person", "Frau Karin Schmitt, geboren am 23.11.1984", "de") == ["Karin Schmitt"]
        assert _of("person", "L'assuré DUPONT Jean, né le 03/06/1961", "fr") == ["DUPONT Jean"]

    def test_name_stops_before_an_institution(self) -> None:
        entities = detect("Herr Thomas Wagner von der Bundesagentur für Arbeit", "de")
        assert [(e.kind, e.text) for e in entities] == [("person", "Thomas Wagner"),
                                                        ("institution", "Bundesagentur für Arbeit")]

    @pytest.mark.parametrize("text", [
        "Die Hausfrau und der Frauenarzt kamen.",    # "Frau" inside words
        "Frau Rentenversicherung",                  # a capitalised noun after a title
        "Sehr geehrte Damen und Herren, Ihre Rente wird neu berechnet.",
        "Die Krankenkasse zahlt das Krankengeld ab dem Antrag.",
    ])
    def test_ordinary_german_nouns_are_not_names(self, text: str) -> None:
        assert _of("person", text, "de") == []

    def test_hinted_name_in_any_order_case_and_accents(self) -> None:
        hints = Hints(subject_name="Jean DUPONT")
        text = "M. Jean Dupont; DUPONT Jean; dupont, jean; Jéan Düpont; Saint-Jean-de-Luz"
        assert _of("person", text, "fr", hints) == ["Jean Dupont", "DUPONT Jean", "dupont, jean", "Jéan Düpont"]

    def test_hinted_umlaut_name_written_without_umlaut(self) -> None:
        assert _of("person", "Versicherter: Herr MUELLER", "de", Hints(subject_name="Hans Müller")) == ["MUELLER"]


class TestAddresses:
    @pytest.mark.parametrize(("lang", "text", "address"), [
        ("de", "Ruhrstraße 2, 10709 Berlin", "Ruhrstraße 2, 10709 Berlin"),
        ("de", "Hauptstr. 12a\n50667 Köln\nDeutschland", "Hauptstr. 12a\n50667 Köln\nDeutschland"),
        ("de", "Berliner Allee 5, D-40212 Düsseldorf", "Berliner Allee 5, D-40212 Düsseldorf"),
        ("es", "C/ Alcalá 45, 3º B, 28014 Madrid", "C/ Alcalá 45, 3º B, 28014 Madrid"),
        ("es", "Avda. de la Constitución 12\n41001 Sevilla", "Avda. de la Constitución 12\n41001 Sevilla"),
        ("it", "Via Roma 10, 00185 Roma (RM)", "Via Roma 10, 00185 Roma (RM)"),
        ("it", "V.le Europa 3\n20121 Milano", "V.le Europa 3\n20121 Milano"),
        ("pt", "Rua Augusta 100, 2.º Esq.\n1100-053 Lisboa", "Rua Augusta 100, 2.º Esq.\n1100-053 Lisboa"),
        ("pl", "ul. Marszałkowska 10/12\n00-590 Warszawa", "ul. Marszałkowska 10/12\n00-590 Warszawa"),
        ("ro", "Str. Lipscani nr. 5\n030031 București", "Str. Lipscani nr. 5\n030031 București"),
        ("nl", "Kalverstraat 12\n1012 NX Amsterdam", "Kalverstraat 12\n1012 NX Amsterdam"),
        ("fr", "Rue de la Loi 16, 1000 Bruxelles", "Rue de la Loi 16, 1000 Bruxelles"),
        ("fr", "12 rue de la Paix\n75002 Paris", "12 rue de la Paix\n75002 Paris"),
        ("en", "10 Downing Street, London SW1A 2AA", "10 Downing Street, London SW1A 2AA"),
        ("de", "Postfach 12 34 56, 10709 Berlin", "Postfach 12 34 56, 10709 Berlin"),
    ])
    def test_address_block(self, lang: str, text: str, address: str) -> None:
        assert _of("address", text, lang) == [address]

    @pytest.mark.parametrize(("lang", "text", "found"), [
        ("de", "HERRN\nHANS MÜLLER\nHAUPTSTRASSE 12\n50667 KÖLN",
         [("person", "HANS MÜLLER"), ("address", "HAUPTSTRASSE 12\n50667 KÖLN")]),
        ("fr", "MONSIEUR JEAN DUPONT\n12 RUE DE LA PAIX\n75002 PARIS",
         [("person", "JEAN DUPONT"), ("address", "12 RUE DE LA PAIX\n75002 PARIS")]),
        ("it", "Via dei Mille 12/A, 80121 Napoli NA", [("address", "Via dei Mille 12/A, 80121 Napoli NA")]),
        ("de", "Bahnhofstrasse 10, CH-8001 Zürich", [("address", "Bahnhofstrasse 10, CH-8001 Zürich")]),
        ("de", "Kärntner Straße 5, A-1010 Wien", [("address", "Kärntner Straße 5, A-1010 Wien")]),
        ("fr", "L-2340 Luxembourg", [("address", "L-2340 Luxembourg")]),
    ])
    def test_address_windows_in_capitals_and_other_countries(self, lang: str, text: str,
                                                             found: list[tuple[str, str]]) -> None:
        assert [(e.kind, e.text) for e in detect(text, lang)] == found

    def test_block_of_several_lines_after_an_institution(self) -> None:
        text = "International Pension Centre\nTyneview Park, Whitley Road\nNewcastle upon Tyne NE98 1BA"
        assert [(e.kind, e.text) for e in detect(text, "en")] == [
            ("institution", "International Pension Centre"),
            ("address", "Tyneview Park, Whitley Road\nNewcastle upon Tyne NE98 1BA")]

    def test_city_keeps_its_cedex_and_leaves_the_full_stop(self) -> None:
        assert _of("address", "21 rue Georges Auric\n75948 Paris Cedex 19", "fr") == [
            "21 rue Georges Auric\n75948 Paris Cedex 19"]
        assert _of("address", "an Gartenstraße 12, 70173 Stuttgart.", "de") == ["Gartenstraße 12, 70173 Stuttgart"]

    def test_numbers_before_capitalised_nouns_are_not_postcodes(self) -> None:
        assert _of("address", "Im Jahr 1975 Rente beantragt, 12000 Versicherte", "de") == []


class TestInstitutions:
    @pytest.mark.parametrize(("lang", "text", "ident"), [
        ("de", "Deutsche Rentenversicherung Bund, Berlin", "de.drv-bund"),
        ("de", "DEUTSCHE RENTENVERSICHERUNG KNAPPSCHAFT-BAHN-SEE", "de.drv-kbs"),
        ("de", "Ihre AOK Bayern", "de.aok-bayern"),
        ("de", "die Techniker Krankenkasse (TK)", "de.tk"),
        ("es", "el Instituto Nacional de la Seguridad Social", "es.inss"),
        ("es", "la TGSS", "es.tgss"),
        ("it", "l'INPS di Roma", "it.inps"),
        ("pl", "Zakład Ubezpieczeń Społecznych", "pl.zus"),
        ("pt", "Instituto da Segurança Social, I.P.", "pt.iss"),
        ("ro", "Casa Națională de Pensii Publice", "ro.cnpp"),
        ("nl", "de Sociale Verzekeringsbank", "nl.svb"),
        ("fr", "l'INAMI et l'ONSS", "be.inami"),
        ("en", "HM Revenue and Customs", "gb.hmrc"),
        ("fr", "la CPAM de Paris", "fr.cpam"),
    ])
    def test_institution_names_and_abbreviations(self, lang: str, text: str, ident: str) -> None:
        assert ident in [e.value for e in detect(text, lang) if e.kind == "institution"]

    def test_acronym_labelling_a_number_is_not_the_institution(self) -> None:
        entities = detect("Domnul Ion Popescu, CNP 1610603400015", "ro")
        assert [(e.kind, e.scheme) for e in entities if e.text.startswith(("CNP", "1610"))] == [
            ("identifier", "ro.cnp")]

    def test_acronym_opening_a_reference_is_part_of_it(self) -> None:
        entities = detect("Znak sprawy: ZUS/OW/2024/118", "pl")
        assert [(e.kind, e.scheme, e.text) for e in entities] == [("identifier", "reference", "ZUS/OW/2024/118")]

    def test_abbreviation_inside_a_word_or_in_lower_case_is_not_found(self) -> None:
        assert _of("institution", "TKWerke, Zusage, caf, inpsxyz", "de") == []

    def test_record_gives_the_french_designation(self) -> None:
        record = institution("DRV Bund")
        assert record is not None and record.country == "DE" and record.id == "de.drv-bund"
        assert record.fr.startswith("Assurance pension allemande")

    def test_gazetteer_has_at_least_150_institutions(self) -> None:
        from entities.institutions import gazetteer
        records = gazetteer()
        assert len(records) >= 150
        assert {r.country for r in records.values()} >= {"DE", "ES", "IT", "PL", "PT", "RO", "NL", "BE", "LU",
                                                           "CH", "AT", "GB", "MA", "DZ", "TN", "TR", "FR"}


class TestExonyms:
    @pytest.mark.parametrize(("name", "lang", "expected"), [
        ("Köln", "fr", "Cologne"), ("Koeln", "fr", "Cologne"), ("München", "fr", "Munich"),
        ("Sevilla", "fr", "Séville"), ("Lisboa", "fr", "Lisbonne"), ("Warszawa", "fr", "Varsovie"),
        ("Bucureşti", "fr", "Bucarest"), ("București", "fr", "Bucarest"), ("Den Haag", "fr", "La Haye"),
        ("München", "en", "Munich"), ("Cologne", "de", "Köln"), ("Deutschland", "fr", "Allemagne"),
        ("España", "fr", "Espagne"), ("Polska", "en", "Poland"),
    ])
    def test_exonym(self, name: str, lang: str, expected: str) -> None:
        assert exonym(name, lang) == expected

    def test_no_exonym_when_the_name_is_the_same_or_unknown(self) -> None:
        assert exonym("Berlin", "fr") is None
        assert exonym("Kleinkleckersdorf", "fr") is None

    def test_places_in_running_text_with_their_exonyms_addresses_left_alone(self) -> None:
        text = "Sie wurden in Köln geboren und leben in München, Deutschland. Anschrift: Hauptstr. 5, 50667 Köln."
        addresses = [(e.start, e.end) for e in detect(text, "de") if e.kind == "address"]
        places = find_places(text, "fr", skip=addresses)
        assert [(p.text, p.kind, p.exonym) for p in places] == [
            ("Köln", "city", "Cologne"), ("München", "city", "Munich"), ("Deutschland", "country", "Allemagne")]
        assert text[places[0].start:places[0].end] == "Köln"

    def test_a_city_name_in_lower_case_is_an_ordinary_word(self) -> None:
        assert find_places("Das ist nice, sagte er in bern.", "fr") == []
