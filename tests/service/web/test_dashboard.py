"""The manager dashboard: indicators against targets, charts, backlog, routing override."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from service.models import Event, OutsourcedJob, Segment, TranslationRequest, Vendor
from service.models.enums import RequestStatus, Role
from tests.factories import make_caisse, make_request, make_user
from tests.service.web.conftest import csrf_token, sign_in


def _manager(db, client):
    user = make_user(db, role=Role.MANAGER)
    sign_in(client, db, user)
    return user


def _delivered(db, caisse, *, delay):
    today = date.today()
    return make_request(
        db,
        caisse=caisse,
        status=RequestStatus.DELIVERED,
        received_on=today - timedelta(days=delay),
        delivered_on=today,
        handled_by="internal",
    )


class TestIndicators:
    def test_the_three_indicators_with_targets_and_status_in_french(self, client, db):
        _manager(db, client)
        caisse = make_caisse(db)
        for delay in (4, 6, 30):
            _delivered(db, caisse, delay=delay)
        page = client.get("/pilotage").text
        assert "IR.8.2 · Délai moyen" in page and "13,3 j" in page
        assert "IR.8.3 · Livrées au-delà de 21 jours" in page and "33,3 %" in page
        assert "IR.8.1 · Évolution du coût externe" in page
        assert "Non atteint" in page
        assert re.search(r'id="nb-livrees">3<', page)

    def test_information_deliveries_are_shown_apart_and_left_out_of_the_indicators(self, client, db):
        _manager(db, client)
        caisse = make_caisse(db)
        _delivered(db, caisse, delay=10)
        unrevised = _delivered(db, caisse, delay=0)
        unrevised.service_level, unrevised.handled_by = "information", "machine"
        db.commit()
        page = client.get("/pilotage").text
        assert re.search(r'id="nb-livrees">1<', page) and "10,0 j" in page
        assert re.search(r'id="nb-information">1\s+traduction automatique non révisée', page)
        assert "hors indicateurs de la COG" in page

    def test_charts_are_inline_svg_with_the_21_day_mark_and_exports_linked(self, client, db):
        _manager(db, client)
        _delivered(db, make_caisse(db), delay=25)
        page = client.get("/pilotage").text
        assert page.count('<svg class="chart"') == 4
        assert ">21 jours</text>" in page
        assert f"/api/indicators/export?year={date.today().year}&amp;format=csv" in page

    def test_backlog_by_language_pair(self, client, db):
        _manager(db, client)
        caisse = make_caisse(db)
        make_request(db, caisse=caisse, status=RequestStatus.IN_REVISION, source_lang="pl", pages=7)
        make_request(db, caisse=caisse, status=RequestStatus.DRAFTED, source_lang="pl", pages=3)
        page = client.get("/pilotage").text
        assert re.search(r"polonais → français</th><td class=\"num\">2</td><td class=\"num\">10</td>", page)

    def test_draft_figures_by_language_pair(self, client, db):
        _manager(db, client)
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.IN_REVISION,
                               received_on=date(date.today().year, 1, 15))
        rows = [("tm_exact", None, True, None), ("tm_adapted", None, True, None), ("tm_fuzzy", None, True, None),
                ("mt", 0.8, True, 0.1), ("mt", 0.6, True, 0.3), ("mt", 0.1, False, None), ("copied", None, True, None),
                ("none", None, False, None)]
        for position, (origin, confidence, shown, distance) in enumerate(rows):
            db.add(Segment(request_id=request.id, position=position, source_text=f"Satz {position}",
                           draft_text="Phrase", draft_origin=origin, draft_confidence=confidence, draft_shown=shown,
                           edit_distance=distance, status="confirmed" if distance is not None else "drafted",
                           glossary=[], protected=[], qa=[]))
        db.add(Segment(request_id=request.id, position=99, source_text="  ", draft_origin="none", glossary=[],
                       protected=[], qa=[]))
        db.commit()
        page = client.get("/pilotage").text
        section = page[page.index('id="titre-pretraduction"'):page.index('id="titre-risque"')]
        cells = [c.strip() for c in re.findall(r'<td class="num">([^<]*)', section)]
        # 8 non-blank segments: one each exact, adapted, fuzzy; 2 of the 3 machine drafts shown.
        assert cells[:7] == ["8", "12,5 %", "12,5 %", "12,5 %", "66,7 %", "50,0 %", "20,0 %"]
        assert "sur 3" in section and "2 relus" in section


class TestFailures:
    def test_the_manager_retries_a_failed_extraction(self, client, db):
        _manager(db, client)
        request = make_request(
            db,
            caisse=make_caisse(db),
            status=RequestStatus.FAILED,
            failed_from="extracting",
            failure_code="ocr_engine_failed",
            failure_detail="Tesseract crashed.",
        )
        page = client.get("/pilotage").text
        assert "Demandes en échec" in page and "La lecture automatique (OCR) s&#39;est arrêtée" in page
        assert "Tesseract crashed." not in page
        token = csrf_token(client, "/pilotage")
        response = client.post(
            f"/pilotage/demandes/{request.id}/relancer", data={"csrf_token": token}, follow_redirects=True
        )
        assert f"Traitement de la demande {request.reference} relancé" in response.text
        # The extraction really ran again (eagerly here: it fails anew, this test row has no file).
        actions = db.scalars(select(Event.action).where(Event.request_id == request.id)).all()
        assert "retried" in actions


class TestServiceDone:
    def test_certifying_a_returned_job_costs_it_and_delivers_the_translation(self, client, db):
        manager = _manager(db, client)
        request = make_request(
            db, caisse=make_caisse(db), status=RequestStatus.RETURNED, handled_by="external"
        )
        db.add(
            Segment(
                request_id=request.id,
                position=1,
                page=1,
                paragraph=1,
                source_text="Rente",
                draft_text="Pension",
                final_text="Pension",
                status="drafted",
                glossary=[],
                protected=[],
                qa=[],
            )
        )
        vendor = Vendor(name="Traductions Rhin", email=None, is_active=True)
        db.add(vendor)
        db.flush()
        job = OutsourcedJob(
            request_id=request.id,
            vendor_id=vendor.id,
            job_class="revision",
            status="returned",
            computed_cost_cents=4000,
            returned_on=date.today(),
        )
        db.add(job)
        db.commit()
        page = client.get("/pilotage").text
        assert "Traductions Rhin" in page and "40,00 €" in page
        token = csrf_token(client, "/pilotage")
        response = client.post(
            f"/pilotage/travaux/{job.id}/service-fait",
            data={"csrf_token": token, "remarks": "conforme"},
            follow_redirects=True,
        )
        assert "Service fait certifié" in response.text
        db.expire_all()
        row = db.get(TranslationRequest, request.id)
        assert row.status == RequestStatus.DELIVERED and row.external_cost_cents == 4000
        assert db.get(OutsourcedJob, job.id).certifier_id == manager.id


class TestExports:
    def test_the_csv_export_link_works_with_the_web_session(self, client, db):
        _manager(db, client)
        _delivered(db, make_caisse(db), delay=12)
        page = client.get("/pilotage").text
        link = re.search(r'href="(/api/indicators/export\?year=\d+&amp;format=csv)"', page).group(1)
        export = client.get(link.replace("&amp;", "&"))
        assert export.status_code == 200
        assert export.headers["content-type"].startswith("text/csv")
        assert "IR.8.2" in export.text


class TestAtRisk:
    def test_requests_projected_past_21_days_are_listed(self, client, db):
        _manager(db, client)
        late = make_request(
            db,
            caisse=make_caisse(db),
            status=RequestStatus.DRAFTED,
            received_on=date.today() - timedelta(days=25),
        )
        page = client.get("/pilotage").text
        section = page[page.index("Demandes à risque") : page.index("Attribution et externalisation")]
        assert late.reference in section


class TestRouting:
    def test_the_manager_assigns_a_drafted_request_to_a_translator(self, client, db):
        _manager(db, client)
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.DRAFTED)
        token = csrf_token(client, "/pilotage")
        response = client.post(
            f"/pilotage/demandes/{request.id}/routage",
            data={"csrf_token": token, "target": f"t:{translator.id}", "reason": "urgence"},
        )
        assert response.status_code == 200
        assert f"Routage de la demande {request.reference} enregistré" in response.text
        db.expire_all()
        row = db.get(TranslationRequest, request.id)
        assert row.status == RequestStatus.ASSIGNED and row.assignee_id == translator.id

    def test_a_translator_not_covering_the_pair_is_refused_in_french(self, client, db):
        _manager(db, client)
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["en>fr"])
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.DRAFTED)
        token = csrf_token(client, "/pilotage")
        response = client.post(
            f"/pilotage/demandes/{request.id}/routage",
            data={"csrf_token": token, "target": f"t:{translator.id}"},
        )
        assert response.status_code == 422
        assert request.reference in response.text
        assert "ne couvre pas cette paire" in response.text
        db.expire_all()
        assert db.get(TranslationRequest, request.id).assignee_id is None

    def test_a_refused_action_keeps_nothing_it_had_begun(self, client, db, monkeypatch):
        from service.assignment import service as assignment_service
        from service.errors import InvalidInput

        _manager(db, client)
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.DRAFTED)
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])

        def half_done(session, row, **_):
            row.assignee_id = translator.id
            session.flush()
            raise InvalidInput("Choose a translator or a vendor.")

        monkeypatch.setattr(assignment_service, "override", half_done)
        token = csrf_token(client, "/pilotage")
        response = client.post(f"/pilotage/demandes/{request.id}/routage",
                               data={"csrf_token": token, "target": f"t:{translator.id}"})
        assert response.status_code == 422 and request.reference in response.text
        db.expire_all()
        assert db.get(TranslationRequest, request.id).assignee_id is None


class TestDashboardTruth:
    def test_a_fresh_install_says_there_is_no_data_yet_instead_of_a_result(self, client, db):
        _manager(db, client)
        page = client.get("/pilotage").text
        assert page.count("pas encore de données") == 3
        assert "−100" not in page and "-100" not in page
        kpi = page.split('id="kpi-ir81"')[1].split('id="kpi-volume"')[0]
        assert "Atteint" not in kpi
        assert "Pas encore de données pour" in page

    def test_the_current_year_cost_is_a_projection_with_its_basis_never_met(self, client, db):
        _manager(db, client)
        caisse = make_caisse(db)
        today = date.today()
        make_request(db, caisse=caisse, status=RequestStatus.DELIVERED, received_on=today - timedelta(days=3),
                     delivered_on=today, handled_by="external", external_cost_cents=500_00)
        page = client.get("/pilotage").text
        kpi = page.split('id="kpi-ir81"')[1].split('id="kpi-volume"')[0]
        months = round((today - date(today.year, 1, 1)).days / 30.44)
        assert f"Projection sur {months} mois" in kpi and "projeté" in kpi
        assert "Atteint" not in kpi and "(projection)" in kpi
        assert "ne sera jugé qu'à la fin de l'année" in kpi

    def test_a_past_year_is_judged_on_its_full_cost(self, client, db):
        _manager(db, client)
        last = date.today().year - 1
        make_request(db, caisse=make_caisse(db), status=RequestStatus.DELIVERED, received_on=date(last, 3, 1),
                     delivered_on=date(last, 3, 10), handled_by="external", external_cost_cents=1000_00)
        kpi = client.get(f"/pilotage?annee={last}").text.split('id="kpi-ir81"')[1].split('id="kpi-volume"')[0]
        assert "Projection" not in kpi and "Atteint" in kpi

    def test_months_without_deliveries_are_gaps_in_the_delay_line(self, client, db):
        _manager(db, client)
        last = date.today().year - 1
        caisse = make_caisse(db)
        for month in (1, 2, 6):
            make_request(db, caisse=caisse, status=RequestStatus.DELIVERED, received_on=date(last, month, 1),
                         delivered_on=date(last, month, 8), handled_by="internal")
        page = client.get(f"/pilotage?annee={last}").text
        delay_chart = re.search(r"<svg[^>]*Délai moyen mensuel.*?</svg>", page, re.S).group(0)
        lines = re.findall(r'<polyline fill="none" stroke="[^"]+" stroke-width="2.5" points="([^"]+)"', delay_chart)
        assert [len(points.split()) for points in lines] == [2, 1]  # Jan-Feb, then June alone

    def test_the_posted_worker_fraud_channel_has_its_panel(self, client, db):
        _manager(db, client)
        today = date.today()
        cpam, caf = make_caisse(db, code="CPAM13"), make_caisse(db, code="CAF59")
        for caisse, delay in ((cpam, 4), (cpam, 8), (caf, 30)):
            fraud = make_request(db, caisse=caisse, status=RequestStatus.DELIVERED, handled_by="internal",
                                 received_on=today - timedelta(days=delay), delivered_on=today)
            fraud.channel = "posted_worker_fraud"
        db.commit()
        make_request(db, caisse=caisse, status=RequestStatus.DELIVERED, received_on=today - timedelta(days=2),
                     delivered_on=today, handled_by="internal")
        panel = client.get("/pilotage").text.split('id="fraude"')[1].split("</section>")[0]
        assert re.search(r'id="fraude-recues">3<', panel)
        assert "14,0 j" in panel and "33,3 %" in panel
        assert panel.index("CPAM13") < panel.index("CAF59")
