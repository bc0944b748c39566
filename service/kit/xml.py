"""Parsing XML that comes from outside (XLIFF returns, TMX imports) safely, whatever its encoding.

The checks are made on the parsed tree, never on bytes (a UTF-16 file hides `<!DOCTYPE` from a byte
search): lxml parses with no network access, no DTD loading and no entity expansion, then a document
that declares entities or elements, or still holds an entity reference, is refused. A DOCTYPE that only
names an external DTD (TMX and TBX files carry one) is allowed where the caller says so; it is never
fetched.
"""

from __future__ import annotations

from lxml import etree


class XmlRefused(ValueError):
    """The bytes are not XML this service reads; the message says what is wrong."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def parse(data: bytes, *, allow_doctype: bool = False) -> etree._Element:
    """The root element of `data`, or XmlRefused naming the problem (bad markup, DTD, entities)."""
    if not data.strip():
        raise XmlRefused("the file is empty")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        raise XmlRefused(f"the file is not well-formed XML (broken markup: {e})") from e
    except ValueError as e:  # an encoding lxml does not know, for instance
        raise XmlRefused(f"the file cannot be read as XML ({e})") from e
    info = root.getroottree().docinfo
    subset = info.internalDTD
    if subset is not None and (any(True for _ in subset.iterentities()) or any(True for _ in subset.iterelements())):
        raise XmlRefused("the file declares entities or a DTD of its own, which is not accepted "
                         "(remove the <!DOCTYPE ...[...]> block)")
    if any(True for _ in root.iter(etree.Entity)):
        raise XmlRefused("the file uses entity references that are not XML's own (&name;)")
    if info.doctype and not allow_doctype:
        raise XmlRefused("the file declares a DOCTYPE, which this format does not use (remove the "
                         "<!DOCTYPE ...> line)")
    return root


def local_name(element: etree._Element) -> str:
    """The element's tag without its namespace ("" for comments and other non-elements)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
