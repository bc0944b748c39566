"""The dialogue's figures beside the indicators: consultations, and the time requests waited for their submitter.

Reported apart: IR.8.2 and IR.8.3 stay calendar days from receipt to delivery, waits included.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.consultation import figures as consultation_figures
from service.consultation.figures import ConsultationFigures
from service.indicator.sql import TR, delay_days, delivered_between


class WaitingFigures(BaseModel):
    """Requests delivered in [start, end) that waited for their submitter, and for how long (days)."""

    delivered: int
    waited: int
    waiting_days_total: float
    average_waiting_days: float | None
    # For information only, never an indicator: the average delay with the waits taken out.
    average_delay_without_waiting_days: float | None


class DialogueFigures(BaseModel):
    consultations: ConsultationFigures
    waiting: WaitingFigures


def figures(session: Session, *, start: date, end: date) -> DialogueFigures:
    """Consultations asked and requests delivered in [start, end)."""
    return DialogueFigures(consultations=consultation_figures.figures(session, start=start, end=end),
                           waiting=waiting(session, start=start, end=end))


def waiting(session: Session, *, start: date, end: date) -> WaitingFigures:
    """How long the requests delivered in [start, end) waited for their submitter."""
    row = session.execute(select(
        func.count(), func.count().filter(TR.waiting_seconds > 0), func.coalesce(func.sum(TR.waiting_seconds), 0),
        func.coalesce(func.sum(delay_days()), 0),
    ).where(delivered_between(start, end))).one()
    delivered, waited, seconds, delay_sum = int(row[0]), int(row[1]), int(row[2]), float(row[3])
    days = seconds / 86400
    return WaitingFigures(
        delivered=delivered, waited=waited, waiting_days_total=round(days, 2),
        average_waiting_days=round(days / waited, 2) if waited else None,
        average_delay_without_waiting_days=round((delay_sum - days) / delivered, 2) if delivered else None)


def csv_rows(d: DialogueFigures) -> list[tuple[str, str, Any]]:
    """(section, key, value) lines of the long CSV export."""
    c, w = d.consultations, d.waiting
    rows: list[tuple[str, str, Any]] = [
        ("consultations", "posees", c.asked), ("consultations", "repondues", c.answered),
        ("consultations", "en_cours", c.open), ("consultations", "delai_reponse_median_jours", c.median_answer_days),
        ("consultations", "delai_reponse_p90_jours", c.p90_answer_days),
        ("consultations", "part_repondue_a_temps", c.on_time_share)]
    for section, items in (("consultations_partenaire", c.by_partner), ("consultations_pays", c.by_country),
                           ("consultations_type", c.by_document_type)):
        rows += [(section, r.key, r.consultations) for r in items]
    rows += [("attente_demandeur", "livrees", w.delivered), ("attente_demandeur", "livrees_avec_attente", w.waited),
             ("attente_demandeur", "jours_attente_total", w.waiting_days_total),
             ("attente_demandeur", "jours_attente_moyen", w.average_waiting_days),
             ("attente_demandeur", "delai_moyen_hors_attente_information", w.average_delay_without_waiting_days)]
    return rows


def sheet_rows(d: DialogueFigures) -> list[list[Any]]:
    """The "Consultations" sheet of the XLSX export."""
    c, w = d.consultations, d.waiting
    rows: list[list[Any]] = [
        ["Consultations des partenaires"], ["Posées", c.asked], ["Répondues", c.answered], ["En cours", c.open],
        ["Délai de réponse médian (jours)", c.median_answer_days],
        ["Délai de réponse, 90e centile (jours)", c.p90_answer_days],
        ["Part répondue dans le délai", c.on_time_share], []]
    for title, items in (("Par partenaire", c.by_partner), ("Par pays", c.by_country),
                         ("Par type de document", c.by_document_type)):
        rows += [[title, "Consultations"], *[[r.label, r.consultations] for r in items], []]
    rows += [["Attente du demandeur (hors indicateurs)"], ["Livrées", w.delivered],
             ["Livrées après une attente", w.waited], ["Jours d'attente au total", w.waiting_days_total],
             ["Attente moyenne (jours)", w.average_waiting_days],
             ["Délai moyen hors attente, pour information (jours)", w.average_delay_without_waiting_days]]
    return rows
