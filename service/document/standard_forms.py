"""Multilingual standard forms and extracts, recognised by their printed headings and codes (issue 19, part 3).

Two families need no translation, because their headings are printed in (or exist in) every language and a
French reader only needs the French key of the fields:
- the multilingual standard forms of Regulation (EU) 2016/1191 (public documents circulating in the
  Union: birth, being alive, death, marriage, marital status, registered partnership, residence, no
  criminal record), which print the regulation's number and the heading "multilingual standard form" in
  the issuing state's language;
- the multilingual extracts of civil-status records of the CIEC (Commission internationale de l'état civil,
  Convention no. 16 of Vienna, 1976, and no. 34 of Strasbourg, 2014): birth (formule A), marriage
  (formule B), death (formule C), whose headings are printed in all the convention's languages, with the
  codes `Jo` / `Mo` / `An` for day, month and year.

`recognise` reads the extracted text (accents and case ignored, OCR's broken spacing tolerated) and names
the form and its subject; `french_key` gives the French headings a caisse agent reads the form with.
Nothing here translates anything: what is recognised is what the text prints.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

EU_REGULATION = "eu_2016_1191"
CIEC_EXTRACT = "ciec"

# The regulation's number, printed on every form ("Regulation (EU) 2016/1191", "Verordnung (EU) 2016/1191").
_EU_NUMBER = re.compile(r"2016\s*/\s*1191")
# "Multilingual standard form" in the languages Passerelle receives, accents removed, lower case.
_EU_HEADINGS = (
    r"multilingual\s+standard\s+form", r"formulaire\s+type\s+multilingue", r"mehrsprachiges\s+formular",
    r"mehrsprachiges\s+standardformular", r"impreso\s+estandar\s+multilingue",
    r"formulario\s+estandar\s+multilingue", r"modulo\s+standard\s+multilingue",
    r"formulario[\s-]+(?:tipo|padrao)\s+multilingue", r"wielojezyczny\s+formularz\s+standardowy",
    r"formular\s+standard\s+multilingv", r"meertalig\s+(?:model|standaard)formulier",
)
# The CIEC's name or its conventions, as printed at the foot or head of the extracts.
_CIEC_MARKS = (r"\bciec\b", r"\biccs\b", r"commission\s+internationale\s+de\s+l.?etat\s+civil",
               r"convention\s+(?:n\s*[o°º.]?\s*)?(?:16|34)\b", r"ubereinkommen\s+(?:nr\.?\s*)?(?:16|34)\b",
               r"\bformule\s+[abc]\b")
# Day / month / year codes of the extracts ("Jo Mo An"), a strong sign once a heading is there.
_CIEC_CODES = re.compile(r"\bjo\b[\s|.:/-]{0,12}\bmo\b[\s|.:/-]{0,12}\ban\b")


@dataclass(frozen=True)
class Subject:
    """One kind of record: its code, French name and the headings that name it on a form, by language."""

    code: str
    french: str
    eu_words: tuple[str, ...]
    ciec_headings: tuple[str, ...] = ()


SUBJECTS: tuple[Subject, ...] = (
    Subject("birth", "naissance",
            (r"\bbirth\b", r"\bnaissance\b", r"\bgeburt", r"\bnacimiento\b", r"\bnascita\b", r"\bnascimento\b",
             r"\burodzeni", r"\bnastere\b", r"\bgeboorte"),
            (r"extrait\s+(?:plurilingue\s+)?d.?acte\s+de\s+naissance", r"auszug\s+aus\s+dem\s+geburts",
             r"estratto\s+(?:plurilingue\s+)?dell.?atto\s+di\s+nascita", r"uittreksel\s+uit\s+de\s+geboorteakte",
             r"extracto\s+(?:plurilingue\s+)?de\s+(?:acta|inscripcion)\s+de\s+nacimiento",
             r"extract\s+(?:from\s+the\s+|of\s+(?:an\s+)?)?(?:entry|record|register)\s+of\s+births?",
             r"dogum\s+kaydi", r"odpis\s+skrocony\s+aktu\s+urodzenia",
             r"extrato\s+(?:do\s+)?registo\s+de\s+nascimento")),
    Subject("marriage", "mariage",
            (r"\bmarriage\b", r"\behe(?:schlie)?", r"\bmatrimonio\b", r"\bcasamento\b", r"\bmalzenstw",
             r"\bcasatori", r"\bhuwelijk"),
            (r"extrait\s+(?:plurilingue\s+)?d.?acte\s+de\s+mariage", r"auszug\s+aus\s+dem\s+(?:heirats|ehe)",
             r"estratto\s+(?:plurilingue\s+)?dell.?atto\s+di\s+matrimonio", r"uittreksel\s+uit\s+de\s+huwelijksakte",
             r"extracto\s+(?:plurilingue\s+)?de\s+(?:acta|inscripcion)\s+de\s+matrimonio",
             r"extract\s+(?:from\s+the\s+|of\s+(?:an\s+)?)?(?:entry|record|register)\s+of\s+marriages?",
             r"evlenme\s+kaydi")),
    Subject("death", "décès",
            (r"\bdeath\b", r"\bdeces\b", r"\btod\b", r"\bsterbe", r"\bdefuncion\b", r"\bmorte\b", r"\bobito\b",
             r"\bzgon", r"\bdeces\b", r"\boverlijden\b"),
            (r"extrait\s+(?:plurilingue\s+)?d.?acte\s+de\s+deces", r"auszug\s+aus\s+dem\s+sterbe",
             r"estratto\s+(?:plurilingue\s+)?dell.?atto\s+di\s+morte", r"uittreksel\s+uit\s+de\s+overlijdensakte",
             r"extracto\s+(?:plurilingue\s+)?de\s+(?:acta|inscripcion)\s+de\s+defuncion",
             r"extract\s+(?:from\s+the\s+|of\s+(?:an\s+)?)?(?:entry|record|register)\s+of\s+deaths?",
             r"olum\s+kaydi")),
    Subject("being_alive", "vie", (r"\bbeing\s+alive\b", r"\bde\s+vie\b", r"\blebens", r"\bfe\s+de\s+vida\b",
                                   r"\besistenza\s+in\s+vita\b", r"\bprova\s+de\s+vida\b", r"\bin\s+leven\b")),
    Subject("marital_status", "situation de famille",
            (r"\bmarital\s+status\b", r"\bsituation\s+de\s+famille\b", r"\bfamilienstand",
             r"\bestado\s+civil\b", r"\bstato\s+civile\b", r"\bstan\s+cywilny\b", r"\bstare\s+civila\b",
             r"\bburgerlijke\s+staat\b")),
    Subject("registered_partnership", "partenariat enregistré",
            (r"\bregistered\s+partnership\b", r"\bpartenariat\s+enregistre\b", r"\blebenspartnerschaft",
             r"\bpareja\s+de\s+hecho\b", r"\bunione\s+civile\b", r"\bgeregistreerd\s+partnerschap\b")),
    Subject("residence", "domicile et résidence",
            (r"\bdomicile\b", r"\bresidence\b", r"\bwohnsitz\b", r"\bdomicilio\b", r"\bresidencia\b",
             r"\bresidenza\b", r"\bmiejsce\s+zamieszkania\b", r"\bwoonplaats\b")),
    Subject("no_criminal_record", "absence de condamnations pénales",
            (r"\bcriminal\s+record\b", r"\bcasier\s+judiciaire\b", r"\bcondamnations?\b", r"\bfuhrungszeugnis\b",
             r"\bantecedentes\s+penales\b", r"\bcasellario\s+giudiziale\b", r"\bniekaralnosci\b")),
)
_BY_CODE = {s.code: s for s in SUBJECTS}


@dataclass(frozen=True)
class Recognised:
    """A form recognised in a text: its family (`eu_2016_1191` or `ciec`), its subject, and what was seen."""

    family: str
    subject: str
    evidence: tuple[str, ...]

    @property
    def code(self) -> str:
        """The stored code, `<family>:<subject>` (`ciec:birth`)."""
        return f"{self.family}:{self.subject}"


def plain(text: str) -> str:
    """Lower case, accents removed, whitespace runs made one space: what the patterns read."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.replace("ł", "l").replace("ı", "i"))


def recognise(text: str) -> Recognised | None:
    """The standard form or multilingual extract `text` is, if its printed headings and codes say so."""
    flat = plain(text)
    return _eu_form(flat) or _ciec_extract(flat)


def _eu_form(flat: str) -> Recognised | None:
    number = _EU_NUMBER.search(flat)
    heading = _first(_EU_HEADINGS, flat)
    if number is None or heading is None:
        return None  # the number alone may be a letter quoting the regulation; the heading alone, anything
    counts = {s.code: sum(len(re.findall(p, flat)) for p in s.eu_words) for s in SUBJECTS}
    subject = max(counts, key=lambda code: counts[code])
    if counts[subject] == 0:
        return None
    return Recognised(EU_REGULATION, subject, (number.group(0), heading))


def _ciec_extract(flat: str) -> Recognised | None:
    best: tuple[int, Subject, list[str]] | None = None
    for subject in SUBJECTS:
        seen = [m.group(0) for p in subject.ciec_headings if (m := re.search(p, flat))]
        if seen and (best is None or len(seen) > best[0]):
            best = (len(seen), subject, seen)
    if best is None:
        return None
    marks = [m.group(0) for p in _CIEC_MARKS if (m := re.search(p, flat))]
    codes = _CIEC_CODES.search(flat)
    # An extract prints its heading in several languages; one heading needs the CIEC's mark or codes beside it.
    if best[0] >= 2 or marks or codes:
        evidence = [*best[2], *marks, *([codes.group(0)] if codes else [])]
        return Recognised(CIEC_EXTRACT, best[1].code, tuple(evidence))
    return None


def _first(patterns: tuple[str, ...], flat: str) -> str | None:
    for pattern in patterns:
        found = re.search(pattern, flat)
        if found:
            return found.group(0)
    return None


# The French headings an agent reads each form with. CIEC extracts number their boxes; the EU forms name
# theirs, and exist in French on the European e-Justice portal (e-justice.europa.eu, "Documents publics").
_CIEC_FIELDS = {
    "birth": ("État", "Service de l'état civil", "Acte de naissance n°", "Date de naissance (Jo Mo An)",
              "Lieu de naissance", "Sexe (M / F)", "Nom", "Prénoms", "Père : nom et prénoms",
              "Mère : nom et prénoms", "Mentions marginales", "Date de délivrance, signature et sceau"),
    "marriage": ("État", "Service de l'état civil", "Acte de mariage n°", "Date du mariage (Jo Mo An)",
                 "Lieu du mariage", "Époux : nom, prénoms, date et lieu de naissance",
                 "Épouse : nom, prénoms, date et lieu de naissance", "Noms après le mariage",
                 "Mentions marginales", "Date de délivrance, signature et sceau"),
    "death": ("État", "Service de l'état civil", "Acte de décès n°", "Date du décès (Jo Mo An)",
              "Lieu du décès", "Nom", "Prénoms", "Sexe (M / F)", "Date et lieu de naissance",
              "Dernier domicile", "Nom du conjoint", "Date de délivrance, signature et sceau"),
}
_EU_FIELDS = ("Autorité qui délivre le document public", "Nom", "Prénom(s)", "Sexe", "Date de l'événement",
              "Lieu de l'événement", "Date de naissance", "Lieu de naissance", "Nationalité",
              "Date de délivrance, signature et sceau de l'autorité")
CODES = {"Jo": "jour", "Mo": "mois", "An": "année", "M": "masculin", "F": "féminin"}


@dataclass(frozen=True)
class FrenchKey:
    """What replaces a translation of a recognised form: its French name and its fields' French headings."""

    title: str
    fields: tuple[str, ...]
    codes: dict[str, str]
    source: str


def french_key(code: str) -> FrenchKey | None:
    """The French key of a stored form code (`ciec:birth`, `eu_2016_1191:marriage`); None when unknown."""
    family, _, subject_code = code.partition(":")
    subject = _BY_CODE.get(subject_code)
    if subject is None:
        return None
    if family == CIEC_EXTRACT:
        return FrenchKey(f"Extrait plurilingue d'acte de {subject.french}", _CIEC_FIELDS.get(subject.code, ()),
                         CODES, "Convention CIEC n° 16 (Vienne, 1976) et n° 34 (Strasbourg, 2014)")
    if family == EU_REGULATION:
        return FrenchKey(f"Formulaire type multilingue : {subject.french}", _EU_FIELDS, {},
                         "Règlement (UE) 2016/1191 ; version française sur e-justice.europa.eu")
    return None
