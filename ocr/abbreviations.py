"""Rule data for sentence splitting: abbreviations that a period does not end, per language.

Entries are lower-case, without the final period; inner periods stay ("e.g", "c.-à-d"). Words that
usually end a sentence when abbreviated ("etc.", "usw.", "ecc.") are left out on purpose: a false split
costs a translator a merge, a false join hides a sentence from the translation memory.
"""

from __future__ import annotations

_COMMON = "dr prof art n no nr p pp tel vol fig ref ca cf vs min max approx"

_BY_LANGUAGE = {
    "fr": "m mm mme mmes mlle mlles me mgr pr st ste al ch chap env ex hab id ibid nº réf s sq suiv tél"
    " av bd bld cass civ coll dép éd op cit c.-à-d c.à.d janv févr avr juil sept oct nov déc",
    "en": "mr mrs ms jr sr st no nos e.g i.e dept est inc ltd co corp ave rd jan feb mar apr jun jul"
    " aug sep sept oct nov dec",
    "de": "hr fr frl str bzw vgl ggf z b d h u a s abs geb gem inkl evtl jh mio mrd ziff bsp bspw zzgl"
    " abzgl allg ff dipl ing bzgl jan feb apr jun jul aug sep sept okt nov dez",
    "es": "sr sra srta sres d dña av avda pág págs ej núm ud uds vd vds ene abr ago dic cía dpto ee uu",
    "it": "sig sigg dott avv ing geom rag pag es cfr gen c.a ecc.mo gent",
    "pt": "sr sra srta dra profa av pág ex nº jan fev abr mai ago set out dez ltda lda cia",
    "ro": "dl dna dra str alin lit pag ex ian iun iul sept jud mun bl sc ap et sect",
    "nl": "dhr mevr mw mr ir ing drs bijv bv nl o.a blz jl m.b.t t.a.v i.p.v z.g.a",
    "pl": "mgr inż hab np tzn tj zob ul al pl ust pkt str s r w godz m.in ok ds im św wg tys mln",
    "tr": "doç av sn örn md sf cad sok mah apt bkz yy",
    "ar": "",
}

ABBREVIATIONS: dict[str, frozenset[str]] = {
    language: frozenset((_COMMON + " " + words).split()) for language, words in _BY_LANGUAGE.items()
}

# Suffixes that mark an abbreviated word ("Hauptstr." = Hauptstraße).
ABBREVIATED_SUFFIXES: dict[str, tuple[str, ...]] = {"de": ("str",)}

# Languages that write ordinal numbers with a period ("am 12. März", "3. madde", "12. marca").
ORDINAL_PERIOD = frozenset({"de", "pl", "tr"})

# Conjunctions after which a line-end hyphen is a suspended compound ("Sozial- und Krankenkasse").
CONJUNCTIONS = frozenset(
    "und oder bzw sowie et ou and or y o e i en of ve veya ya da lub oraz albo și sau".split()
)
