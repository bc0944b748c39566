"""What a history CSV looks like before its rows are read: encoding, separator, column names.

Managers export from Excel, which in France writes Windows-1252 (or UTF-16 for "Unicode text", UTF-8
with a BOM for "CSV UTF-8"), separates fields with `;` and keeps the column titles people typed. The
encoding is told by the BOM, then by the NUL bytes of UTF-16, then by whether the bytes are valid UTF-8;
anything else is read as Windows-1252, whose only holes are five bytes. The separator is the one among
`;`, `,` and tab that splits the header into the most known column names. Column titles are compared
without case, accents, `_`/`-` and a "(€)" or "(EUR)" suffix, and the French titles below are aliases.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections import Counter

from service.history.errors import HistoryHeaderInvalid, HistoryNotUtf8
from service.history.schemas import COLUMNS

SEPARATORS = (";", ",", "\t")
# French titles accepted for each column (compared normalised, see `normalised_name`).
ALIASES: dict[str, tuple[str, ...]] = {
    "reference": ("référence", "numéro de dossier", "n° de dossier", "dossier"),
    "caisse_code": ("code caisse", "caisse"),
    "source_lang": ("langue source", "langue d'origine"),
    "target_lang": ("langue cible", "langue de traduction"),
    "pages": ("nombre de pages", "nb pages"),
    "received_on": ("date de réception", "reçu le", "date réception"),
    "delivered_on": ("date de livraison", "livré le", "date livraison"),
    "handled_by": ("traité par", "traitement"),
    "external_cost_eur": ("coût externe", "coût externe en euros", "coût", "montant"),
}
_SUFFIX = re.compile(r"\s*\((?:€|eur|euros?)\)$|\s*(?:€|eur)$")


def normalised_name(title: str) -> str:
    """A column title as compared: lower case, no accents, spaces for `_` and `-`, no currency suffix."""
    text = unicodedata.normalize("NFKD", title.strip().casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("_", " ").replace("-", " ")
    return " ".join(_SUFFIX.sub("", text).split())


_KNOWN = {normalised_name(name): column for column in COLUMNS
          for name in (column, *ALIASES.get(column, ()))}


def column_of(title: str) -> str | None:
    """The column a header title names, or None."""
    return _KNOWN.get(normalised_name(title))


def decode_lines(data: bytes) -> list[str]:
    """The file's lines as text, whatever of UTF-8, UTF-16 or Windows-1252 Excel wrote it in."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decoded(data, "utf-16")
    head = data[:200]
    if len(head) >= 2 and head.count(0) * 3 >= len(head):  # UTF-16 without BOM: every other byte is NUL
        return _decoded(data, "utf-16-le" if head[1] == 0 else "utf-16-be")
    try:
        return data.decode("utf-8-sig").splitlines(keepends=True)
    except UnicodeDecodeError as e:
        if data.startswith(codecs.BOM_UTF8):
            raise HistoryNotUtf8(data[:e.start].count(b"\n") + 1) from e
    return _decoded(data, "cp1252")


def _decoded(data: bytes, encoding: str) -> list[str]:
    try:
        return data.decode(encoding).splitlines(keepends=True)
    except UnicodeDecodeError as e:
        raise HistoryNotUtf8(data[:e.start].count(b"\n") + 1) from e


def separator(header_line: str) -> str:
    """The separator that splits the header into the most known columns (or HistoryHeaderInvalid)."""
    scores = {}
    for candidate in SEPARATORS:
        cells = next(csv.reader([header_line], delimiter=candidate), [])
        scores[candidate] = (sum(1 for c in cells if column_of(c)), len(cells))
    best = max(SEPARATORS, key=lambda s: scores[s])
    if scores[best][1] > 1:
        return best
    found = Counter(ch for ch in header_line if not ch.isalnum() and ch not in " _-'’()€°\r\n\"")
    guess = found.most_common(1)[0][0] if found else None
    named = f"its separator seems to be {guess!r}" if guess else "no separator was found"
    raise HistoryHeaderInvalid(f"The first line reads as a single column ({header_line.strip()[:60]!r}): "
                               f"{named}. Separate the columns with ';', ',' or a tab (Excel: save as "
                               "\"CSV (séparateur : point-virgule)\").")
