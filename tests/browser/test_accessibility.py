"""Every page of every role passes axe-core (WCAG 2.1 A and AA) and none scrolls sideways on a phone.

The pages are listed in `PAGES`: who signs in, the path, and where the path needs a request, which one
(`{request}` is a real request submitted at the start, drafted by the worker; `{delivered}` a delivered
request of the agent's caisse from the simulated year; `{failed}` a request whose document could not be
read). Add a screen by adding a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PASSWORD, Live, wait_until

pytestmark = pytest.mark.browser

AGENT, TRANSLATOR = "agent@cpam75.demo", "traductrice@passerelle.demo"
MANAGER, ADMIN, PARTNER = "manager@passerelle.demo", "admin@passerelle.demo", "partenaire@sandia.demo"
PHONE_WIDTH = 390

# (who signs in, path). None signs nobody in.
PAGES: list[tuple[str | None, str]] = [
    (None, "/connexion"),
    (AGENT, "/portail"),
    (AGENT, "/portail/demandes/{request}"),
    (AGENT, "/portail/demandes/{delivered}"),
    (AGENT, "/portail/demandes/{failed}"),
    (TRANSLATOR, "/atelier"),
    (TRANSLATOR, "/atelier/demandes/{request}"),
    (TRANSLATOR, "/atelier/demandes/{scanned}"),  # the page image beside the segments
    (TRANSLATOR, "/atelier/demandes/{request}/controle"),
    (TRANSLATOR, "/savoirs"),
    (MANAGER, "/pilotage"),
    (MANAGER, "/pilotage?annee={last_year}"),
    (MANAGER, "/pilotage/acces"),
    (MANAGER, "/pilotage/personnes"),
    (MANAGER, "/consultations"),
    (PARTNER, "/consultations"),
    ("juriste@passerelle.demo", "/consultations"),
    (ADMIN, "/pilotage"),
    (MANAGER, "/pilotage/externalisation"),
    (MANAGER, "/pilotage/prestataires"),
    (ADMIN, "/pilotage/prestataires"),
    (ADMIN, "/admin/comptes"),
    (ADMIN, "/admin/comptes/{translator_account}"),
    (ADMIN, "/admin/caisses"),
    (MANAGER, "/pilotage/absences"),
    (MANAGER, "/pilotage/devis"),
    (ADMIN, "/pilotage/devis"),
    (MANAGER, "/pilotage/experimentation"),
]

# axe-core's tags for WCAG 2.0 and 2.1, levels A and AA.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
BLOCKING_IMPACTS = {"critical", "serious"}
GERMAN_LETTER = (
    "Sehr geehrte Damen und Herren,\n"
    "wir bestätigen, dass Frau Anna Schmidt seit dem 1. März 2019 bei uns versichert ist.\n"
    "Die Krankenkasse zahlt monatlich 1.250,00 EUR.\n"
)


def _sign_in(browser: Any, live: Live, email: str | None, *, width: int = 1400) -> Any:
    context = browser.new_context(base_url=live.url, locale="fr-FR", viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    if email is not None:
        page.goto("/connexion")
        page.get_by_label("Adresse électronique").fill(email)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        assert "/connexion" not in page.url, f"{email} could not sign in"
    return page


def _submit(page: Any, tmp_path: Any, name: str, content: bytes, lang: str) -> int:
    """Submit a document through the portal form as the signed-in agent; return the request's id."""
    path = tmp_path / name
    path.write_bytes(content)
    page.goto("/portail")
    page.get_by_label("Document (PDF, image scannée, texte, DOCX)").set_input_files(str(path))
    page.get_by_label("Langue du document").select_option(lang)
    page.get_by_label("Traduire en").select_option("fr")
    page.get_by_label("Type de document").select_option("insurance_certificate")
    page.get_by_role("button", name="Envoyer la demande").click()
    notice = page.get_by_role("status").filter(has_text="envoyée")
    reference = re.search(r"TR-\d{4}-\d+", notice.inner_text()).group(0)  # type: ignore[union-attr]
    href = page.get_by_role("link", name=reference).first.get_attribute("href")
    return int(href.rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def world(live: Live, browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The requests the detail pages show: one drafted by the worker, one delivered, one failed."""
    from datetime import date

    tmp = tmp_path_factory.mktemp("a11y")
    page = _sign_in(browser, live, AGENT)
    drafted = _submit(page, tmp, "attestation.txt", GERMAN_LETTER.encode(), "de")
    scanned = _submit(page, tmp, "attestation.png", _scan(GERMAN_LETTER), "de")
    # A PDF that is not one: the worker records why it could not be read.
    failed = _submit(page, tmp, "attestation_abimee.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 200, "de")
    page.context.close()
    working = ("received", "extracting", "extracted", "drafting")

    def status(request_id: int) -> str:
        return str(live.query("SELECT status FROM translation_request WHERE id = ?", request_id)[0][0])

    wait_until(lambda: all(status(r) not in working for r in (drafted, scanned, failed)), timeout=240,
               what="the worker to draft two requests and fail the other")
    assert status(failed) == "failed"
    delivered = live.query(
        "SELECT r.id FROM translation_request r JOIN caisse c ON c.id = r.caisse_id "
        "WHERE c.code = 'CPAM75' AND r.status = 'delivered' ORDER BY r.id LIMIT 1"
    )[0][0]
    translator = live.query("SELECT id FROM user WHERE email = ?", TRANSLATOR)[0][0]
    yield {"request": drafted, "scanned": scanned, "failed": failed, "delivered": delivered,
           "last_year": date.today().year - 1, "translator_account": translator}


def _scan(text: str) -> bytes:
    """`text` as a 300 DPI greyscale scan (PNG)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (2000, 600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 36)
    for row, line in enumerate(text.splitlines()):
        draw.text((100, 100 + row * 70), line, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(300, 300))
    return buffer.getvalue()


def _ids(pages: list[tuple[str | None, str]]) -> list[str]:
    return [f"{(who or 'anonyme').split('@')[0]}:{path}" for who, path in pages]


@pytest.mark.parametrize(("who", "path"), PAGES, ids=_ids(PAGES))
class TestEveryPage:
    def test_has_no_serious_axe_violation(self, live: Live, browser: Any, world: dict[str, Any],
                                          who: str | None, path: str) -> None:
        page = _sign_in(browser, live, who)
        try:
            response = page.goto(path.format(**world))
            assert response is not None and response.status == 200, f"{path} answered {response.status}"
            results = Axe().run(page, options=AXE_OPTIONS)
            blocking = [f"{v['id']} ({v['impact']}): {v['help']} — "
                        + "; ".join(n["target"][0] for n in v["nodes"][:5])
                        for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
            assert blocking == [], f"axe-core on {page.url}:\n" + "\n".join(blocking)
        finally:
            page.context.close()

    def test_does_not_scroll_sideways_on_a_phone(self, live: Live, browser: Any, world: dict[str, Any],
                                                 who: str | None, path: str) -> None:
        page = _sign_in(browser, live, who, width=PHONE_WIDTH)
        try:
            page.goto(path.format(**world))
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            wide = page.evaluate(
                """(w) => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > w + 1 || e.scrollWidth > e.clientWidth + 1)
                    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                    + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''))""",
                PHONE_WIDTH,
            )
            assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px at {PHONE_WIDTH} px: {wide}"
        finally:
            page.context.close()
