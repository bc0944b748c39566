"""PDFs as partners really send them: filled forms, AES-256, no cross-reference table, JBIG2, control codes."""

from __future__ import annotations

import pytest

from ocr import CorruptDocumentError, EncryptedPdfError, ExtractOptions, ImageTooLargeError, OcrEngineError, extract
from tests.ocr import factories

OPTIONS = ExtractOptions(language="fr", detect_language=False)
LETTER = b"BT /F1 11 Tf 20 250 Td (Madame, nous avons bien recu votre demande du 12 mars 2024.) Tj ET"


def _aes256(user_password: str) -> bytes:
    return factories.encrypted_pdf(lines=["Attestation de droits."], user_password=user_password, algorithm="AES-256")


class TestFilledForms:
    def test_typed_values_follow_their_labels_in_reading_order(self) -> None:
        data = factories.filled_form_pdf(fields=[("Nom :", "Dupont"), ("Prénom :", "Alice"), ("Vide :", "")])

        text = extract(data, OPTIONS).text

        assert text.splitlines()[:3] == ["Nom : Dupont", "Prénom : Alice", "Vide :"]

    def test_ticked_box_is_marked_before_its_label_and_an_empty_one_is_not(self) -> None:
        data = factories.filled_form_pdf(fields=[], ticked=[("Salarié", True), ("Retraité", False)])

        lines = extract(data, OPTIONS).text.splitlines()

        assert "[X] Salarié" in lines
        assert "Retraité" in lines

    def test_value_of_a_field_under_its_label_comes_on_the_next_line(self) -> None:
        data = factories.filled_form_pdf(fields=[], above=("Adresse complète", "12 rue des Lilas, 75011 Paris"))

        text = extract(data, OPTIONS).text

        assert "Adresse complète\n12 rue des Lilas, 75011 Paris" in text
        assert text.rstrip().endswith("valoir ce que de droit.")


class TestEncryption:
    def test_aes256_pdf_without_a_password_to_open_is_read(self) -> None:
        assert "Attestation de droits." in extract(_aes256(""), OPTIONS).text

    def test_aes256_pdf_with_a_password_to_open_keeps_the_clear_error(self) -> None:
        with pytest.raises(EncryptedPdfError, match="qpdf --decrypt"):
            extract(_aes256("secret"), OPTIONS)


class TestStructure:
    def test_pdf_without_a_cross_reference_table_is_read(self) -> None:
        data = factories.one_page_pdf(LETTER, xref=False)
        assert b"xref" not in data

        assert "nous avons bien recu votre demande" in extract(data, OPTIONS).text

    def test_pdf_cut_during_transfer_is_still_refused(self) -> None:
        data = factories.one_page_pdf(LETTER, xref=False)

        with pytest.raises(CorruptDocumentError, match="damaged or truncated"):
            extract(data[:-40], OPTIONS)


class TestJbig2:
    def test_scanned_page_in_jbig2_is_rendered_and_read(self) -> None:
        stamp = b"BT /F1 12 Tf 20 280 Td (Recu le 12 mars 2024) Tj ET"
        data = factories.one_page_pdf(b"q 200 0 0 200 50 50 cm /Im1 Do Q " + stamp, jbig2_size=(64, 64))

        page = extract(data, OPTIONS).pages[0]

        assert page.method == "ocr"  # a short stamp over an image: the image was drawn and recognised
        assert "12 mars 2024" in page.text

    def test_giant_jbig2_image_is_refused_with_its_own_code_and_no_retry(self) -> None:
        data = factories.one_page_pdf(b"q 200 0 0 200 50 50 cm /Im1 Do Q", jbig2_size=(100_000, 100_000))

        with pytest.raises(ImageTooLargeError, match="10,000,000,000 pixels") as caught:
            extract(data, OPTIONS)

        assert caught.value.code == "image_too_large"
        assert not isinstance(caught.value, OcrEngineError)  # the only kind of error the task retries

    def test_giant_image_under_a_real_text_layer_needs_no_decoding(self) -> None:
        text = b" ".join([LETTER] + [b"BT /F1 11 Tf 20 %d Td (Ligne %d de la lettre de la caisse.) Tj ET" % (
            230 - 14 * n, n) for n in range(12)])
        data = factories.one_page_pdf(b"q 200 0 0 200 50 50 cm /Im1 Do Q " + text, jbig2_size=(100_000, 100_000))

        assert extract(data, OPTIONS).pages[0].method == "text_layer"


class TestControlCharacters:
    def test_control_codes_of_a_text_layer_never_reach_the_text(self) -> None:
        data = factories.one_page_pdf(b"BT /F1 6 Tf 10 250 Td (Madame, nous avons bien recu votre demande\\003 "
                                      b"du 12 mars 2024 pour le dossier\\037 CPAM 75.) Tj ET")

        page = extract(data, OPTIONS).pages[0]

        assert page.method == "text_layer"
        assert page.text == "Madame, nous avons bien recu votre demande  du 12 mars 2024 pour le dossier  CPAM 75."
