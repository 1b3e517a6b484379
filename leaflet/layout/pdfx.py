"""What a PDF needs to be PDF/X-4 (ISO 15930-7) beyond CMYK, bleed and embedded fonts: PDF 1.6,
an output intent carrying the CMYK profile the job is separated for, XMP metadata that matches the
document information (title, dates, trapping, document ID, PDF/X version), and trim and bleed boxes
on every page (press.py). ReportLab writes none of these itself; they are added to its document
objects just before it writes the file.
"""
from __future__ import annotations

import datetime as dt
from html import escape

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress

from . import reportlab_private as rl
from .icc import Profile

VERSION = "PDF/X-4"
_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{uuid}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _uuid(digest: bytes) -> str:
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def make_pdfx(doc, profile: Profile, created: dt.date, digest: bytes) -> None:
    """Turn ReportLab's document (reportlab_private.pdf_document) into PDF/X-4 as it is written.

    ``created`` dates the file (the leaflet's publication date: the same inputs, the same bytes);
    ``digest`` identifies its content (the document ID in the trailer and the XMP).
    """
    rl.set_pdf_version(doc, (1, 6))
    rl.set_creation_date(doc, created)
    info = doc.info
    xmp = _XMP.format(title=escape(info.title), author=escape(info.author), subject=escape(info.subject),
                      keywords=escape(info.keywords), creator=escape(info.creator),
                      producer=escape(info.producer), date=f"{created.isoformat()}T00:00:00Z",
                      uuid=_uuid(digest), version=VERSION)
    metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                         xmp.encode("utf-8"), filters=[])  # left readable, as PDF/X expects
    icc = PDFStream(PDFDictionary({"N": 4}), profile.data, filters=[PDFZCompress])
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString("Custom"),
        "OutputCondition": PDFString(profile.description), "Info": PDFString(profile.description),
        "RegistryName": PDFString("http://www.color.org"),
        "DestOutputProfile": doc.Reference(icc, "OutputProfile"),
    })
    catalog = doc.Catalog
    catalog.__NoDefault__ = [*catalog.__NoDefault__, "OutputIntents"]  # ReportLab writes only the keys it lists
    catalog.Metadata = metadata
    catalog.OutputIntents = PDFArray([intent])
