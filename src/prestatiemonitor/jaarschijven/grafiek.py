"""Charts of the dashboard: one declarative Vega-Lite spec per chart, rendered to SVG on the
server (vl-convert, no JavaScript in the page; the same SVG can go into a PDF).

The spec carries the figures the page's table shows (the table is the accessible version of
the chart); ``svg()`` turns it into markup that is inlined with ``role="img"``, a ``<title>``
and an ``aria-label``. Nothing is cached: a chart is rendered per request from what that user
may see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .constants import AfspraakStand, VoortgangStatus

# Colours of the bars: each has a contrast of at least 3:1 against the white background
# (WCAG 1.4.11, non-text contrast); the table beside the chart carries the same figures. The
# HTML legend uses the same colours (.legenda-kleur--<status> in static/css/app.css; a test
# keeps them equal).
KLEUREN: dict[str, str] = {
    AfspraakStand.GEREED: "#1a7f37",
    AfspraakStand.OP_SCHEMA: "#0b5cad",
    AfspraakStand.AANDACHT_NODIG: "#9a6700",
    AfspraakStand.VERTRAAGD: "#b3261e",
    AfspraakStand.NIET_GESTART: "#6e7781",
    AfspraakStand.GEEN_ACTIVITEIT: "#8250df",
    VoortgangStatus.VERVALLEN: "#424a53",
    VoortgangStatus.NIET_GEMELD: "#953800",
}


@dataclass(frozen=True)
class Reeks:
    """One bar segment: a theme's count of one status."""

    categorie: str  # the theme, as the y axis shows it ("Thema 2"; the table has the title)
    status: str  # the status value (key of KLEUREN)
    label: str  # the status as people read it
    aantal: int


def gestapelde_staven(
    *, reeksen: list[Reeks], volgorde: list[tuple[str, str]], x_titel: str
) -> dict:
    """A horizontal stacked bar per theme: the Vega-Lite spec. ``volgorde`` lists (status,
    label) in the order of the legend and the stack."""
    labels = [label for _, label in volgorde]
    kleuren = [KLEUREN[status] for status, _ in volgorde]
    orde = {label: i for i, label in enumerate(labels)}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 300,
        "background": "#ffffff",
        "data": {
            "values": [
                {
                    "thema": r.categorie,
                    "status": r.label,
                    "aantal": r.aantal,
                    "orde": orde.get(r.label, 0),
                }
                for r in reeksen
                if r.aantal
            ]
        },
        "mark": {"type": "bar", "stroke": "#ffffff", "strokeWidth": 1},
        "encoding": {
            "y": {
                "field": "thema",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 120, "labelFontSize": 13, "labelColor": "#1f2328"},
            },
            "x": {
                "field": "aantal",
                "type": "quantitative",
                "aggregate": "sum",
                "title": x_titel,
                "axis": {
                    "tickMinStep": 1,
                    "tickCount": 5,
                    "format": "d",
                    "labelColor": "#1f2328",
                    "titleColor": "#1f2328",
                },
            },
            # The legend is HTML next to the chart (grafiek-legenda in app.css, same colours):
            # real text, and half the rendering time (vl-convert spends it measuring text).
            "color": {
                "field": "status",
                "type": "nominal",
                "scale": {"domain": labels, "range": kleuren},
                "legend": None,
            },
            "order": {"field": "orde", "type": "quantitative"},
        },
        "config": {"aria": False, "font": "sans-serif", "view": {"stroke": None}},
    }


_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')
_ROOT = re.compile(r"<svg\b([^>]*)>")
_MAAT = re.compile(r'\s(?:width|height|class)="[^"]*"')


def _vegalite_svg(spec: dict) -> str:
    """vl-convert's SVG for this spec, cached by the spec's content: the same spec (data
    included) always gives the same picture, so the cache cannot show one user another's
    figures; a changed figure is a new key. Rendering costs ≈ 35 ms a chart."""
    import hashlib
    import json

    import vl_convert
    from django.core.cache import cache

    sleutel = (
        "vegalite-svg:"
        + hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    )
    tekst = cache.get(sleutel)
    if tekst is None:
        tekst = vl_convert.vegalite_to_svg(spec)
        cache.set(sleutel, tekst, timeout=7 * 24 * 3600)
    return tekst


def svg(spec: dict, *, titel: str, beschrijving: str = "") -> SafeString:
    """The chart as inline SVG: scaling with its container (viewBox, no fixed size), one
    accessible name (``role="img"``, ``aria-label`` and ``<title>``), no inner ARIA roles."""
    tekst = _ARIA.sub("", _vegalite_svg(spec))
    kop = f"<title>{escape(titel)}</title>"
    if beschrijving:
        kop += f"<desc>{escape(beschrijving)}</desc>"

    def wortel(m: re.Match) -> str:
        attributen = _MAAT.sub("", m.group(1))
        return (
            f'<svg{attributen} class="grafiek" role="img" aria-label="{escape(titel)}" '
            f'focusable="false">{kop}'
        )

    tekst = _ROOT.sub(wortel, tekst, count=1)
    return mark_safe(tekst)  # noqa: S308 — vl-convert's output; our strings are escaped
