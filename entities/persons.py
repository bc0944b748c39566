"""Person names: after a title ("Herr", "Sra.", "Dott.ssa", "Mme"), in labelled form fields ("Name:",
"Apellidos:", "Nazwisko:"), before a birth cue ("…, geboren am", "…, nacido el"), and every occurrence of
the names the caller gives as hints (any order, any case, with or without accents).
"""

from __future__ import annotations

import re
from functools import cache

from entities.text import GAP, fold
from entities.types import Entity, Hints

# Titles and forms of address of the partner languages, as written (case matters: "Frau" is a title,
# "frau" is not, and "Hausfrau" has no word boundary before "frau").
_TITLES = (
    # de
    "Herr", "Herrn", "Frau", "Fräulein", "Hr.", "Fr.", "Eheleute",
    # es, pt
    "Sr.", "Sra.", "Srta.", "Sr.ª", "Sra.ª", "D.", "Dña.", "Dª", "D.ª", "Don", "Doña", "Señor", "Señora",
    "Senhor", "Senhora", "Exmo.", "Exma.", "Exmo. Sr.", "Exma. Sra.", "Dra.",
    # it
    "Sig.", "Sig.ra", "Sig.na", "Signor", "Signora", "Dott.", "Dott.ssa", "Avv.", "Ing.", "Prof.ssa",
    "Gent.mo", "Gent.ma", "Egr.",
    # pl
    "Pan", "Pani", "Panu", "Panią", "Pana",
    # ro
    "Dl.", "Dna.", "D-na", "D-l", "D-lui", "D-nei", "Domnul", "Doamna", "Domnului", "Doamnei",
    # nl
    "Dhr.", "Mevr.", "De heer", "de heer", "Mevrouw", "Meneer",
    # en
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Mx", "Sir", "Madam", "Dr", "Dr.", "Prof.",
    # fr
    "M.", "MM.", "Mme", "Mme.", "Mmes", "Mlle", "Monsieur", "Madame", "Mademoiselle", "Me", "Maître",
    # full-word forms of address also written in lower case inside sentences ("Estimado señor García")
    "señor", "señora", "senhor", "senhora", "signor", "signora", "monsieur", "madame", "heer", "mevrouw",
    "domnul", "doamna", "sig.", "sig.ra", "dott.", "dott.ssa",
)
# Degrees that may stand between the title and the name ("Frau Dr. med. Weber").
_DEGREES = r"(?:(?:Dr|Prof|Dipl\.-Ing|Mag|Ing|med|rer\. nat|phil|jur|h\. ?c|dent)\.?" + GAP + ")*"

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİĹĽŁŃŇŌŐŒŔŘŚŞŠȘŢŤȚŪŮŰŸŹŻŽ"
# A capitalised word or an initial, never a form label ("Vorname:" ends a name, it is not part of one).
_NAME_WORD = rf"(?:[{_UPPER}]\.(?![\w])|[{_UPPER}][\w'’]*(?:-[{_UPPER}][\w'’]*)*(?![\w'’-]*[ \t]*:[ \t]*[^\s]))"
_PARTICLE = r"(?:von|van|de|der|den|da|das|do|dos|di|del|della|degli|la|le|du|des|y|e|zu|ten|ter|af|bin|ben|el|d'|al-)"
# One to five name words, particles allowed between them.
_NAME = rf"{_NAME_WORD}(?:(?:{GAP}|{GAP}(?:{_PARTICLE}{GAP}){{1,2}}|{GAP}?-{GAP}?)(?:{_NAME_WORD})){{0,4}}"

# Capitalised words that follow a title or a label without being names: months, days, form words and
# German nouns that open letters ("Frau Rentenversicherung" is never a person).
_NOT_NAMES = frozenset(fold(w) for w in (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember Montag Dienstag Mittwoch "
    "Donnerstag Freitag Samstag Sonntag Straße Strasse Str Rente Renten Bescheid Antrag Versicherung Nummer Datum "
    "Geburtsdatum Geburtsort Anschrift Adresse Wohnort Vorname Nachname Name Familienname Geburtsname "
    "Staatsangehörigkeit Kinder Kind Ehefrau Ehemann Witwe Witwer Bank Konto Betrag Euro EUR Seite Anlage Anlagen "
    "Nr Tel Telefon Fax Mail "
    "E-Mail Calle Avenida Fecha Nacimiento Domicilio Nombre Apellidos Apellido Hijo Hija Via Data Nascita Nome Cognome "
    "Indirizzo Rua Morada Nazwisko Imię Adres Data Urodzenia Nume Prenume Adresa Naam Voornaam Adres Geboortedatum "
    "Date Address First Surname Birth Nom Prénom Adresse Naissance Rue Avenue Né Née Le La Les The Dear Sehr Geehrte "
    "Geehrter Estimado Estimada Gentile Caro Cara Prezado Prezada Szanowny Szanowna Stimate Stimată Geachte Cher Chère "
    "Objet Betreff Asunto Oggetto Assunto Dotyczy Subiect Onderwerp Subject Re Ref Az Aktenzeichen Referencia "
    "Deutsche Rentenversicherung Krankenkasse Seguridad Social Instituto Nacional Sie Ihre Ihr Ihnen Ihrer Ihres Wir "
    "Ich Uns Unser Unsere Der Die Das Den Dem Des Ein Eine Einen Mit Und Oder Bitte Vielen Dank Hiermit Wie Im In "
    "Am Zum Zur Von Bei Nach Für Auf Es Er Usted Ustedes Su Sus Lei Voi Vous Nous Il Elle You Your We Our Mit "
    "Freundlichen Grüßen Atentamente Cordiali Saluti Cumprimentos Pozdrawiam Cu Stimă Hoogachtend Yours Sincerely "
    "Faithfully Cordialement Salutations Assuré Assurée Allocataire Allocatrice Versicherte Versicherter "
    "Titular Solicitante Requerente Beneficiário Beneficiario Interesado Interesada Richiedente Assicurato "
    "Assicurata Claimant Applicant Deceased Widow Widower".split())) | {fold(t).strip(".") for t in _TITLES}
# German nouns ("Entscheidung", "Mitgliedschaft") end a name even when not listed; surnames with these
# endings are short ("Jung", "Hartung"), hence the length.
_NOUN_ENDING = re.compile(r"(?:ung|heit|keit|schaft|tion|tät|ismus|nis|rente|versicherung|kasse|amt|bescheid|antrag)$")

# Address windows are often in capitals ("HERRN HANS MÜLLER", "MONSIEUR JEAN DUPONT").
_ALL_TITLES = {*_TITLES, *(t.upper() for t in _TITLES if len(t.rstrip(".")) >= 3)}
_TITLE = "|".join(re.escape(t) for t in sorted(_ALL_TITLES, key=len, reverse=True))
_TITLE_GAP = rf"(?:{GAP}|[ \t]*\r?\n[ \t]*)"
_AFTER_TITLE = re.compile(rf"(?<![\w.])(?:{_TITLE})(?![\w])(?:{_TITLE_GAP}(?:{_TITLE})(?![\w]))*{_TITLE_GAP}{_DEGREES}"
                          rf"(?P<name>(?:{_PARTICLE}{GAP}){{0,2}}{_NAME})")

_LABELS = (
    "Name", "Vorname", "Vornamen", "Familienname", "Nachname", "Geburtsname", "Name, Vorname", "Vor- und Nachname",
    "Name des Versicherten", "Versicherte Person", "Antragsteller", "Antragstellerin", "Apellidos", "Apellido",
    "Primer apellido", "Segundo apellido", "Nombre", "Nombre y apellidos", "Apellidos y nombre", "Titular", "Nome",
    "Cognome", "Nome e cognome", "Cognome e nome", "Nome completo", "Apelido", "Apelidos", "Nazwisko", "Imię", "Imiona",
    "Imię i nazwisko", "Nazwisko i imię", "Nume", "Prenume", "Numele", "Nume și prenume", "Nume şi prenume", "Naam",
    "Voornaam", "Voornamen", "Achternaam", "Geslachtsnaam", "Nom", "Prénom", "Prénoms", "Nom de naissance",
    "Nom d'usage", "Nom de famille", "Nom et prénom", "Nom, prénom", "Assuré", "Assurée", "Surname", "First name",
    "First names", "Forename", "Forenames", "Given name", "Given names", "Family name", "Full name", "Last name",
    "Name of the insured person", "Insured person", "Applicant", "Beneficiary", "Beneficiario", "Beneficiaria",
)
_LABEL = "|".join(re.escape(label) for label in sorted(_LABELS, key=len, reverse=True))
_LABELLED = re.compile(
    rf"(?:^|(?<=[\s;|,(]))[ \t]*(?i:{_LABEL})(?:\s*\((?:in|e|a|r)\)|/in)?[ \t]*:[ \t]*"
    rf"(?P<name>{_NAME_WORD}(?:(?:,?[ ]|[ ]?-[ ]?|(?:[ ]{_PARTICLE}){{1,2}}[ ]){_NAME_WORD}){{0,5}})",
    re.MULTILINE)
_BEFORE_BIRTH = re.compile(
    rf"(?P<name>{_NAME_WORD}(?:{GAP}(?:{_PARTICLE}{GAP})?{_NAME_WORD}){{1,4}}),?{GAP}\(?(?:geboren|geb\.|nacid[oa]|nat[oa]|"
    r"nascid[oa]|née?|born|urodzon[ya]|n[ăa]scut[ăa]?|geboren op)(?![\w])")
# A name alone on the line after a closing formula, or after "Firmado:", "Je soussignée,"...
_CLOSINGS = (
    "Mit freundlichen Grüßen", "Mit freundlichem Gruß", "Freundliche Grüße", "Hochachtungsvoll", "Atentamente",
    "Un saludo", "Saludos cordiales", "Cordialmente", "Distinti saluti", "Cordiali saluti", "Con osservanza",
    "Com os melhores cumprimentos", "Atenciosamente", "Com os cumprimentos", "Yours sincerely", "Yours faithfully",
    "Kind regards", "Best regards", "Regards", "Sincerely", "Cordialement", "Bien cordialement",
    "Salutations distinguées", "Z poważaniem", "Z wyrazami szacunku", "Cu stimă", "Cu respect",
    "Met vriendelijke groet", "Hoogachtend",
)
_SIGNATURES = ("Firmado", "Fdo.", "Firmato", "Assinado", "Signed", "Signé", "Gezeichnet", "gez.", "Unterschrift",
               "Je soussigné", "Je soussignée", "Je soussigné(e)", "Io sottoscritto", "Io sottoscritta",
               "Eu, abaixo assinado", "El abajo firmante", "La abajo firmante", "Der Unterzeichnete",
               "Die Unterzeichnete", "I, the undersigned", "Niżej podpisany", "Niżej podpisana", "Subsemnatul",
               "Subsemnata", "Ondergetekende")
_LINE_NAME = rf"{_NAME_WORD}(?:(?:[ ]|[ ](?:{_PARTICLE}[ ]){{1,2}}|-){_NAME_WORD}){{1,4}}"
_AFTER_CLOSING = re.compile(
    rf"(?i:{'|'.join(re.escape(c) for c in _CLOSINGS)})[ \t]*[,.!]?[ \t]*\r?\n[ \t]*(?P<name>{_LINE_NAME})"
    r"[ \t]*(?=\r?\n|$)")
_AFTER_SIGNATURE = re.compile(
    rf"(?<![\w])(?:{'|'.join(re.escape(s) for s in sorted(_SIGNATURES, key=len, reverse=True))})[ \t]*[:,]?[ \t]*"
    rf"(?P<name>{_LINE_NAME})")
_MAIDEN = re.compile(rf"(?<![\w])(?:geb\.|geborene|née|nacida|nata|nascida|z domu|născută){GAP}(?P<name>{_NAME})")


_PARTICLES = frozenset(_PARTICLE[3:-1].split("|"))


def _not_a_name(word: str) -> bool:
    folded = fold(word).strip(".")
    if re.match(r"[ldn]['’]", folded):  # "L'assuré", "d'Arc" are elided articles before a noun
        folded = folded[2:]
    return folded in _NOT_NAMES or not folded or (len(folded) >= 9 and bool(_NOUN_ENDING.search(folded)))


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop trailing words that are not names; None when no name word is left."""
    words = list(re.finditer(r"[\w'’.-]+", text[start:end]))
    while words and _not_a_name(words[0].group(0)):
        words.pop(0)
    for n, word in enumerate(words):
        if fold(word.group(0)) not in _PARTICLES and _not_a_name(word.group(0)):
            words = words[:n]
            break
    while words and fold(words[-1].group(0)).rstrip(".") in _PARTICLES:
        words.pop()
    if not words or all(len(w.group(0).rstrip(".")) <= 1 for w in words):
        return None
    new_start, new_end = start + words[0].start(), start + words[-1].end()
    if re.search(r"['’]s$", words[-1].group(0)):
        new_end -= 2  # the English possessive: "Dr Shiegal's number"
    if text[new_end - 1] == "." and len(words[-1].group(0)) > 2:
        new_end -= 1  # a sentence's full stop, not an initial
    return new_start, new_end


def _entity(text: str, start: int, end: int, source: str, confidence: float) -> Entity | None:
    span = _trim(text, start, end)
    if span is None:
        return None
    return Entity(text[span[0]:span[1]], "person", span[0], span[1], source=source, confidence=confidence)


# Each cue pattern runs only where a cheap test says its cue may be there: most segments have none.
_TITLE_WORDS = frozenset(t.split()[0] for t in _ALL_TITLES)
_BIRTH_HINT = re.compile(r"(?i:geb|nac|nat|nasc|n[ée]|born|urodz|n[ăa]sc)")
_SIGNATURE_HINT = re.compile(r"(?i:firm|fdo|assin|sign|gez|unters|soussign|sottoscr|abaixo|abajo|undersigned|podpis|"
                             r"subsemnat|ondergetekende)")


def _cue_patterns(text: str) -> list[tuple[re.Pattern[str], str, float]]:
    patterns: list[tuple[re.Pattern[str], str, float]] = []
    if not _TITLE_WORDS.isdisjoint(word.lstrip("(\"'«„“[") for word in text.split()):
        patterns.append((_AFTER_TITLE, "cue", 0.9))
    if ":" in text:
        patterns.append((_LABELLED, "label", 0.9))
    if _BIRTH_HINT.search(text):
        patterns += [(_BEFORE_BIRTH, "cue", 0.8), (_MAIDEN, "cue", 0.8)]
    if "\n" in text:
        patterns.append((_AFTER_CLOSING, "cue", 0.8))
    if _SIGNATURE_HINT.search(text):
        patterns.append((_AFTER_SIGNATURE, "cue", 0.9))
    return patterns


def from_cues(text: str) -> list[Entity]:
    """Names after titles, in labelled fields, before birth cues, after maiden-name cues and signatures."""
    found = []
    for pattern, source, confidence in _cue_patterns(text):
        for match in pattern.finditer(text):
            entity = _entity(text, *match.span("name"), source, confidence)
            if entity is not None:
                found.append(entity)
    return found


def _token_pattern(token: str) -> str:
    out = []
    for char in token:
        folded = fold(char)
        if char in "äöüÄÖÜ":
            out.append(f"(?:{folded}e?)")  # "Müller" is also written "Mueller"
        elif folded == "ß":
            out.append("(?:ß|ss)")
        else:
            out.append(re.escape(folded))
    pattern = "".join(out)
    return pattern.replace("ss", "(?:ss|ß)") if "ss" in fold(token) else pattern


@cache
def _hint_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    tokens = {t for name in names for t in re.findall(r"[^\W\d_]+", name) if len(t) >= 2}
    if not tokens:
        return None
    word = "|".join(_token_pattern(t) for t in sorted(tokens, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{word})(?:(?:,?{GAP}|-)(?:{word}))*(?![\w])")


def from_hints(text: str, hints: Hints | None) -> list[Entity]:
    """Every occurrence of the hinted names, whole or in part, in any order, case or accentuation."""
    if hints is None:
        return []
    pattern = _hint_pattern(hints.all_names())
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(fold(text)):
        start, end = match.span()
        raw = text[start:end]
        single = not re.search(r"[\s,-]", raw)
        # One word alone counts when capitalised as a name and not part of a hyphenated place name.
        if single and (not raw[:1].isupper() or (start > 0 and text[start - 1] == "-")):
            continue
        found.append(Entity(raw, "person", start, end, source="hint", confidence=1.0))
    return found


def find(text: str, hints: Hints | None = None) -> list[Entity]:
    """Person names from cues and from the caller's hints."""
    return from_hints(text, hints) + from_cues(text)
