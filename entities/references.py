"""File and case references after their cues ("Az.: 12 345678 A 123", "N° de dossier : 2024-000123",
"Our ref.: AB/123/2024"), and code-shaped references without a cue ("TR-2026-000123", "CPAM/2025/17").
"""

from __future__ import annotations

import re

from entities.text import SP, fold, has_digit
from entities.types import Entity

_CUES = (
    # de
    "Az.", "Aktenzeichen", "Geschäftszeichen", "Unser Zeichen", "Ihr Zeichen", "Unser Az.", "Ihr Az.", "Zeichen",
    "Vorgangsnummer", "Kundennummer", "Mitgliedsnummer", "Bearbeitungsnummer", "Kassenzeichen", "Vers.-Nr.",
    "Versicherungsnummer", "Versichertennummer", "Kennziffer", "Steuernummer", "Rentenzeichen",
    # es
    "Referencia", "Ref.ª", "Ref.", "Nuestra referencia", "Su referencia", "N.º de expediente", "Nº de expediente",
    "Número de expediente", "Expediente", "Exp.", "N.º de registro", "Registro",
    # it
    "Rif.", "Riferimento", "Ns. rif.", "Vs. rif.", "Prot.", "Protocollo", "N. pratica", "Pratica n.", "Pratica",
    "Numero di protocollo",
    # pt
    "Referência", "Ref.ª", "Processo n.º", "Processo nº", "Processo", "N.º do processo", "Nosso processo",
    # pl
    "Nr ref.", "Sygnatura", "Sygn.", "Znak sprawy", "Nr sprawy", "Znak",
    # ro
    "Nr. dosar", "Număr dosar", "Dosar nr.", "Nr. înregistrare", "Nr. de înregistrare", "Nr. ref.",
    # nl
    "Kenmerk", "Ons kenmerk", "Uw kenmerk", "Dossiernummer", "Zaaknummer",
    # en
    "Our ref.", "Your ref.", "Our ref", "Your ref", "Reference", "Ref. No.", "Ref No", "Case number", "Case no.",
    "File number", "File no.", "Claim number", "Reference number",
    # fr
    "N° de dossier", "Nº de dossier", "No de dossier", "Numéro de dossier", "Dossier n°", "Dossier", "Réf.",
    "Référence", "Nos réf.", "Vos réf.", "N/Réf.", "V/Réf.", "N/réf.", "V/réf.", "Notre référence",
    "Votre référence", "N° d'allocataire", "Numéro d'allocataire",
)
_CUE = "|".join(re.escape(c) for c in sorted(set(_CUES), key=len, reverse=True))
# The value: groups of letters and digits joined by / - . or single spaces, with at least one digit.
# A space joins groups only before a digit group or a short capitalised one ("4 Ks 12/23", "12 345678 A 123").
_VALUE = rf"[A-Z0-9](?:[A-Za-z0-9]|[/.\-_](?=[A-Za-z0-9])|{SP}(?=\d|[A-Z][A-Za-z]{{0,3}}{SP}?\d))*"
_CUED = re.compile(
    rf"(?<![\w])(?i:{_CUE})(?i:{SP}?(?:(?:n|nr|no|núm|num|número|numero)\.?{SP}?[º°o]?\.?|#))?{SP}*[:.]?{SP}*"
    rf"(?P<value>{_VALUE})")
# Forms of the EU coordination regulations (E 104, E 205, S1, A1, U1, P1, DA1...): codes kept in every
# language. The short ones count only after the word "form" in some language.
_FORM = re.compile(r"(?<![\w])(?:E[ ]?[1-4]\d{2}|DA[ ]?\d)(?![\w])")
_SHORT_FORM = re.compile(rf"(?i:\b(?:formular[a-z]*|formulaire|formul[aá]rio|formulario|modulo|modello|form|"
                         rf"document portable|portable document|tragbares dokument|documento portátil|pd|dokument))"
                         rf"{SP}*[:.]?{SP}*"
                         rf"(?P<code>[ASPU]\d{{1,2}}|S\d{{3}})(?![\w])")
_CODE = re.compile(r"(?<![\w/-])[A-Z]{1,6}(?:[-/][A-Z0-9]+)*[-/]\d{3,}(?:[-/][A-Z0-9]+)*(?![\w/-])")


_CUE_WORDS = frozenset(fold(word) for cue in _CUES for word in re.findall(r"[^\W\d_]+", cue)[:1])
_WORDS = re.compile(r"[^\W\d_]+")


def find(text: str) -> list[Entity]:
    """References after a cue, form codes, and code-shaped references (letters, separators, 3+ digits)."""
    if not has_digit(text):
        return []
    found = []
    cued = not _CUE_WORDS.isdisjoint(_WORDS.findall(fold(text)))
    for match in _CUED.finditer(text) if cued else ():
        value = match.group("value").rstrip(" .-/")
        if not has_digit(value) or len(value) < 3:
            continue
        start = match.start("value")
        found.append(Entity(value, "identifier", start, start + len(value), scheme="reference",
                            value=re.sub(r"\s+", " ", value), source="cue", confidence=0.9))
    for match in _FORM.finditer(text):
        found.append(Entity(match.group(0), "identifier", match.start(), match.end(), scheme="form",
                            value=match.group(0).replace(" ", ""), source="pattern", confidence=0.9))
    for match in _SHORT_FORM.finditer(text):
        start, end = match.span("code")
        found.append(Entity(match.group("code"), "identifier", start, end, scheme="form", value=match.group("code"),
                            source="cue", confidence=0.9))
    for match in _CODE.finditer(text):
        found.append(Entity(match.group(0), "identifier", match.start(), match.end(), scheme="reference",
                            value=match.group(0), source="pattern", confidence=0.7))
    return found
