"""TMX as tools write it: 1.1 to 1.4b, `lang=` or `xml:lang`, inline codes as tokens, safe parsing."""

from __future__ import annotations

import pytest
from lxml import etree
from sqlalchemy.orm import Session
from translate.storage import tmx

from service.memory import service as memory_service
from service.memory.errors import InvalidTmx
from service.memory.tmx import export_tmx, import_tmx, read_units

EN_FR = {"source_lang": "en", "target_lang": "fr"}
# OmegaT 6.1's project_save.tmx: TMX 1.1, a DOCTYPE naming the DTD, `lang=` on each <tuv>.
OMEGAT_11 = b"""<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
   creationtoolversion="6.1.0" segtype="paragraph" srclang="en"/>
  <body>
    <tu><tuv lang="en"><seg>Family allowance</seg></tuv>
        <tuv lang="fr" changeid="traductrice"><seg>Allocations familiales</seg></tuv></tu>
    <tu><tuv lang="EN-US"><seg>Birth certificate</seg></tuv><tuv lang="FR-CA"><seg>Acte de naissance</seg></tuv></tu>
  </body>
</tmx>"""
# TMX 1.4b with the LISA compliance kit's codes: paired bpt/ept, a placeholder, an isolated end, a highlight.
CODED_14 = b"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4b"><header srclang="en" datatype="html" segtype="sentence" adminlang="en" creationtool="t"
 creationtoolversion="1" o-tmf="t"/><body>
<tu><tuv xml:lang="en">
  <seg>The big <bpt i="1" x="1">&lt;b&gt;</bpt>black<ept i="1">&lt;/b&gt;</ept> cat<ph x="2">&lt;br/&gt;</ph></seg>
  </tuv>
    <tuv xml:lang="fr">
  <seg>Le gros chat <bpt i="1" x="1">&lt;b&gt;</bpt>noir<ept i="1">&lt;/b&gt;</ept><ph x="2">&lt;br/&gt;</ph></seg>
  </tuv></tu>
<tu><tuv xml:lang="en"><seg>end of <hi type="x-term">bold</hi><it pos="end" x="3">&lt;/b&gt;</it> text</seg></tuv>
    <tuv xml:lang="fr"><seg>fin du texte <hi type="x-term">gras</hi><it pos="end" x="3">&lt;/b&gt;</it></seg></tuv></tu>
</body></tmx>"""


class TestVersions:
    def test_tmx_1_1_with_lang_attributes_is_imported(self, db: Session) -> None:
        report = import_tmx(db, OMEGAT_11, **EN_FR)

        assert (report.units, report.added, report.skipped) == (2, 2, 0)
        match = memory_service.lookup(db, **EN_FR, text="Family allowance")
        assert match is not None and match.text == "Allocations familiales"

    def test_counts_match_translate_toolkit(self) -> None:
        for data in (OMEGAT_11, CODED_14):
            assert len(read_units(data)) == len(tmx.tmxfile.parsestring(data).units)


class TestInlineCodes:
    def test_codes_are_stored_as_protected_tokens_not_raw_markup(self, db: Session) -> None:
        import_tmx(db, CODED_14, **EN_FR)

        match = memory_service.lookup(db, **EN_FR, text="The big <g1>black</g1> cat<x2/>")
        assert match is not None and match.exact
        assert match.text == "Le gros chat <g1>noir</g1><x2/>"
        assert "&lt;" not in match.text and "<b>" not in match.text

    def test_highlights_keep_their_text_and_an_isolated_code_keeps_its_place(self) -> None:
        assert read_units(CODED_14)[1] == {"en": "end of bold</g1> text", "fr": "fin du texte gras</g1>"}

    def test_export_writes_the_tokens_back_as_codes_and_reimports_them_unchanged(self, db: Session) -> None:
        import_tmx(db, CODED_14, **EN_FR)

        data = export_tmx(db, **EN_FR)

        segs = etree.fromstring(data).findall(".//seg")
        assert [etree.QName(c).localname for c in segs[1]] == ["bpt", "ept", "ph"]
        assert len(tmx.tmxfile.parsestring(data).units) == 2
        assert read_units(data) == read_units(CODED_14)

    def test_export_writes_a_space_for_what_xml_cannot_hold(self, db: Session) -> None:
        memory_service.remember(db, **EN_FR, source_text="File\x03 number", target_text="Dossier\x1f num",
                                origin="revision")

        assert read_units(export_tmx(db, **EN_FR)) == [{"en": "File  number", "fr": "Dossier  num"}]


class TestSafeParsing:
    def test_entity_declarations_are_refused_whatever_the_encoding(self, db: Session) -> None:
        data = OMEGAT_11.replace(b'<!DOCTYPE tmx SYSTEM "tmx11.dtd">',
                                 b'<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
        data = data.decode().replace("encoding='UTF-8'", "encoding='UTF-16'").encode("utf-16")

        with pytest.raises(InvalidTmx, match="declares entities"):
            import_tmx(db, data, **EN_FR)

    def test_an_undeclared_entity_is_a_clear_refusal(self, db: Session) -> None:
        with pytest.raises(InvalidTmx, match="Entity 'nbsp' not defined"):
            import_tmx(db, CODED_14.replace(b"black", b"black&nbsp;"), **EN_FR)
        # Behind a DOCTYPE the entity might come from the (never loaded) DTD: refused all the same.
        with pytest.raises(InvalidTmx, match="entity references that are not XML's own"):
            import_tmx(db, OMEGAT_11.replace(b"Family", b"Family&nbsp;"), **EN_FR)

    def test_another_format_says_what_it_is(self, db: Session) -> None:
        with pytest.raises(InvalidTmx, match="root element is <xliff>"):
            import_tmx(db, b"<xliff version='1.2'/>", **EN_FR)
