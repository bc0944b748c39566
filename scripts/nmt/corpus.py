"""The multilingual training mix: corpora tagged by language and origin, test sets kept out.

Every training example is a (source, target) pair plus three tags that the model reads as
the first source tokens: the source language (`<de>`), the target language (`<2fr>`) and the
origin of the pair (`<direct>` human translations, `<pivot>` pairs joined through a shared
English sentence, `<synth>` machine-translated sources, `<phrase>` the project's phrasebook,
`<dict>` FreeDict dictionary entries). The origin tag lets the model tell noisy data from
clean data; at translation time the manifest fixes the tag that measured best.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .data import ISO3

ORIGINS = ("direct", "pivot", "synth", "phrase", "dict")
LANGUAGES = ("ar", "de", "en", "es", "fr", "it", "nl", "pl", "pt", "ro", "tr")
TARGETS = ("fr", "en")
# Letters the vocabulary must hold even where the data is thin (SentencePiece required_chars):
# Polish, Romanian (comma-below and cedilla forms), Portuguese, Italian, Turkish, German,
# Spanish, Dutch and French.
REQUIRED_CHARS = ("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ" "ăâîșțşţĂÂÎȘȚŞŢ" "ãõçáéíóúàâêôÃÕÇÁÉÍÓÚÀÂÊÔ"
                  "àèéìíòóùÀÈÉÌÒÙ" "çğıöşüÇĞİÖŞÜ" "äöüßÄÖÜẞ" "ñ¡¿Ñ" "ĳĲ" "œæëïÿŒÆËÏŸ" "«»’€")
DICTD = Path("/usr/share/dictd")


def tags(source: str, target: str, origin: str) -> list[str]:
    """The tag tokens that start a source segment."""
    return [f"<{source}>", f"<2{target}>", f"<{origin}>"]


def tag_symbols() -> list[str]:
    """Every tag token (SentencePiece user-defined symbols, one piece each)."""
    return ([f"<{lang}>" for lang in LANGUAGES] + [f"<2{lang}>" for lang in TARGETS]
            + [f"<{o}>" for o in ORIGINS])


def normalise(text: str) -> str:
    """The form sentences are compared in (NFC, no-break spaces as spaces, collapsed)."""
    text = unicodedata.normalize("NFC", text).replace("\u202f", " ").replace("\u00a0", " ")
    return " ".join(text.split())


@dataclass
class Corpus:
    """One tagged training source: pairs, languages, origin and how much of it one epoch takes."""

    name: str
    source: str
    target: str
    origin: str
    pairs: list[tuple[str, str]]
    # Examples per epoch = weight * len(pairs) (repeats when > 1), capped at `cap` if set.
    weight: float = 1.0
    cap: int = 0

    def per_epoch(self) -> int:
        """How many examples of this corpus one epoch holds."""
        n = round(self.weight * len(self.pairs))
        return min(n, self.cap) if self.cap else n


def read_tsv(path: Path, source: str, target: str) -> list[tuple[str, str]]:
    """(source, target) pairs of a `[prefix-]xxx-yyy[.zzz].tsv` file, by its language codes."""
    langs = [part for part in re.split(r"[-.]", path.name) if part in ISO3.values()]
    si, ti = langs.index(ISO3[source]), langs.index(ISO3[target])
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and cols[si].strip() and cols[ti].strip():
                pairs.append((cols[si].strip(), cols[ti].strip()))
    return pairs


def pivot_through_english(eng_x: list[tuple[str, str]], eng_fr: list[tuple[str, str]],
                          cap: int = 4) -> list[tuple[str, str]]:
    """X-French pairs whose English sides are the same sentence (as SOURCES.md builds them)."""
    french: dict[str, list[str]] = {}
    for en, fr in eng_fr:
        french.setdefault(normalise(en), []).append(fr)
    out: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for en, x in eng_x:
        key = normalise(en)
        for fr in french.get(key, []):
            if seen.get(key, 0) >= cap:
                break
            seen[key] = seen.get(key, 0) + 1
            out.append((x, fr))
    return out


def freedict(name: str, reverse: bool, dictd: Path = DICTD) -> list[tuple[str, str]]:
    """Word pairs of a FreeDict dictionary (`freedict-fra-ita`), oriented X -> French.

    `reverse` is True for fra-X dictionaries. Only short translations are kept: the
    definitions and notes some entries carry are not translations.
    """
    index, data = dictd / f"{name}.index", dictd / f"{name}.dict.dz"
    if not index.is_file() or not data.is_file():
        return []
    text = gzip.decompress(data.read_bytes())
    pairs: list[tuple[str, str]] = []
    for line in index.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00-database"):
            continue
        start, length = _b64(parts[1]), _b64(parts[2])
        entry = text[start:start + length].decode("utf-8", errors="replace").splitlines()
        if len(entry) < 2:
            continue
        head = re.split(r"\s+/|\s+<", entry[0], maxsplit=1)[0].strip()
        for sense in entry[1:]:
            sense = re.sub(r"^\s*\d+\.\s*", "", sense).strip()
            if not sense or sense.startswith(("(", "Note", "Synonym", "See")) or ";" in sense:
                continue
            for word in (w.strip() for w in sense.split(",")):
                if word and len(word.split()) <= 4 and len(head.split()) <= 4 and len(word) < 40:
                    pairs.append((word, head) if reverse else (head, word))
    return list(dict.fromkeys(pairs))


def _b64(value: str) -> int:
    """Decode a dictd index offset (base64 digits, most significant first)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    n = 0
    for ch in value:
        n = n * 64 + alphabet.index(ch)
    return n


def test_sentences(corpora: Path) -> set[str]:
    """Every sentence of every test set under corpora/test (normalised)."""
    found: set[str] = set()
    for path in (corpora / "test").rglob("*"):
        if not path.is_file() or path.name.endswith(".labels"):
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                for col in line.rstrip("\n").split("\t"):
                    if col.strip():
                        found.add(normalise(col))
    return found


def without_tests(pairs: Iterable[tuple[str, str]], tests: set[str]) -> list[tuple[str, str]]:
    """Pairs neither side of which is a test sentence."""
    return [(s, t) for s, t in pairs if normalise(s) not in tests and normalise(t) not in tests]


def is_dev(source: str) -> bool:
    """Whether a pair is held out as development data (stable across runs: a hash of the source)."""
    return hashlib.md5(normalise(source).encode()).digest()[0] < 2  # ~0.8 %


def phrasebook_pairs(folder: Path) -> Iterator[tuple[str, str, str]]:
    """(language, sentence, French) triples of the phrasebook TSV files (`<lang>-fr.tsv`)."""
    for path in sorted(folder.glob("*-fr.tsv")):
        lang = path.name.split("-")[0]
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 2 and not line.startswith("#") and cols[0].strip() and cols[1].strip():
                    yield lang, cols[0].strip(), cols[1].strip()
