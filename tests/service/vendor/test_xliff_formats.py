"""XLIFF as the field's tools write it: schemas, segmentation, 2.0 segments, inline codes, safe parsing."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from translate.storage import xliff, xliff2

from service.models import Segment
from service.vendor import masking, xliff_read
from service.vendor import xliff as xliff_io
from service.vendor.errors import XliffRejected
from service.vendor.masking import DocumentMask

SCHEMAS = Path(__file__).parent / "schemas"
XML_XSD = SCHEMAS / "informativeCopiesOf3rdPartySchemas" / "w3c" / "xml.xsd"
PAIRS = [("Guten Tag.", "Bonjour."), ("Die Rente wird am 3. Mai gezahlt & bestätigt.", None),
         ("Bitte <g1>unterschreiben</g1> Sie<x2/> hier.", "Veuillez <g1>signer</g1> ici<x2/>."),
         ("Nur ein <g1>Anfang", "Seulement un <g1>début")]


def _segments(pairs: list[tuple[str, str | None]] = PAIRS) -> list[Segment]:
    return [Segment(position=n, source_text=source, draft_text=draft) for n, (source, draft) in
            enumerate(pairs, start=1)]


def _export(version: str, segments: list[Segment] | None = None, mask: DocumentMask | None = None) -> bytes:
    return xliff_io.export(segments or _segments(), source_lang="de", target_lang="fr", version=version,
                           mask=mask or masking.empty(), original_name="rente.pdf")


def _read(data: bytes, segments: list[Segment] | None = None, mask: DocumentMask | None = None) -> dict[int, str]:
    return xliff_io.read_return(data, segments=segments or _segments(), source_lang="de", target_lang="fr",
                                mask=mask or masking.empty()).targets


def _refusal(data: bytes, segments: list[Segment] | None = None) -> str:
    with pytest.raises(XliffRejected) as refused:
        _read(data, segments)
    return refused.value.detail


class _LocalSchemas(etree.Resolver):
    """The 1.2 schema imports the W3C xml.xsd by URL: answer with the local copy, fetch nothing."""

    def resolve(self, url, public_id, context):  # type: ignore[no-untyped-def]
        if url and url.endswith("xml.xsd"):
            return self.resolve_filename(str(XML_XSD), context)
        return None


def _schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


class TestExportSchemas:
    @pytest.mark.parametrize(("version", "schema"), [("2.0", "xliff_core_2.0.xsd"),
                                                     ("1.2", "xliff-core-1.2-strict.xsd")])
    def test_export_with_drafts_and_inline_codes_validates_against_the_oasis_schema(self, version: str,
                                                                                    schema: str) -> None:
        validator = _schema(schema)
        document = etree.fromstring(_export(version))

        assert validator.validate(document), validator.error_log.last_error

    def test_2_0_segments_carry_no_xml_space(self) -> None:
        root = etree.fromstring(_export("2.0"))

        assert all(s.get("{http://www.w3.org/XML/1998/namespace}space") is None
                   for s in root.iter(f"{{{xliff_read.NS_20}}}segment"))

    @pytest.mark.parametrize("version", ["2.0", "1.2"])
    def test_own_export_with_targets_filled_is_read_back_with_its_codes(self, version: str) -> None:
        segments = _segments([(s, d or s) for s, d in PAIRS])

        targets = _read(_export(version, segments), segments)

        assert targets[3] == "Veuillez <g1>signer</g1> ici<x2/>."
        assert targets[4] == "Seulement un <g1>début"


class TestTranslateToolkitRoundTrip:
    @pytest.mark.parametrize(("version", "store"), [("2.0", xliff2.Xliff2File), ("1.2", xliff.xlifffile)])
    def test_a_pass_through_translate_toolkit_loses_nothing(self, version: str, store: type) -> None:
        segments = _segments([(s, d or s) for s, d in PAIRS])
        exported = _export(version, segments)

        parsed = store.parsestring(exported)
        assert len(parsed.units) == len(PAIRS)
        again = bytes(parsed)

        assert _read(again, segments) == _read(exported, segments)

    def test_rich_targets_written_by_translate_toolkit_keep_the_inline_codes(self) -> None:
        parsed = xliff.xlifffile.parsestring(_export("1.2"))
        for unit in parsed.units:
            unit.rich_target = unit.rich_source

        targets = _read(bytes(parsed))

        assert targets[3] == "Bitte <g1>unterschreiben</g1> Sie<x2/> hier."
        assert targets[4] == "Nur ein <g1>Anfang"


SEGMENTED_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"
 xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">
<file original="rente.pdf" source-language="de-DE" target-language="fr-FR" datatype="x-sdlfilterframework2">
<header><note>Trados Studio package</note></header>
<body>
<group id="g1">
<trans-unit id="1"><source>Guten Tag.</source>
<seg-source><mrk mtype="seg" mid="1">Guten Tag.</mrk></seg-source>
<target state="translated"><mrk mtype="seg" mid="1">Bonjour.</mrk></target>
<note from="reviewer">checked</note></trans-unit>
<group id="g2">
<trans-unit id="2"><source>Die Rente wird am 3. Mai gezahlt &amp; bestätigt.</source>
<seg-source><mrk mtype="seg" mid="2">Die Rente wird am 3. Mai gezahlt</mrk> <mrk mtype="seg"
 mid="3">&amp; bestätigt.</mrk></seg-source>
<target state="signed-off"><mrk mtype="seg" mid="2">La pension est versée le 3 mai</mrk> <mrk mtype="seg"
 mid="3">et confirmée.</mrk></target>
<sdl:seg-defs><sdl:seg id="2" conf="Translated"/></sdl:seg-defs></trans-unit>
</group>
<trans-unit id="3"><source>Bitte <g id="1">unterschreiben</g> Sie<x id="2"/> hier.</source>
<target state="translated">Veuillez <g id="1">signer</g> ici<x id="2"/>.</target></trans-unit>
<trans-unit id="4"><source>Nur ein <bx id="1"/>Anfang</source>
<target>Seulement un <bx id="1"/>début</target></trans-unit>
</group>
</body></file></xliff>"""


class TestSegmentedXliff12:
    def test_trados_segmented_return_with_groups_notes_and_states_is_accepted(self) -> None:
        targets = _read(SEGMENTED_12.encode())

        assert targets == {1: "Bonjour.", 2: "La pension est versée le 3 mai et confirmée.",
                           3: "Veuillez <g1>signer</g1> ici<x2/>.", 4: "Seulement un <g1>début"}

    def test_units_read_keep_their_states_and_notes(self) -> None:
        units = {u.id: u for u in xliff_read.read(SEGMENTED_12.encode()).units}

        assert (units["2"].state, units["1"].notes) == ("signed-off", ["checked"])

    def test_a_segment_left_untranslated_is_refused_naming_unit_and_rule(self) -> None:
        data = SEGMENTED_12.replace('<mrk mtype="seg"\n mid="3">et confirmée.</mrk>', "")
        assert data != SEGMENTED_12

        detail = _refusal(data.encode())

        assert "unit 2: segment(s) 3 of <seg-source> have no translation" in detail
        assert '<mrk mtype="seg"> of <seg-source> needs its translated <mrk>' in detail


RETURN_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="fr">
<file id="f1"><group id="g"><unit id="1"><notes><note category="vendor">ok</note></notes>
<segment id="s1" state="final"><source>Guten Tag.</source><target>Bonjour.</target></segment></unit>
<unit id="2"><segment id="s2" state="translated"><source>Die Rente wird am 3. Mai gezahlt</source>
<target>La pension est versée le 3 mai</target></segment><ignorable><source> </source></ignorable>
<segment id="s3" state="reviewed"><source>&amp; bestätigt.</source><target>et confirmée.</target></segment></unit>
<unit id="3"><segment><source>Bitte <pc id="1">unterschreiben</pc> Sie<ph id="2"/> hier.</source>
<target>Veuillez <pc id="1">signer</pc> ici<ph id="2"/>.</target></segment></unit>
<unit id="4"><segment><source>Nur ein <sc id="1" isolated="yes"/>Anfang</source>
<target>Seulement un <sc id="1" isolated="yes"/>début</target></segment></unit>
</group></file></xliff>"""


class TestXliff20:
    def test_segments_added_by_a_tool_are_keyed_on_their_unit(self) -> None:
        targets = _read(RETURN_20.encode())

        assert targets[1] == "Bonjour."
        assert targets[2] == "La pension est versée le 3 mai et confirmée."

    def test_inline_codes_come_back_as_the_tokens_they_were_sent_as(self) -> None:
        targets = _read(RETURN_20.encode())

        assert targets[3] == "Veuillez <g1>signer</g1> ici<x2/>."
        assert targets[4] == "Seulement un <g1>début"

    def test_one_segment_of_a_unit_without_target_is_refused(self) -> None:
        data = RETURN_20.replace("<target>et confirmée.</target>", "")

        assert "unit 2: segment(s) s3 have no <target>" in _refusal(data.encode())


class TestInlineCodes:
    def test_a_code_dropped_from_the_target_is_refused_not_lost(self) -> None:
        data = RETURN_20.replace("ici<ph id=\"2\"/>.", "ici.")

        assert "unit 3: inline codes of the target differ from the source" in _refusal(data.encode())

    def test_a_code_the_source_does_not_have_is_refused(self) -> None:
        data = RETURN_20.replace("<target>Bonjour.</target>", '<target>Bonjour<ph id="9"/>.</target>')

        assert 'unit 1: inline code <ph id="9"> of the target is not in the source' in _refusal(data.encode())

    def test_codes_with_a_text_equivalent_give_that_text_and_markers_keep_theirs(self) -> None:
        segments = _segments([("Versicherungsnummer 1 84 12 75 108 123 45.", None)])
        mask = masking.build(segments, source_lang="de", target_lang="fr")
        data = b"""<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="a"
          source-language="de" target-language="fr" datatype="plaintext"><body><trans-unit id="1">
          <source>Versicherungsnummer <ph id="mtc_1" equiv-text="base64:4p+mUkVGXzHin6c="/>.</source>
          <target>Num\xc3\xa9ro <mrk mtype="protected">d'assurance</mrk> <ph id="mtc_1"
           equiv-text="base64:4p+mUkVGXzHin6c="/>.</target>
          </trans-unit></body></file></xliff>"""

        assert _read(data, segments, mask) == {1: "Numéro d'assurance 1 84 12 75 108 123 45."}


class TestControlCharacters:
    def test_export_of_an_old_segment_with_control_codes_is_accepted_back(self) -> None:
        segments = _segments([("Aktenzeichen\x03 12\x1f/2024.", "Référence 12/2024.")])
        for version in ("2.0", "1.2"):
            assert _read(_export(version, segments), segments) == {1: "Référence 12/2024."}


class TestSafeParsing:
    def test_utf16_return_with_an_external_dtd_is_refused(self) -> None:
        data = _export("2.0").decode().replace('<?xml version=\'1.0\' encoding=\'UTF-8\'?>',
                                               '<?xml version="1.0" encoding="UTF-16"?>\n'
                                               '<!DOCTYPE xliff SYSTEM "http://attacker.example/x.dtd">')

        assert "declares a DOCTYPE" in _refusal(data.encode("utf-16"))

    def test_undeclared_entity_is_a_clear_refusal(self) -> None:
        data = _export("2.0").replace(b"Bonjour.", b"Bonjour &nbsp;.")

        assert "not well-formed XML (broken markup: Entity 'nbsp' not defined" in _refusal(data)

    def test_entity_declarations_are_refused(self) -> None:
        data = _export("1.2").replace(b"<xliff", b'<!DOCTYPE xliff [<!ENTITY a "aaaa">]>\n<xliff', 1)

        assert "declares entities" in _refusal(data)

    def test_a_file_that_is_not_xliff_says_so(self) -> None:
        assert "not <xliff>" in _refusal(b"<tmx version='1.4'><body/></tmx>")
