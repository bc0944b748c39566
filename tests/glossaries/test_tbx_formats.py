"""TBX as termbases come: TBX-Basic, TBX v2 (TBX-Default, Lokalize's <ntig>), TBX v3; statuses and notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossaries import Termbase, TermbaseFormatError

# TBX v3 (ISO 30042:2019), TBX-Basic dialect: <tbx> root, conceptEntry / langSec / termSec.
TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="fr">
  <tbxHeader><fileDesc><sourceDesc><p>Caisse nationale</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c-af">
      <descrip type="subjectField">prestations familiales</descrip>
      <descrip type="definition">Prestation versée aux familles ayant au moins deux enfants à charge.</descrip>
      <langSec xml:lang="fr">
        <termSec><term>allocations familiales</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>allocs</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="de-DE">
        <termSec><term>Familienbeihilfen</term>
          <termNote type="partOfSpeech">noun</termNote>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>Kindergeld</term></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>"""
# Lokalize's layout, as Weblate exports it: <ntig><termGrp>, TBX-Default's normativeAuthorization.
LOKALIZE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>Lokalize</p></sourceDesc></fileDesc>
</martifHeader><text><body>
<termEntry id="1"><langSet xml:lang="en"><ntig><termGrp><term>sick leave</term>
  <termNote type="normativeAuthorization">preferredTerm-admn-sts</termNote></termGrp></ntig></langSet>
  <langSet xml:lang="fr"><ntig><termGrp><term>arrêt maladie</term></termGrp>
  <descripGrp><descrip type="context">Arrêt de travail prescrit par un médecin.</descrip></descripGrp></ntig>
  <ntig><termGrp><term>congé maladie</term>
  <termNote type="normativeAuthorization">supersededTerm-admn-sts</termNote></termGrp></ntig></langSet></termEntry>
<termEntry id="2"><langSet xml:lang="en"><ntig><termGrp><term>pension</term></termGrp></ntig></langSet>
  <langSet xml:lang="fr"><ntig><termGrp><term>pension de retraite</term></termGrp></ntig></langSet></termEntry>
</body></text></martif>"""
# Weblate's "extended metadata" shape: obsolete terms, a definition beside a usage note.
STATUSES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif xmlns="urn:iso:std:iso:30042:ed-2" xml:lang="en" type="TBX"><text><body>
  <termEntry id="e1">
    <descrip type="definition">Sum paid each month to a retired insured person.</descrip>
    <descrip type="Usage note">Avoid in letters to the insured.</descrip>
    <langSet xml:lang="en"><tig><term>old-age allowance</term>
      <termNote type="administrativeStatus">obsolete</termNote></tig>
      <tig><term>old-age pension</term><termNote type="administrativeStatus">preferred</termNote></tig></langSet>
    <langSet xml:lang="fr"><tig><term>pension de vieillesse</term>
      <termNote type="administrativeStatus">admitted</termNote><note>Terme du Code de la sécurité sociale.</note>
    </tig><tig><term>retraite vieillesse</term><termNote type="administrativeStatus">x-local-use</termNote>
    </tig></langSet>
  </termEntry>
</body></text></martif>"""


def _load(tmp_path: Path, text: str, name: str = "termes.tbx") -> Termbase:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return Termbase.load(path)


def _statuses(termbase: Termbase) -> dict[str, str]:
    return {t.text: t.status for c in termbase.concepts for t in c.terms}


class TestTbxV3:
    def test_tbx_v3_termbase_is_read_with_statuses_subject_and_definition(self, tmp_path: Path) -> None:
        termbase = _load(tmp_path, TBX_V3)

        [concept] = termbase.concepts
        assert (concept.id, concept.subject) == ("c-af", "prestations familiales")
        assert concept.definition.startswith("Prestation versée aux familles")
        assert _statuses(termbase) == {"allocations familiales": "preferred", "allocs": "deprecated",
                                       "Familienbeihilfen": "admitted", "Kindergeld": "preferred"}
        [entry] = termbase.entries("de", "fr")[:1]
        assert [t.text for t in entry.targets] == ["allocations familiales"]
        assert [t.text for t in entry.wrong] == ["allocs"]


class TestLokalizeLayout:
    def test_ntig_term_groups_load_as_concepts(self, tmp_path: Path) -> None:
        termbase = _load(tmp_path, LOKALIZE)

        assert [c.id for c in termbase.concepts] == ["1", "2"]
        assert _statuses(termbase) == {"sick leave": "preferred", "arrêt maladie": "preferred",
                                       "congé maladie": "deprecated", "pension": "preferred",
                                       "pension de retraite": "preferred"}
        [arret] = [t for t in termbase.concepts[0].terms if t.text == "arrêt maladie"]
        assert arret.note == "Arrêt de travail prescrit par un médecin."


class TestMetadata:
    def test_an_obsolete_term_is_never_preferred(self, tmp_path: Path) -> None:
        statuses = _statuses(_load(tmp_path, STATUSES))

        assert statuses["old-age allowance"] == "deprecated"
        assert statuses["old-age pension"] == "preferred"
        assert statuses["pension de vieillesse"] == "admitted"
        assert statuses["retraite vieillesse"] == "admitted"  # a status unknown here: usable, not imposed

    def test_the_definition_is_the_definition_and_the_usage_note_a_note(self, tmp_path: Path) -> None:
        [concept] = _load(tmp_path, STATUSES).concepts

        assert concept.definition == "Sum paid each month to a retired insured person."
        assert concept.note == "Avoid in letters to the insured."
        [french] = [t for t in concept.terms if t.text == "pension de vieillesse"]
        assert french.note == "Terme du Code de la sécurité sociale."


class TestRefusals:
    @pytest.mark.parametrize(("text", "reason"), [
        ("<martif><text><body><termEntry><langSet xml:lang='en'/></termEntry></body></text></martif>",
         "none of its 1 entries holds a term"),
        ("<tbx><text><body>", "broken markup"),
        ("<xliff version='1.2'/>", "root element is <xliff>"),
        ('<!DOCTYPE martif [<!ENTITY e SYSTEM "file:///etc/passwd">]><martif>&e;</martif>', "entities"),
    ])
    def test_every_refusal_is_a_clear_error(self, tmp_path: Path, text: str, reason: str) -> None:
        with pytest.raises(TermbaseFormatError, match=reason) as refused:
            _load(tmp_path, text)

        assert "termes.tbx" in str(refused.value)
