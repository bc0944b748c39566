"""The dialogue in a real browser: a caisse agent and the translator exchange on a request; the SANDIA
partner consults the legal expert about a Moroccan birth-certificate extract, reads the answer, and finds
it in the knowledge base once the expert has published it."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.browser.conftest import Live, wait_until
from tests.browser.test_journeys import FONT, _shot

pytestmark = pytest.mark.browser

AGENT, TRANSLATOR, MANAGER = "agent@cpam75.demo", "traductrice@passerelle.demo", "manager@passerelle.demo"
PARTNER, EXPERT, OTHER_AGENT = "partenaire@sandia.demo", "juriste@passerelle.demo", "agent@caf93.demo"
LETTER = "Sehr geehrte Damen und Herren,\nanbei die Bescheinigung über die Versicherungszeiten.\n"


def scan_png(lines: list[str]) -> bytes:
    """A small scanned page: the lines rendered in DejaVu on a light background."""
    page = Image.new("L", (900, 400), color=245)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        draw.text((40, 40 + i * 60), line, font=ImageFont.truetype(FONT, 28), fill=20)
    out = io.BytesIO()
    page.save(out, format="PNG")
    return out.getvalue()


def _request_status(live: Live) -> tuple[str, int | None]:
    return live.query("SELECT status, assignee_id FROM translation_request WHERE id = ?", live.state["thread_id"])[0]


class TestThreadJourney:
    def test_1_agent_sends_a_letter(self, live: Live, sign_in, tmp_path) -> None:
        page = sign_in(AGENT)
        letter = tmp_path / "courrier.txt"
        letter.write_text(LETTER, encoding="utf-8")
        page.get_by_label("Document (PDF, image scannée, texte, DOCX)").set_input_files(str(letter))
        page.get_by_label("Langue du document").select_option("de")
        page.get_by_label("Traduire en").select_option("fr")
        page.get_by_label("Type de document").select_option("insurance_certificate")
        page.get_by_role("button", name="Envoyer la demande").click()
        reference = re.search(r"TR-\d{4}-\d+", page.get_by_role("status").filter(has_text="envoyée").inner_text())
        link = page.get_by_role("link", name=reference.group(0))
        live.state["thread_id"] = int(link.get_attribute("href").rsplit("/", 1)[1])
        live.state["thread_reference"] = reference.group(0)
        wait_until(lambda: _request_status(live)[0] in ("drafted", "assigned", "outsourced"), timeout=180,
                   what="the letter to be drafted and routed")

    def test_2_translator_asks_and_puts_the_request_in_wait(self, live: Live, sign_in) -> None:
        claire = live.query("SELECT id FROM user WHERE email = ?", TRANSLATOR)[0][0]
        reference = live.state["thread_reference"]
        if _request_status(live) != ("assigned", claire):  # routing chose otherwise: the manager corrects it
            page = sign_in(MANAGER)
            page.get_by_label(f"Nouvelle attribution de {reference}").select_option(f"t:{claire}")
            page.get_by_label(f"Motif pour {reference}").fill("question à poser à la caisse")
            page.get_by_role("button", name=f"Router {reference}").click()
            page.get_by_role("status").filter(has_text="enregistré").wait_for()
        page = sign_in(TRANSLATOR)
        page.goto(f"/atelier/demandes/{live.state['thread_id']}")
        page.get_by_label("Votre message").fill("L'annexe mentionnée (Bescheinigung) manque : pouvez-vous l'envoyer ?")
        page.get_by_label("Mettre la demande en attente du demandeur").check()
        page.get_by_role("button", name="Envoyer le message").click()
        page.locator("#fil").get_by_text("L'annexe mentionnée").wait_for()
        assert page.locator("#attente").is_visible()
        assert live.query("SELECT awaiting_submitter_since IS NOT NULL FROM translation_request WHERE id = ?",
                          live.state["thread_id"])[0][0] == 1

    def test_3_agent_reads_and_answers_with_the_annex(self, live: Live, sign_in, tmp_path) -> None:
        page = sign_in(AGENT)
        page.goto(f"/portail/demandes/{live.state['thread_id']}")
        thread = page.locator("#fil")
        assert "1 non lu" in thread.inner_text() and "L'annexe mentionnée" in thread.inner_text()
        assert "En attente du demandeur" in thread.inner_text()
        annex = tmp_path / "annexe.png"
        annex.write_bytes(scan_png(["Bescheinigung", "Versicherungszeiten 2019-2024"]))
        page.get_by_label("Votre message").fill("Voici l'annexe.")
        page.get_by_label(re.compile("Pièces jointes")).set_input_files(str(annex))
        page.get_by_role("button", name="Envoyer le message").click()
        page.locator("#fil").get_by_role("link", name="annexe.png").wait_for()
        assert page.locator("#attente").count() == 0
        _shot(live, page, "portal-thread")
        # Another caisse cannot open the request, nor its thread.
        other = sign_in(OTHER_AGENT)
        response = other.goto(f"/portail/demandes/{live.state['thread_id']}")
        assert response.status == 404

    def test_4_translator_sees_the_answer_and_that_it_was_read(self, live: Live, sign_in) -> None:
        page = sign_in(TRANSLATOR)
        page.goto(f"/atelier/demandes/{live.state['thread_id']}")
        thread = page.locator("#fil")
        assert "Voici l'annexe." in thread.inner_text() and "Lu par Agent CPAM de Paris" in thread.inner_text()
        with page.expect_download() as info:
            thread.get_by_role("link", name="annexe.png").click()
        assert info.value.suggested_filename == "annexe.png"
        waited = live.query("SELECT waiting_seconds, awaiting_submitter_since FROM translation_request WHERE id = ?",
                            live.state["thread_id"])[0]
        assert waited[1] is None and waited[0] >= 0
        _shot(live, page, "editor-thread")


class TestConsultationJourney:
    def test_1_the_sandia_asks_about_a_moroccan_extract_with_its_scan(self, live: Live, sign_in, tmp_path) -> None:
        page = sign_in(PARTNER)
        assert page.url.endswith("/consultations")
        scan = tmp_path / "extrait_naissance_maroc.png"
        scan.write_bytes(scan_png(["ROYAUME DU MAROC", "Extrait d'acte de naissance", "Etat civil"]))
        page.get_by_label("Pays d'origine du document").select_option("MA")
        page.get_by_label("Type de document").select_option("civil_status")
        page.get_by_label("Langue du document (facultatif)").select_option("ar")
        page.get_by_label("Objet").fill("Extrait d'acte de naissance marocain")
        page.get_by_label("Votre question").fill("Ce document est-il une copie intégrale ou un extrait ? "
                                                 "Suffit-il pour immatriculer la personne ?")
        page.get_by_label(re.compile("Le document")).set_input_files(str(scan))
        page.get_by_role("button", name="Envoyer la question").click()
        notice = page.get_by_role("status").filter(has_text="Question envoyée")
        assert "Karim Juriste" in notice.inner_text()
        live.state["consultation"] = int(page.url.split("/consultations/")[1].split("?")[0])
        _shot(live, page, "consultation-asked")

    def test_2_the_expert_answers(self, live: Live, sign_in) -> None:
        page = sign_in(EXPERT)
        assert page.url.endswith("/consultations")
        page.locator(f"a[href='/consultations/{live.state['consultation']}']").click()
        assert page.locator("#fil").get_by_role("link", name="extrait_naissance_maroc.png").is_visible()
        page.get_by_label("Votre réponse d'expert").fill(
            "Il s'agit d'un extrait d'acte de naissance délivré par l'officier d'état civil : il ne porte pas la "
            "filiation complète. Pour l'immatriculation, demandez la copie intégrale.")
        page.get_by_role("button", name="Envoyer la réponse").click()
        page.locator("#etat-consultation").filter(has_text="Répondue").wait_for()

    def test_3_the_partner_reads_the_answer(self, live: Live, sign_in) -> None:
        page = sign_in(PARTNER)
        page.goto(f"/consultations/{live.state['consultation']}")
        answer = page.locator(".message").filter(has_text="Réponse de l'expert")
        assert "copie intégrale" in answer.inner_text() and "nouveau" in answer.inner_text()
        partner_id = live.query("SELECT id FROM user WHERE email = ?", PARTNER)[0][0]
        assert live.query("SELECT count(*) FROM message_receipt r JOIN message m ON m.id = r.message_id "
                          "WHERE m.kind = 'answer' AND r.user_id = ?", partner_id)[0][0] == 1
        _shot(live, page, "consultation-answered")

    def test_4_the_expert_publishes_and_the_partner_finds_it(self, live: Live, sign_in) -> None:
        page = sign_in(EXPERT)
        page.goto(f"/consultations/{live.state['consultation']}")
        page.get_by_label("Titre de la fiche").fill("Extrait d'acte de naissance marocain : copie intégrale ?")
        page.get_by_label(re.compile("Sources")).fill("Loi n° 37-99 relative à l'état civil")
        page.get_by_role("button", name="Publier la fiche").click()
        page.get_by_role("status").filter(has_text="Fiche publiée").wait_for()
        page = sign_in(PARTNER)
        page.get_by_role("link", name="Savoirs").click()
        page.get_by_label("Rechercher").fill("acte de naissance Maroc")
        page.get_by_role("button", name="Rechercher").click()
        assert "1 fiche trouvée" in page.locator("#nb-fiches").inner_text()
        assert "copie intégrale" in page.locator("article").first.inner_text()
        _shot(live, page, "savoirs")

    def test_5_caisse_agents_do_not_see_consultations(self, live: Live, sign_in) -> None:
        page = sign_in(AGENT)
        page.goto(f"/consultations/{live.state['consultation']}")
        assert page.url.endswith("/portail")
