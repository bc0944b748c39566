"""TBX files parsed safely and brought to the one layout translate-toolkit reads (TBX v2 with `<tig>`).

- TBX v3 (ISO 30042:2019, `<tbx>` root): `<tbxHeader>`, `<conceptEntry>`, `<langSec>` and `<termSec>`
  are the v2 `<martifHeader>`, `<termEntry>`, `<langSet>` and `<tig>`;
- TBX v2 "ntig" layout (TBX-Default, Lokalize, Weblate exports): the content of `<termGrp>` moves up and
  `<ntig>` becomes `<tig>`;
- TBX-Default's `normativeAuthorization` is the administrative status TBX-Basic calls
  `administrativeStatus`;
- namespaces (v3's `urn:iso:std:iso:30042:ed-2`) are dropped: the element names are the same.

Parsing never fetches anything and expands no entity; a file declaring entities is refused (the
`<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">` line TBX files carry is allowed and ignored).
"""

from __future__ import annotations

from lxml import etree

_RENAMED = {"tbx": "martif", "tbxHeader": "martifHeader", "conceptEntry": "termEntry", "langSec": "langSet",
            "termSec": "tig"}
_ROOTS = {"martif", "tbx"}


class TbxRefused(ValueError):
    """The bytes are not a TBX file this library reads; the message says why."""


def parse(data: bytes) -> etree._Element:
    """The root element of a TBX file, or TbxRefused (broken markup, entity declarations, not TBX)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as e:
        raise TbxRefused(f"not well-formed XML (broken markup: {e})") from e
    subset = root.getroottree().docinfo.internalDTD
    declared = subset is not None and (any(True for _ in subset.iterentities())
                                       or any(True for _ in subset.iterelements()))
    if declared or any(True for _ in root.iter(etree.Entity)):
        raise TbxRefused("the file declares or uses entities of its own, which is not accepted "
                         "(remove the <!DOCTYPE ...[...]> block)")
    if etree.QName(root).localname not in _ROOTS:
        raise TbxRefused(f"the root element is <{etree.QName(root).localname}>, not <martif> (TBX v2) or "
                         "<tbx> (TBX v3)")
    return root


def as_tbx2(root: etree._Element) -> etree._Element:
    """`root` rewritten in place to TBX v2 `<martif>` with `<tig>` terms, without namespaces."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        element.tag = _RENAMED.get(name, name)
        if element.tag == "termNote" and element.get("type") == "normativeAuthorization":
            element.set("type", "administrativeStatus")
    etree.cleanup_namespaces(root)
    for ntig in list(root.iter("ntig")):
        for group in ntig.findall("termGrp"):
            index = ntig.index(group)
            ntig[index:index + 1] = list(group)
        ntig.tag = "tig"
    return root
