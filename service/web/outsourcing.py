"""The outsourcing screen: jobs proposed by routing, the masked package, sending, returns, "service fait",
invoices against the contract price. The pages call the same services as the jobs API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from service.deps import SessionDep
from service.errors import InvalidInput, ServiceError
from service.models import OutsourcedJob, User
from service.translation_request import service as request_service
from service.vendor import jobs as job_service
from service.vendor.errors import XliffRejected
from service.web import labels
from service.web.common import Csrf, ManagerPage, Refused, french_error, render
from service.web.money import parse_euros
from service.workflow import outsourcing

router = APIRouter(prefix="/pilotage/externalisation", include_in_schema=False)

JOB_STATUS_LABELS = {
    "pending": "proposé, à envoyer", "sent": "envoyé, retour attendu", "returned": "retourné, service fait à certifier",
    "service_done": "service fait, facture attendue", "invoiced": "facturé", "paid": "payé", "withdrawn": "retiré",
}
JOB_CLASS_LABELS = {"light_revision": "révision légère", "full_revision": "révision complète",
                    "translation": "traduction"}
MASK_KIND_LABELS = {"person": "noms de personnes", "address": "adresses", "iban": "IBAN", "phone": "téléphones",
                    "email": "adresses électroniques", "date": "dates de naissance", "birth_date": "dates de naissance",
                    "ssn": "numéros de sécurité sociale", "nir": "NIR", "id": "identifiants",
                    "place": "lieux", "organization": "organismes"}
# Why an original cannot go redacted (`OriginalNotRedactable` reasons).
ORIGINAL_REFUSALS = {"format": "c'est un fichier texte ou Word, pas un PDF ni une image ; le fichier XLIFF "
                     "contient tout le texte, masqué.",
                     "purged": "il n'est plus conservé (politique de conservation)."}
# Each problem a return's check can find (`XliffRejected.extra["problem_codes"]`), in French.
XLIFF_PROBLEMS = {
    "wrong_pair": "Paire de langues {got} au lieu de {expected} : ce n'est pas le fichier de ce travail.",
    "unit_twice": "Le segment {unit} figure deux fois (un seul bloc par segment).",
    "unit_markup": "Segment {unit} : balisage non conforme.",
    "unknown_ids": "Segments inconnus : {items} (gardez les segments et identifiants envoyés).",
    "missing_segments": "Segments absents du fichier : {items}.",
    "empty_targets": "Segments sans traduction : {items}.",
    "source_differs": "Segment {unit} : le texte source n'est pas celui de ce travail (fichier d'une autre demande ?).",
    "inline_codes": "Segment {unit} : les balises de la traduction ne sont pas celles du texte source (gardez chaque "
    "balise une fois, les paires autour du texte).",
    "placeholders_dropped": "Segment {unit} : repères de données masquées supprimés : {items} "
    "(laissez-les tels quels).",
    "unknown_placeholders": "Segment {unit} : repères inconnus : {items}.",
    "unreadable": "Le fichier n'est pas un XLIFF 2.0 ou 1.2 lisible.",
}
# The screen's sections, in the order of the job's life.
SECTIONS = (("pending", "Proposées à l'externalisation"), ("sent", "Envoyées, retour attendu"),
            ("returned", "Retournées : service fait à certifier"),
            ("service_done", "Service fait : facture à saisir"), ("invoiced,paid", "Factures"))
labels.ERROR_MESSAGES.update({
    "job_not_found": "Travail externalisé introuvable.",
    "job_state_conflict": "Cette étape n'est plus possible dans l'état actuel du travail ; rechargez la page.",
    "xliff_rejected": "Le fichier XLIFF du prestataire a été refusé et rien n'a été modifié : corrigez-le "
    "(ou demandez-le de nouveau au prestataire) et déposez-le encore.",
    "invalid_amount": "Montant incorrect : écrivez-le en euros, par exemple 123,45.",
    "invoice_number_missing": "Indiquez le numéro de la facture du prestataire.",
})


@dataclass(frozen=True)
class ReturnReport:
    """What the upload of a vendor's XLIFF found: segments imported, or the problems that refused it."""

    imported: int | None = None
    distance: float | None = None
    problems: tuple[str, ...] = ()


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: SessionDep, user: ManagerPage) -> HTMLResponse:
    """Outsourced jobs by step: proposed, sent, returned, service done, invoiced."""
    sections = [(status, title, job_service.list_jobs(session, status=status)) for status, title in SECTIONS]
    return render(request, "pilotage/externalisation.html", user=user, sections=sections,
                  requests=_requests(session, [j for _, _, jobs in sections for j in jobs]),
                  status_labels=JOB_STATUS_LABELS, class_labels=JOB_CLASS_LABELS,
                  message=_message(request))


def _requests(session: Session, jobs: list[OutsourcedJob]) -> dict[int, object]:
    return {j.request_id: request_service.get(session, j.request_id) for j in jobs}


def _message(request: Request) -> str | None:
    done = {"envoye": "Dossier envoyé au prestataire.", "certifie": "Service fait certifié : la traduction est "
            "livrée à la caisse et le coût imputé.", "facture": "Facture enregistrée.", "payee": "Paiement enregistré."}
    return next((text for key, text in done.items() if key in request.query_params), None)


def _job_page(request: Request, session: Session, user: User, job: OutsourcedJob, *, report: ReturnReport | None = None,
              error: str | None = None, message: str | None = None, status_code: int = 200) -> HTMLResponse:
    preview = job_service.preview(session, job, reader=user, channel="pilotage") if job.status in ("pending", "sent") \
        else None
    return render(request, "pilotage/externalisation_job.html", user=user, job=job,
                  row=request_service.get(session, job.request_id), preview=preview,
                  price=job_service.contract_price(session, job), report=report, error=error,
                  message=message or _message(request), status_code=status_code, status_labels=JOB_STATUS_LABELS,
                  class_labels=JOB_CLASS_LABELS, mask_labels=MASK_KIND_LABELS, original_refusals=ORIGINAL_REFUSALS,
                  tolerance_cents=job_service.MISMATCH_TOLERANCE_CENTS)


def _refused(request: Request, user: User, job_id: int, exc: ServiceError, *,
             report: ReturnReport | None = None) -> Refused:
    user_id, status_code, error = user.id, exc.status_code, french_error(exc)
    return Refused(lambda session: _job_page(request, session, session.get_one(User, user_id),
                                             job_service.get(session, job_id), report=report, error=error,
                                             status_code=status_code))


def _xliff_problem(problem: dict[str, str]) -> str:
    """One problem of a refused return, in French (the English detail kept for what has no French words)."""
    template = XLIFF_PROBLEMS.get(problem.get("code", ""), XLIFF_PROBLEMS["unreadable"])
    params = {"unit": "", "items": "", "got": "", "expected": "", **problem}
    text = template.format(**params)
    detail = problem.get("detail")
    return f"{text} ({detail})" if detail else text


@router.get("/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, session: SessionDep, user: ManagerPage, job_id: int) -> HTMLResponse:
    """One job: the request, the contract's price, the masked package before sending, then each next step."""
    return _job_page(request, session, user, job_service.get(session, job_id))


def _back(job_id: int, done: str) -> RedirectResponse:
    return RedirectResponse(f"/pilotage/externalisation/{job_id}?{done}=1", status_code=303)


@router.post("/{job_id}/envoi", dependencies=[Csrf])
def send(request: Request, session: SessionDep, user: ManagerPage, job_id: int,
         xliff: Annotated[str, Form()] = "2.0", original: Annotated[bool, Form()] = False) -> Response:
    """Build the masked package and send it to the vendor (with the redacted original when asked)."""
    job = job_service.get(session, job_id)
    try:
        if xliff not in ("2.0", "1.2"):
            raise XliffVersionMissing("Choose XLIFF 2.0 or 1.2.")
        job_service.send(session, job, actor=user, xliff_version=xliff, include_original=original)
    except ServiceError as exc:
        raise _refused(request, user, job_id, exc) from exc
    return _back(job_id, "envoye")


@router.get("/{job_id}/dossier")
def package(session: SessionDep, user: ManagerPage, job_id: int) -> Response:
    """Download the package as sent (zip); the read is logged."""
    job = job_service.get(session, job_id)
    return Response(job_service.package_bytes(session, job, reader=user, channel="pilotage"),
                    media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="job-{job.id}.zip"'})


@router.post("/{job_id}/retour", dependencies=[Csrf], response_class=HTMLResponse)
def receive(request: Request, session: SessionDep, user: ManagerPage, job_id: int,
            fichier: Annotated[UploadFile, File()]) -> HTMLResponse:
    """Import the vendor's XLIFF and show its check report; a refused file changes nothing."""
    data = fichier.file.read(job_service.MAX_XLIFF_BYTES + 1)
    job = job_service.get(session, job_id)
    try:
        if len(data) > job_service.MAX_XLIFF_BYTES:
            raise XliffRejected([f"the file is over {job_service.MAX_XLIFF_BYTES // 2**20} MB"])
        imported = job_service.receive(session, job, data=data, actor=user)
    except XliffRejected as exc:
        problems = tuple(_xliff_problem(p) for p in exc.extra.get("problem_codes", []))
        raise _refused(request, user, job_id, exc, report=ReturnReport(problems=problems)) from exc
    except ServiceError as exc:
        raise _refused(request, user, job_id, exc) from exc
    return _job_page(request, session, user, job, report=ReturnReport(imported=imported,
                                                                      distance=job.return_distance))


@router.post("/{job_id}/service-fait", dependencies=[Csrf])
def service_done(request: Request, session: SessionDep, user: ManagerPage, job_id: int,
                 remarques: Annotated[str, Form(max_length=1000)] = "",
                 certifiee: Annotated[bool, Form()] = False) -> Response:
    """Certify "service fait": the job is costed on the request and the translation delivered."""
    job = job_service.get(session, job_id)
    try:
        outsourcing.certify_service_done(session, job, actor=user, remarks=remarques.strip(),
                                         certified_translation=certifiee)
    except ServiceError as exc:
        raise _refused(request, user, job_id, exc) from exc
    return _back(job_id, "certifie")


class XliffVersionMissing(InvalidInput):
    code = "xliff_version_missing"


class InvalidAmount(InvalidInput):
    code = "invalid_amount"


class InvoiceNumberMissing(InvalidInput):
    code = "invoice_number_missing"


@router.post("/{job_id}/facture", dependencies=[Csrf])
def invoice(request: Request, session: SessionDep, user: ManagerPage, job_id: int,
            numero: Annotated[str, Form(max_length=64)] = "",
            montant: Annotated[str, Form(max_length=32)] = "") -> Response:
    """Record the vendor's invoice; a difference with the contract price is flagged."""
    job = job_service.get(session, job_id)
    try:
        cents = parse_euros(montant)
        if not numero.strip():
            raise InvoiceNumberMissing("Give the vendor's invoice number.")
        if cents is None:
            raise InvalidAmount(f"'{montant}' is not an amount in euros.")
        job_service.record_invoice(session, job, number=numero, amount_cents=cents, actor=user)
    except ServiceError as exc:
        raise _refused(request, user, job_id, exc) from exc
    return _back(job_id, "facture")


@router.post("/{job_id}/paiement", dependencies=[Csrf])
def paid(request: Request, session: SessionDep, user: ManagerPage, job_id: int) -> Response:
    """Record the payment of the invoice."""
    job = job_service.get(session, job_id)
    try:
        job_service.mark_paid(session, job, actor=user)
    except ServiceError as exc:
        raise _refused(request, user, job_id, exc) from exc
    return _back(job_id, "payee")
