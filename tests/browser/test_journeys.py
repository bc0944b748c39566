"""The three journeys in a real browser against a live server and worker.

A caisse agent submits a scanned PDF and follows its progress; a manager routes it if needed;
a translator revises the drafts, fixes a QA warning and delivers; the manager sees the indicators
move; the agent downloads the translation. Every step runs as in production: the worker reads
the scan with tesseract, drafts it, routes it; only a routing that does not reach the demo
translator is corrected by the manager through the dashboard.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.browser.conftest import Live, wait_until

pytestmark = pytest.mark.browser

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SCAN_LINES = [
    "Bescheinigung über Versicherungszeiten",
    "Frau Anna Schmidt, geboren am 12.03.1975 in Köln.",
    "Die Krankenkasse zahlt monatlich 1.250,00 EUR.",
    "Versicherungsnummer 65 120375 S 012",
]
# What the reviser types, found by a word of each line (OCR may join lines or misread a letter).
FRENCH = {
    "Bescheinigung": "Attestation de périodes d'assurance",
    "Schmidt": "Mme Anna Schmidt, née le 12.03.1975 à Cologne.",
    "Krankenkasse": "La caisse d'assurance maladie verse 1 250,00 EUR par mois.",
    "Versicherungsnummer": "Numéro de sécurité sociale 65 120375 S 012",
}
SLIP = ("1 250,00", "1 520,00")  # the typing slip the QA must catch, and what it replaces
AGENT, TRANSLATOR, MANAGER = "agent@cpam75.demo", "traductrice@passerelle.demo", "manager@passerelle.demo"


def scanned_pdf() -> bytes:
    """A one-page scan: the German text rendered with DejaVu into a greyscale image, wrapped in a PDF."""
    page = Image.new("L", (1240, 1754), color=250)  # A4 at 150 dpi
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 34)
    for i, line in enumerate(SCAN_LINES):
        draw.text((110, 160 + i * 90), line, font=font, fill=15)
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=150)
    return out.getvalue()


# RGAA basics checked on every page the journeys photograph: language, one h1, a label for every
# field, headers on every table, a name for every button and link.
A11Y_PROBLEMS = """() => {
  const problems = [];
  if (document.documentElement.lang !== "fr") problems.push("html lang is not fr");
  if (document.querySelectorAll("h1").length !== 1) problems.push("not exactly one h1");
  for (const f of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    if (!f.labels.length && !f.getAttribute("aria-label")) problems.push("field without label: " + f.name);
  }
  for (const t of document.querySelectorAll("table")) {
    if (!t.querySelector("th")) problems.push("table without headers");
  }
  for (const c of document.querySelectorAll("button, a[href]")) {
    if (!c.textContent.trim() && !c.getAttribute("aria-label")) problems.push("control without a name");
  }
  return problems;
}"""


def _shot(live: Live, page, name: str) -> Path:  # type: ignore[no-untyped-def]
    assert page.evaluate(A11Y_PROBLEMS) == [], f"accessibility problems on {page.url}"
    path = live.shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _status(live: Live) -> str:
    return live.query("SELECT status FROM translation_request WHERE id = ?", live.state["id"])[0][0]


def _translation(source: str) -> str:
    return " ".join(text for word, text in FRENCH.items() if word in source) or source


def _page_view_follows_the_cursor(live: Live, page, reference: str) -> None:  # type: ignore[no-untyped-def]
    """The scan beside the segments: the page image is shown, the box frames segment 1, then segment 3 when
    the cursor moves there, where the segment's words are (its stored box), and stays on them when zoomed."""
    wait_until(lambda: page.evaluate("() => document.getElementById('page-image').naturalWidth > 0"),
               timeout=15, what="the page image to load")
    stored = dict(live.query("SELECT s.position, s.bbox FROM segment s JOIN translation_request r ON r.id = "
                             "s.request_id WHERE r.reference = ? AND s.position <= 3", reference))
    image, box = page.locator("#page-image"), page.locator("#page-box")

    def framed(position: int) -> float:
        wait_until(lambda: box.get_attribute("data-position") == str(position), timeout=5,
                   what=f"the box to move to segment {position}")
        x0, y0, x1, y1 = json.loads(stored[position])
        shown, got = image.bounding_box(), box.bounding_box()
        expected = {"x": shown["x"] + x0 * shown["width"], "y": shown["y"] + y0 * shown["height"],
                    "width": (x1 - x0) * shown["width"], "height": (y1 - y0) * shown["height"]}
        assert all(abs(got[k] - expected[k]) < 3 for k in expected), (got, expected)
        return (got["y"] - shown["y"]) / shown["height"]  # where on the page, whatever the scrolling

    first = framed(1)  # the first segment is framed as the editor opens
    page.locator("#final-1").focus()
    assert framed(1) == first
    page.locator("#final-3").focus()
    third = framed(3)
    assert third > first + 0.02  # segment 3 is lower on the page
    width = image.bounding_box()["width"]
    page.get_by_role("button", name="Agrandir la page").click()
    assert abs(image.bounding_box()["width"] - 1.25 * width) < 2
    framed(3)
    page.get_by_role("button", name="Ajuster la page à la largeur").click()
    _shot(live, page, "editor-page")
    page.locator("#final-1").focus()
    framed(1)


class TestJourneys:
    def test_1_caisse_agent_submits_a_scan_and_follows_its_progress(self, live: Live, sign_in, tmp_path):
        page = sign_in(AGENT)
        assert page.url.endswith("/portail")
        page.keyboard.press("Tab")  # the first stop is the skip link
        assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
        scan = tmp_path / "attestation_scan.pdf"
        scan.write_bytes(scanned_pdf())
        page.get_by_label("Document (PDF, image scannée, texte, DOCX)").set_input_files(str(scan))
        page.get_by_label("Langue du document").select_option("de")
        page.get_by_label("Traduire en").select_option("fr")
        page.get_by_label("Type de document").select_option("insurance_certificate")
        page.get_by_label("Votre référence (facultatif)").fill("DOSSIER-2026-117")
        page.get_by_role("button", name="Envoyer la demande").click()
        notice = page.get_by_role("status").filter(has_text="envoyée")
        reference = re.search(r"TR-\d{4}-\d+", notice.inner_text()).group(0)
        link = page.get_by_role("link", name=reference)
        live.state.update(reference=reference, id=int(link.get_attribute("href").rsplit("/", 1)[1]))
        row = page.locator(f"#demande-{live.state['id']}")
        if re.search("Reçue|Lecture du document|Texte extrait|Pré-traduction", row.inner_text()):
            assert row.get_attribute("data-poll")  # refreshed every 2 s while text is extracted and drafted
        _shot(live, page, "portal-progress")

        # The real worker reads the scan (OCR) and drafts it; the row follows without reloading.
        row.filter(
            has_text=re.compile("OCR page|Pré-traduction|Texte extrait|Pré-traduite|Attribuée")
        ).wait_for(timeout=120_000)
        # Without reloading, the row leaves the working states once drafting is over.
        row = page.locator(f"#demande-{live.state['id']}")
        wait_until(
            lambda: re.search("Pré-traduite|Attribuée|Externalisée", row.inner_text()),
            timeout=120,
            what="the row to show the drafted request",
        )
        assert "DOSSIER-2026-117" in row.inner_text()

    def test_2_manager_routes_the_request_to_the_translator_if_needed(self, live: Live, sign_in):
        wait_until(
            lambda: (
                _status(live) != "drafted"
                or live.query("SELECT count(*) FROM routing_decision WHERE request_id = ?", live.state["id"])[
                    0
                ][0]
            ),
            timeout=60,
            what="automatic routing",
        )
        page = sign_in(MANAGER)
        assert page.url.endswith("/pilotage")
        live.state["delivered_before"] = int(page.locator("#nb-livrees").inner_text().replace("\u202f", ""))
        claire = live.query("SELECT id FROM user WHERE email = ?", TRANSLATOR)[0][0]
        assignee = live.query("SELECT assignee_id FROM translation_request WHERE id = ?", live.state["id"])[
            0
        ][0]
        if _status(live) != "assigned" or assignee != claire:
            page.get_by_label(f"Nouvelle attribution de {live.state['reference']}").select_option(
                f"t:{claire}"
            )
            page.get_by_label(f"Motif pour {live.state['reference']}").fill("pair couverte en interne")
            page.get_by_role("button", name=f"Router {live.state['reference']}").click()
            page.get_by_role("status").filter(has_text="enregistré").wait_for()
        assert _status(live) == "assigned"

    def test_3_translator_revises_fixes_a_qa_warning_and_delivers(self, live: Live, sign_in):
        reference = live.state["reference"]
        page = sign_in(TRANSLATOR)
        assert page.url.endswith("/atelier")
        page.get_by_role("button", name=f"Commencer {reference}").click()
        page.get_by_role("heading", name=f"Révision {reference}").wait_for()
        assert page.get_by_text("Ctrl").first.is_visible()
        _page_view_follows_the_cursor(live, page, reference)
        count = page.locator("#segments textarea").count()  # the thread has its own textarea
        sources = [page.locator(f"#src-{i}").inner_text() for i in range(1, count + 1)]
        target = next(i for i, source in enumerate(sources, start=1) if "Krankenkasse" in source)

        # Segment 1: copy the source with the shortcut, then type over it; Ctrl+Enter confirms and moves on.
        first = page.locator("#final-1")
        first.fill("")
        first.press("Control+Shift+S")
        assert first.input_value().split() == sources[0].split()
        for position, source in enumerate(sources, start=1):
            area = page.locator(f"#final-{position}")
            text = _translation(source)
            area.fill(text.replace(*SLIP) if position == target else text)
            page.locator(f"#state-{position}").filter(has_text="Enregistré").wait_for()  # autosaved
            area.press("Control+Enter")
            page.locator(f"#state-{position}").filter(has_text="Validé").wait_for()
        assert page.locator("#nb-valides").inner_text() == str(count)
        # The editor measured active time on each segment (focus, typing, the pause before the confirm).
        times = live.query("SELECT s.editing_seconds FROM segment s JOIN translation_request r ON r.id = s.request_id "
                           "WHERE r.reference = ? AND s.position <= ? ORDER BY s.position", reference, count)
        assert len(times) == count and all(t is not None and 0 < t < 60 for (t,) in times), times

        # The same segment edited meanwhile in another tab: the stale save is refused and shown, not lost.
        other = sign_in(TRANSLATOR)
        other.goto(page.url)
        other.locator("#final-1").fill("Texte saisi dans un autre onglet.")
        other.locator("#state-1").filter(has_text="Enregistré").wait_for()
        other.close()
        page.locator("#final-1").fill(_translation(sources[0]) + " ")
        page.locator("#state-1").filter(has_text="modifié entre-temps").wait_for()
        conflict = page.locator("#conflict-1")
        assert "Texte saisi dans un autre onglet." in conflict.inner_text()
        conflict.get_by_role("button", name="Garder mon texte et l'enregistrer").click()
        page.locator("#state-1").filter(has_text="Enregistré").wait_for()
        page.locator("#final-1").press("Control+Enter")
        page.locator("#state-1").filter(has_text="Validé").wait_for()
        assert page.locator("#nb-valides").inner_text() == str(count)

        warning = page.locator(f"#qa-{target} li.qa-error").filter(has_text="1 520,00")
        warning.wait_for()
        page.locator(f"#segment-{target}").scroll_into_view_if_needed()
        _shot(live, page, "editor")

        page.get_by_role("link", name="Contrôle qualité et livraison").click()
        assert "1 520,00" in page.locator("table.data").inner_text()
        page.get_by_role("link", name=f"Corriger le segment {target}").first.click()
        fix = page.locator(f"#final-{target}")
        fix.fill(_translation(sources[target - 1]))
        fix.press("Control+Enter")
        page.locator(f"#state-{target}").filter(has_text="Validé").wait_for()
        page.get_by_role("link", name="Contrôle qualité et livraison").click()
        assert "1 520,00" not in page.locator("main").inner_text()
        # Whatever else the checks flag (a name left as in the source...) is justified, as a reviser would.
        while page.get_by_role("button", name="Justifier").count():
            page.get_by_label("Justification").first.fill("Vérifié avec la caisse")
            page.get_by_role("button", name="Justifier").first.click()
        assert "Aucune anomalie bloquante" in page.get_by_role("status").first.inner_text()
        _shot(live, page, "qa")
        page.get_by_label("Word (DOCX)").check()
        page.get_by_label(re.compile("Traduction certifiée")).check()
        page.get_by_role("button", name="Livrer").click()
        page.get_by_role("status").filter(has_text=f"Demande {reference} livrée").wait_for()
        assert _status(live) == "delivered"

    def test_4_manager_sees_the_indicators_move(self, live: Live, sign_in):
        page = sign_in(MANAGER)
        delivered = int(page.locator("#nb-livrees").inner_text().replace("\u202f", ""))
        assert delivered == live.state["delivered_before"] + 1
        assert page.locator("svg.chart").count() == 4
        assert "IR.8.2" in page.locator("#kpi-ir82").inner_text()
        _shot(live, page, "dashboard-this-year")
        # Last year (simulated by the seed): a full year of figures against the targets.
        last_year = str(date.today().year - 1)
        page.get_by_label("Année").select_option(last_year)
        page.get_by_role("button", name="Afficher").click()
        page.get_by_role("heading", name=f"Pilotage {last_year}").wait_for()
        assert int(page.locator("#nb-livrees").inner_text().replace("\u202f", "")) > 4000
        _shot(live, page, "dashboard")

    def test_5_caisse_agent_downloads_the_translation(self, live: Live, sign_in):
        page = sign_in(AGENT)
        row = page.locator(f"#demande-{live.state['id']}")
        assert "Livrée" in row.inner_text()
        with page.expect_download() as info:
            row.get_by_role("link", name=re.compile("Télécharger")).click()
        download = info.value
        data = Path(download.path()).read_bytes()
        assert download.suggested_filename.endswith(".docx")
        assert data[:2] == b"PK" and len(data) > 2000
        _shot(live, page, "portal")
