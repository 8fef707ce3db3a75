"""The report as an accessible PDF: an HTML template rendered by WeasyPrint as PDF/UA-1.

Tagged (the HTML's structure becomes the PDF's structure tree, in reading order), with the
document language (``<html lang="nl">``), a title (``<title>``), bookmarks (the headings) and
real text. The table of contents gets its page numbers from CSS (``target-counter``), the
footer its page number from ``@page`` margin boxes. The one chart is a Vega-Lite spec rendered
offline to SVG by vl-convert (``jaarschijven/grafiek.py``), embedded as an image with a text
alternative, with the same figures in the table beside it.
"""

from __future__ import annotations

import base64

from django.template.loader import render_to_string

from prestatiemonitor.jaarschijven import grafiek
from prestatiemonitor.jaarschijven.constants import AfspraakStand

from .inhoud import STAND_VOLGORDE, Rapportinhoud


def grafiek_spec(inhoud: Rapportinhoud) -> dict:
    """The chart of the summary: per theme its afspraken per stand (one Vega-Lite spec)."""
    reeksen = [
        grafiek.Reeks(t.kort, s.value, str(s.label), t.afspraken_per_stand[s.value])
        for t in inhoud.themastanden
        for s in STAND_VOLGORDE
    ]
    return grafiek.gestapelde_staven(
        reeksen=reeksen,
        volgorde=[(s.value, str(s.label)) for s in STAND_VOLGORDE],
        x_titel="aantal afspraken",
    )


def grafiek_svg(inhoud: Rapportinhoud) -> str:
    return grafiek._vegalite_svg(grafiek_spec(inhoud))


def html(inhoud: Rapportinhoud) -> str:
    svg = grafiek_svg(inhoud)
    return render_to_string(
        "rapportage/rapport.html",
        {
            "r": inhoud,
            "grafiek_src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
            "grafiek_alt": (
                f"Staafdiagram: afspraken per thema naar stand bij {inhoud.peilmoment.lower()}. "
                "Dezelfde cijfers staan in de tabel onder de grafiek."
            ),
            "legenda": [
                (s.value, str(s.label), grafiek.KLEUREN[AfspraakStand(s)]) for s in STAND_VOLGORDE
            ],
        },
    )


def pdf_bytes(inhoud: Rapportinhoud) -> bytes:
    # The heavy import only where it is needed (STYLE.md).
    from weasyprint import HTML

    return HTML(string=html(inhoud), base_url=None).write_pdf(pdf_variant="pdf/ua-1")
