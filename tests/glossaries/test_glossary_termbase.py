"""The shipped termbase and the TBX / CSV / TSV formats, read and written through translate-toolkit."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tbx

from glossaries import STARTER_TERMBASE, Concept, Term, Termbase, TermbaseFormatError

PAIR_LANGUAGES = ["de", "es", "it", "pt", "en"]
TBX_BASIC_TERM_NOTES = {"partOfSpeech", "administrativeStatus", "termType", "grammaticalGender",
                        "geographicalUsage"}
TBX_BASIC_DESCRIPS = {"definition", "subjectField", "context", "Translation needed"}


class TestStarterTermbase:
    @pytest.mark.parametrize("lang", PAIR_LANGUAGES)
    def test_every_pair_with_french_has_at_least_80_entries_both_ways(
            self, starter: Termbase, lang: str) -> None:
        assert len({e.concept_id for e in starter.entries(lang, "fr")}) >= 80
        assert len({e.concept_id for e in starter.entries("fr", lang)}) >= 80

    def test_loads_through_translate_toolkit_one_unit_per_concept(self, starter: Termbase) -> None:
        store = tbx.tbxfile.parsefile(str(STARTER_TERMBASE))
        assert len(store.units) == len(starter.concepts)
        assert all(unit.xmlelement.get("id") for unit in store.units)

    def test_follows_the_tbx_basic_structure(self) -> None:
        root = etree.parse(str(STARTER_TERMBASE)).getroot()
        assert root.tag == "martif" and root.get("type") == "TBX-Basic"
        entries = root.findall("text/body/termEntry")
        assert len({e.get("id") for e in entries}) == len(entries)
        for entry in entries:
            lang_sets = entry.findall("langSet")
            assert len(lang_sets) >= 2, entry.get("id")
            for lang_set in lang_sets:
                assert lang_set.get("{http://www.w3.org/XML/1998/namespace}lang")
                assert all(tig.findtext("term", "").strip() for tig in lang_set.findall("tig"))
        assert {n.get("type") for n in root.iter("termNote")} <= TBX_BASIC_TERM_NOTES
        assert {d.get("type") for d in root.iter("descrip")} <= TBX_BASIC_DESCRIPS

    def test_fund_acronyms_are_kept_as_is_with_an_explanation(self, starter: Termbase) -> None:
        entry = next(e for e in starter.entries("fr", "de") if e.source.text == "CPAM")
        assert entry.keep_as_is
        assert [t.text for t in entry.targets] == ["CPAM"]
        assert "Krankenversicherung" in entry.note

    def test_known_false_friends_are_recorded_as_wrong_renderings(self, starter: Termbase) -> None:
        entry = next(e for e in starter.entries("fr", "en") if e.source.text == "maladie professionnelle")
        assert entry.targets[0].text == "occupational disease"
        assert "professional disease" in [t.text for t in entry.wrong]


class TestTbxRoundTrip:
    def test_written_tbx_reads_back_identically(self, tmp_path: Path) -> None:
        concepts = [Concept("c1", (Term("veuve", "fr", pos="noun"), Term("Witwe", "de"),
                                   Term("Wittwe", "de", "deprecated", note="old spelling")),
                            subject="état civil", note="a note"),
                    Concept("c2", (Term("CAF", "fr"), Term("CAF", "de", note="Familienkasse")),
                            keep_as_is=True)]
        Termbase(concepts, "t").save(tmp_path / "t.tbx")
        assert Termbase.load(tmp_path / "t.tbx").concepts == concepts

    def test_broken_xml_names_the_file(self, tmp_path: Path) -> None:
        (tmp_path / "bad.tbx").write_text("<martif><text>", encoding="utf-8")
        with pytest.raises(TermbaseFormatError, match="bad.tbx") as raised:
            Termbase.load(tmp_path / "bad.tbx")
        assert raised.value.code == "glossary_bad_format"


class TestCsvImportExport:
    def test_csv_with_header_note_and_part_of_speech(self, tmp_path: Path) -> None:
        path = tmp_path / "caisse.csv"
        path.write_text("source,target,note,pos\n"
                        "assurance maladie,Krankenversicherung,branche maladie,noun\n", encoding="utf-8")
        entry = Termbase.load(path, source="fr", target="de").entries("fr", "de")[0]
        assert (entry.source.text, entry.targets[0].text) == ("assurance maladie", "Krankenversicherung")
        assert entry.note == "branche maladie" and entry.source.pos == "noun"

    def test_headerless_tsv_is_usable_in_both_directions(self, tmp_path: Path) -> None:
        path = tmp_path / "civil.tsv"
        path.write_text("acte de naissance\tGeburtsurkunde\nveuve\tWitwe\n", encoding="utf-8")
        termbase = Termbase.load(path, source="fr", target="de")
        assert [e.targets[0].text for e in termbase.entries("de", "fr")] == ["acte de naissance", "veuve"]

    @pytest.mark.parametrize("suffix", [".csv", ".tsv"])
    def test_export_then_import_keeps_one_direction(self, starter: Termbase, tmp_path: Path,
                                                    suffix: str) -> None:
        path = tmp_path / f"fr-it{suffix}"
        starter.save(path, source="fr", target="it")
        again = Termbase.load(path, source="fr", target="it")
        pairs = {(e.source.text, e.targets[0].text) for e in again.entries("fr", "it")}
        assert ("accident du travail", "infortunio sul lavoro") in pairs
        assert len(pairs) >= 80

    def test_csv_without_languages_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "x.csv").write_text("a,b\n", encoding="utf-8")
        with pytest.raises(TermbaseFormatError, match="source and target languages"):
            Termbase.load(tmp_path / "x.csv")
