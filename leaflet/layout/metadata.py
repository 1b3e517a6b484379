"""What a leaflet PDF says about itself for PDF/UA-1 (ISO 14289-1), beyond its tags (tagging.py):
XMP metadata with its title (dc:title), language and, when it is tagged, its claim to PDF/UA-1
(pdfuaid:part 1). Each page with links tabs through them in structure order (/Tabs /S:
reportlab_private.TabbedPages). The document's language (/Lang) and its title in the viewer's
title bar (/ViewerPreferences /DisplayDocTitle) are set through ReportLab (layout/__init__.start).
A PDF/X file (pdfx.py) adds its own properties to the same packet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream

from . import reportlab_private as rl

PDFUA_PART = 1
_PACKET = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"{namespaces}>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Keywords>{keywords}</pdf:Keywords>{claim}{properties}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


@dataclass(frozen=True)
class Extra:
    """Properties another standard adds to the packet: its namespaces (`xmlns:p="..."` lines) and
    its property elements, as XMP text."""

    namespaces: tuple[str, ...] = ()
    properties: tuple[str, ...] = ()


def xmp_date(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def xmp_packet(doc, extra: Extra = Extra(), tagged: bool = True) -> bytes:
    """The XMP packet for ReportLab's document ``doc``: its information dictionary's title, author,
    subject and keywords (the same words, so the two never disagree), its language, and PDF/UA-1
    when it is ``tagged`` (an untagged file, the imposed booklet sheets, claims nothing)."""
    info = doc.info
    lang = rl.document_language(doc)
    fields = {
        name: escape(str(getattr(info, name)))
        for name in ("title", "author", "subject", "keywords", "creator", "producer")
    }
    claim = f"\n   <pdfuaid:part>{PDFUA_PART}</pdfuaid:part>" if tagged else ""
    text = _PACKET.format(
        **fields,
        lang=escape(lang or "x-default"),
        claim=claim,
        namespaces="".join(f"\n    {ns}" for ns in extra.namespaces),
        properties="".join(f"\n   {p}" for p in extra.properties),
    )
    return text.encode("utf-8")


def add_metadata(doc, extra: Extra = Extra(), tagged: bool = True) -> None:
    """The XMP packet as the catalog's /Metadata, left uncompressed as PDF/UA and PDF/X expect."""
    stream = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        xmp_packet(doc, extra, tagged),
        filters=[],
    )
    doc.Catalog.Metadata = stream
