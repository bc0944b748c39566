"""Multilingual standard forms (Reg. (EU) 2016/1191) and CIEC extracts recognised by their printed headings."""

from __future__ import annotations

import pytest

from service.document import standard_forms


class TestRecognise:
    @pytest.mark.parametrize(("text", "code"), [
        ("MEHRSPRACHIGES FORMULAR\nAnhang zu einer öffentlichen Urkunde über die Geburt\n"
         "Verordnung (EU) 2016/1191 des Europäischen Parlaments und des Rates", "eu_2016_1191:birth"),
        ("IMPRESO ESTÁNDAR MULTILINGÜE — Reglamento (UE) 2016 / 1191\nAnexo a un documento público relativo "
         "al matrimonio", "eu_2016_1191:marriage"),
        ("WIELOJĘZYCZNY FORMULARZ STANDARDOWY\nRozporządzenie (UE) 2016/1191\nZałącznik do dokumentu "
         "urzędowego dotyczącego zgonu", "eu_2016_1191:death"),
        ("Extrait plurilingue d'acte de naissance\nAuszug aus dem Geburtseintrag\nEstratto dell'atto di "
         "nascita\nJo Mo An", "ciec:birth"),
        ("Extracto plurilingüe de acta de defunción\nCommission Internationale de l'Etat Civil", "ciec:death"),
        ("Uittreksel uit de huwelijksakte\nExtrait d'acte de mariage\nFormule B", "ciec:marriage"),
    ])
    def test_a_form_is_named_by_its_family_and_subject(self, text: str, code: str) -> None:
        found = standard_forms.recognise(text)
        assert found is not None and found.code == code

    @pytest.mark.parametrize("text", [
        "Sehr geehrte Damen und Herren, nach der Verordnung (EU) 2016/1191 über die Geburt bitten wir um ...",
        "Geburtsurkunde\nStandesamt Köln\nName: Müller, geboren am 12.03.1984",
        "Le formulaire type multilingue sera joint plus tard.",
    ])
    def test_a_letter_quoting_the_regulation_or_an_ordinary_certificate_is_not_a_form(self, text: str) -> None:
        assert standard_forms.recognise(text) is None

    def test_ocr_spacing_and_lost_accents_do_not_hide_a_heading(self) -> None:
        found = standard_forms.recognise("EXTRAIT  PLURILINGUE  D ACTE DE  NAISSANCE\nCIEC")
        assert found is not None and found.code == "ciec:birth"


class TestFrenchKey:
    def test_a_ciec_birth_extract_key_names_its_boxes_and_codes_in_french(self) -> None:
        key = standard_forms.french_key("ciec:birth")
        assert key is not None and key.title == "Extrait plurilingue d'acte de naissance"
        assert "Date de naissance (Jo Mo An)" in key.fields and key.codes["Jo"] == "jour"

    def test_an_unknown_code_has_no_key(self) -> None:
        assert standard_forms.french_key("ciec:adoption") is None
