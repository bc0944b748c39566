"""Phone numbers (through the phonenumbers library), e-mail addresses (also obfuscated) and URLs."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberFormat

from entities.text import SP
from entities.types import DetectOptions, Entity

_LANG_REGION = {"de": "DE", "es": "ES", "it": "IT", "pt": "PT", "pl": "PL", "ro": "RO", "nl": "NL", "en": "GB",
                "fr": "FR", "tr": "TR"}

# Anything shaped like a phone number: an international prefix ("+33", "0033", "(+49)") or a digit,
# then digits in groups separated by spaces, dots, slashes or hyphens, maybe an area code in brackets.
_PHONE = re.compile(
    rf"(?<![\w+/.,-])(?:\({SP}?\+{SP}?\d{{1,3}}{SP}?\)|\+{SP}?\d{{1,3}}|00{SP}?[1-9]\d{{0,2}}|\(0\d{{1,5}}\)|\d)"
    rf"(?:(?:{SP}|[./-]|{SP}[/-]{SP}){{0,1}}(?:\(0?\d{{1,5}}\)|\d)){{5,18}}(?![\w]|[.,/-]\d)")
_NUMERIC_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})|\d{4}-\d{2}-\d{2}")
_FRENCH_PAIRS = re.compile(rf"0[1-9](?:(?:{SP}|[.-])\d{{2}}){{4}}")
_PHONE_CUE = re.compile(r"(?i:\b(?:t[eéè]l(?:[eé]fono|efone|efon|[eé]phone|efoon)?|phone|mobile?|portable|cell|"
                        r"handy|m[oó]vil|cellulare|telem[oó]vel|fax|telefax|tlf|tfno|nr\.? tel))\b[^\n\d+]{0,12}$")


def _has_trunk_prefix(region: str) -> bool:
    metadata = PhoneMetadata.metadata_for_region(region)
    return metadata is not None and metadata.national_prefix is not None


def _regions(raw: str, region: str, fallbacks: tuple[str, ...]) -> list[str]:
    regions = [region, *[r for r in fallbacks if r != region]]
    if _FRENCH_PAIRS.fullmatch(raw) and "FR" in regions:
        regions.remove("FR")
        regions.insert(0, "FR")  # "06 12 34 56 78" is written so only in France
    return regions


def _parse(raw: str, regions: list[str], cued: bool) -> phonenumbers.PhoneNumber | None:
    international = raw.lstrip("(").lstrip().startswith(("+", "00"))
    for region in regions:
        # A number without its trunk "0" is a phone only where the country has no trunk prefix, or after a cue.
        if not international and raw[0] != "0" and _has_trunk_prefix(region) and not cued:
            continue
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
        if international:
            return None
    return None


def phones(text: str, lang: str, options: DetectOptions) -> list[Entity]:
    """Phone numbers valid for their country, international or national (region from `lang`)."""
    region = options.phone_region or _LANG_REGION.get(lang, "FR")
    found = []
    for match in _PHONE.finditer(text):
        raw = match.group(0)
        digits = sum(c.isdigit() for c in raw)
        if not 7 <= digits <= 15 or _NUMERIC_DATE.fullmatch(raw):
            continue
        cued = bool(_PHONE_CUE.search(text, max(0, match.start() - 32), match.start()))
        number = _parse(raw, _regions(raw, region, options.fallback_regions), cued)
        if number is None:
            continue
        found.append(Entity(raw, "identifier", match.start(), match.end(), scheme="phone",
                            value=phonenumbers.format_number(number, PhoneNumberFormat.E164),
                            country=phonenumbers.region_code_for_number(number), source="library",
                            confidence=1.0 if cued or raw.startswith(("+", "00", "(")) else 0.9))
    return found


_TLDS = ("de|fr|es|it|pt|pl|ro|nl|be|lu|ch|at|uk|eu|com|org|net|gov|int|info|ie|dk|se|no|fi|cz|sk|hu|gr|bg|hr|si|"
         "ma|dz|tn|tr|us|ca|io|edu")
_AT = (r"(?:{sp}*(?:@|\(\s*(?:at|arobase|arroba|chiocciola|malpa)\s*\)|\[\s*(?:at|arobase|arroba)\s*\]"
       r"|\{{\s*at\s*\}}|<at>){sp}*|{sp}+(?:at|arobase|arroba|chez){sp}+)")
_DOT = (r"(?:\.|{sp}*(?:\(\s*(?:dot|point|punto|ponto|punkt|kropka)\s*\)|\[\s*(?:dot|point|punto|ponto|punkt)\s*\])"
        r"{sp}*|{sp}+(?:dot|point|punto|ponto|punkt){sp}+)")
_EMAIL = re.compile(
    r"(?<![\w.+-])([\w.+-]*\w)" + _AT.format(sp=SP) + r"(\w[\w-]*(?:" + _DOT.format(sp=SP) + r"\w[\w-]*)+)",
    re.IGNORECASE)
_LABEL_DOT = re.compile(_DOT.format(sp=SP), re.IGNORECASE)
_KNOWN_TLD = re.compile(rf"(?:{_TLDS})", re.IGNORECASE)


def emails(text: str) -> list[Entity]:
    """E-mail addresses, including "jean.dupont (at) example (dot) fr" and "... arobase ... point fr"."""
    if "@" not in text and "at" not in text.lower() and "arob" not in text.lower() and "arrob" not in text.lower():
        return []
    found = []
    for match in _EMAIL.finditer(text):
        local, domain = match.group(1), match.group(2)
        labels = _LABEL_DOT.split(domain)
        plain = "@" in match.group(0) and "." in domain and not any(w in domain.lower() for w in (" dot ", "(dot"))
        if not 2 <= len(labels[-1]) <= 6 or not labels[-1].isalpha():
            continue
        if not plain and not _KNOWN_TLD.fullmatch(labels[-1]):
            continue  # "meet at home dot" is not an address; obfuscated ones must end in a real domain
        value = f"{local}@{'.'.join(labels)}".lower()
        found.append(Entity(match.group(0), "email", match.start(), match.end(), value=value, source="pattern",
                            confidence=1.0 if plain else 0.9))
    return found


_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'\[\]]+[^\s<>\"'.,;:!?\[\]]"
    rf"|(?<![\w@.-])(?:[a-z0-9][a-z0-9-]*\.)+(?:{_TLDS})(?:/[^\s<>\"'\[\]]*[^\s<>\"'.,;:!?\[\]])?(?![\w@-])",
    re.IGNORECASE)


def urls(text: str) -> list[Entity]:
    """Web addresses with a scheme, starting "www.", or a bare domain of a known top-level domain."""
    if "." not in text:
        return []
    found = []
    for match in _URL.finditer(text):
        raw = match.group(0)
        while raw.endswith(")") and raw.count("(") < raw.count(")"):
            raw = raw[:-1]  # "(see www.inps.it)" keeps its bracket
        bare = not raw.lower().startswith(("http", "www."))
        if bare and (raw != raw.lower() or len(raw.split(".")[0]) < 2):
            continue  # "Nr.DE", "z.B" and other abbreviations are not domains
        found.append(Entity(raw, "url", match.start(), match.start() + len(raw), value=raw, source="pattern",
                            confidence=0.9 if bare else 1.0))
    return found
