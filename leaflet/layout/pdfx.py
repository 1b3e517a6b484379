"""What a PDF needs to be PDF/X-4 (ISO 15930-7) beyond CMYK, bleed and embedded fonts: PDF 1.6,
an output intent carrying the CMYK profile the job is separated for, XMP metadata that matches the
document information (title, dates, trapping, document ID, PDF/X version), and trim and bleed boxes
on every page (print_canvas.py). ReportLab writes none of these itself; they are added to its document
objects just before it writes the file. The XMP packet is the one every leaflet has (metadata.py:
title, PDF/UA-1), with PDF/X's properties added.
"""

from __future__ import annotations

import datetime as dt

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress

from . import reportlab_private as rl
from .icc import Profile
from .metadata import Extra, add_metadata, xmp_date

VERSION = "PDF/X-4"
_NAMESPACES = ('xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"', 'xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"')


def _uuid(digest: bytes) -> str:
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def make_pdfx(doc, profile: Profile, created: dt.date, digest: bytes, tagged: bool = True) -> None:
    """Turn ReportLab's document (reportlab_private.pdf_document) into PDF/X-4 as it is written.

    ``created`` dates the file (the leaflet's publication date: the same inputs, the same bytes);
    ``digest`` identifies its content (the document ID in the trailer and the XMP); ``tagged``: the
    file has a structure tree, so its metadata claims PDF/UA-1 too.
    """
    rl.set_pdf_version(doc, (1, 6))
    rl.set_creation_date(doc, created)
    date = xmp_date(created)
    add_metadata(
        doc,
        Extra(
            _NAMESPACES,
            (
                f"<xmp:CreateDate>{date}</xmp:CreateDate>",
                f"<xmp:ModifyDate>{date}</xmp:ModifyDate>",
                f"<xmp:MetadataDate>{date}</xmp:MetadataDate>",
                "<pdf:Trapped>False</pdf:Trapped>",
                f"<xmpMM:DocumentID>uuid:{_uuid(digest)}</xmpMM:DocumentID>",
                f"<xmpMM:InstanceID>uuid:{_uuid(digest)}</xmpMM:InstanceID>",
                "<xmpMM:VersionID>1</xmpMM:VersionID>",
                "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
                f"<pdfxid:GTS_PDFXVersion>{VERSION}</pdfxid:GTS_PDFXVersion>",
            ),
        ),
        tagged,
    )
    icc = PDFStream(PDFDictionary({"N": 4}), profile.data, filters=[PDFZCompress])
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFX"),
            "OutputConditionIdentifier": PDFString("Custom"),
            "OutputCondition": PDFString(profile.description),
            "Info": PDFString(profile.description),
            "RegistryName": PDFString("http://www.color.org"),
            "DestOutputProfile": doc.Reference(icc, "OutputProfile"),
        }
    )
    catalog = doc.Catalog
    catalog.__NoDefault__ = [*catalog.__NoDefault__, "OutputIntents"]  # ReportLab writes only the keys it lists
    catalog.OutputIntents = PDFArray([intent])
