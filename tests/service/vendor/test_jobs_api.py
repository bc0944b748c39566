"""The outsourced-job API, end to end: send, download, return, service done, invoice, paid, ledger."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.assignment import service as assignment_service
from service.models import OutsourcedJob
from service.models.enums import Role
from tests.factories import headers_for, make_caisse, make_user
from tests.service.vendor.helpers import make_drafted, make_rate, make_vendor
from tests.service.vendor.test_outsourced_job import _fill_targets


class TestJobsApi:
    def test_full_lifecycle_through_the_api(self, client, db: Session) -> None:
        manager = make_user(db, role=Role.MANAGER)
        vendor = make_vendor(db)
        make_rate(db, vendor=vendor, page=2000)
        make_rate(db, vendor=vendor, job_class="translation", page=3000)
        request = make_drafted(db, caisse=make_caisse(db), characters=4500)
        assignment_service.route(db, request)
        db.commit()
        job_id = db.scalar(select(OutsourcedJob.id).where(OutsourcedJob.request_id == request.id))
        headers = headers_for(db, manager)
        sent = client.post(f"/api/jobs/{job_id}/send", headers=headers, json={"xliff_version": "1.2"})
        assert sent.status_code == 200 and sent.json()["status"] == "sent"
        package = client.get(f"/api/jobs/{job_id}/package", headers=headers)
        assert package.headers["content-type"] == "application/zip"
        xlf = zipfile.ZipFile(io.BytesIO(package.content)).read(f"{request.reference}.xlf")
        bad = client.post(f"/api/jobs/{job_id}/return", headers=headers,
                          files={"file": ("r.xlf", xlf.replace(b'target-language="fr"',
                                                               b'target-language="es"'))})
        assert bad.status_code == 422 and bad.json()["code"] == "xliff_rejected"
        returned = client.post(f"/api/jobs/{job_id}/return", headers=headers,
                               files={"file": ("r.xlf", _fill_targets(xlf, "1.2"))})
        assert returned.status_code == 200 and returned.json()["status"] == "returned"
        done = client.post(f"/api/jobs/{job_id}/service-done", headers=headers, json={"remarks": "RAS"})
        assert done.status_code == 200 and done.json()["certifier_id"] == manager.id
        assert client.get(f"/api/requests/{request.id}", headers=headers).json()["status"] == "delivered"
        invoiced = client.post(f"/api/jobs/{job_id}/invoice", headers=headers,
                               json={"number": "INV-77", "amount_cents": 9900})
        assert invoiced.json()["invoice_mismatch"] is True
        assert client.post(f"/api/jobs/{job_id}/paid", headers=headers).json()["status"] == "paid"
        ledger = client.get("/api/costs/ledger", params={"year": date.today().year}, headers=headers).json()
        assert [(line["reference"], line["computed_cost_cents"], line["cost_cents"], line["invoice_mismatch"])
                for line in ledger] == [(request.reference, 6000, 9900, True)]
        summary = client.get("/api/costs/summary", params={"year": date.today().year}, headers=headers).json()
        assert summary["external_cost_cents"] == 9900 and summary["mismatched_invoices"] == 1
        assert summary["saving_cents"] == 3000 and summary["revision_jobs"] == 1

    def test_jobs_are_for_managers_only(self, client, db: Session) -> None:
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        assert client.get("/api/jobs", headers=headers_for(db, translator)).status_code == 403
        assert client.get("/api/costs/summary", headers=headers_for(db, translator)).status_code == 403

    def test_step_out_of_order_answers_409_with_the_job_status(self, client, db: Session) -> None:
        manager = make_user(db, role=Role.MANAGER)
        make_rate(db, vendor=make_vendor(db), page=2000)
        request = make_drafted(db, caisse=make_caisse(db))
        assignment_service.route(db, request)
        db.commit()
        job_id = db.scalar(select(OutsourcedJob.id).where(OutsourcedJob.request_id == request.id))
        answer = client.post(f"/api/jobs/{job_id}/paid", headers=headers_for(db, manager))
        assert answer.status_code == 409
        assert answer.json()["code"] == "job_state_conflict" and answer.json()["job_status"] == "pending"
        rerouted = client.post(f"/api/assignment/requests/{request.id}/route", headers=headers_for(db,
                                                                                                   manager))
        assert rerouted.status_code == 409 and rerouted.json()["request_status"] == "outsourced"

    def test_overdue_lists_sent_jobs_past_their_due_date(self, client, db: Session) -> None:
        from datetime import timedelta

        manager = make_user(db, role=Role.MANAGER)
        make_rate(db, vendor=make_vendor(db), page=2000)
        request = make_drafted(db, caisse=make_caisse(db))
        assignment_service.route(db, request)
        job = db.scalar(select(OutsourcedJob).where(OutsourcedJob.request_id == request.id))
        assert job is not None
        job.status, job.due_on = "sent", date.today() - timedelta(days=1)
        db.commit()
        overdue = client.get("/api/jobs", params={"overdue": True}, headers=headers_for(db, manager)).json()
        assert [j["id"] for j in overdue] == [job.id]

    def test_return_with_an_undeclared_entity_or_a_utf16_dtd_answers_422_not_500(self, client, db: Session) -> None:
        manager = make_user(db, role=Role.MANAGER)
        make_rate(db, vendor=make_vendor(db), page=2000)
        request = make_drafted(db, caisse=make_caisse(db))
        assignment_service.route(db, request)
        db.commit()
        job_id = db.scalar(select(OutsourcedJob.id).where(OutsourcedJob.request_id == request.id))
        headers = headers_for(db, manager)
        client.post(f"/api/jobs/{job_id}/send", headers=headers, json={"xliff_version": "2.0"})
        xlf = zipfile.ZipFile(io.BytesIO(client.get(f"/api/jobs/{job_id}/package", headers=headers).content)
                              ).read(f"{request.reference}.xlf")
        entity = xlf.replace(b"Bonjour.", b"Bonjour&eacute;.")
        utf16 = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE xliff SYSTEM "http://x.example/x.dtd">\n'
                 + xlf.decode().split("?>", 1)[1]).encode("utf-16")
        for bad, reason in ((entity, "Entity 'eacute' not defined"), (utf16, "declares a DOCTYPE")):
            answer = client.post(f"/api/jobs/{job_id}/return", headers=headers, files={"file": ("r.xlf", bad)})
            assert answer.status_code == 422 and answer.json()["code"] == "xliff_rejected"
            assert reason in answer.json()["detail"]
