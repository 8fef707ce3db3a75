"""Charts of the planmonitor: one declarative Vega-Lite spec each, rendered to SVG on the server
by the dashboard's ``svg()`` (jaarschijven/grafiek.py). Each chart has a table with the same
figures beside it on the page."""

from __future__ import annotations

from prestatiemonitor.jaarschijven.grafiek import svg  # noqa: F401 — re-exported for the views

_AS = {"labelColor": "#1f2328", "titleColor": "#1f2328", "labelFontSize": 12}
_CONFIG = {"aria": False, "font": "sans-serif", "view": {"stroke": None}}

# Colours with at least 3:1 contrast against white (WCAG 1.4.11); the table carries the figures.
GEPLAND = "#0b5cad"
GEREALISEERD = "#1a7f37"
NORM = "#b3261e"
SEGMENTKLEUREN = ["#0b5cad", "#1a7f37", "#9a6700", "#8250df", "#953800", "#424a53"]


def normlijn(waarde: float) -> dict:
    """A layer: the norm as a dashed red horizontal rule at ``waarde``."""
    return {
        "data": {"values": [{"norm": waarde}]},
        "mark": {"type": "rule", "color": NORM, "strokeWidth": 2, "strokeDash": [6, 4]},
        "encoding": {"y": {"field": "norm", "type": "quantitative"}},
    }


def netto_per_jaar(rijen: list[dict], norm: int | None) -> dict:
    """Bars: netto toename per year (gepland and gerealiseerd stacked), a rule at the norm.
    ``rijen``: [{"jaar": "2025", "soort": "gerealiseerd", "aantal": 25}, ...]."""
    lagen: list[dict] = [
        {
            "mark": {"type": "bar"},
            "encoding": {
                "x": {
                    "field": "jaar",
                    "type": "ordinal",
                    "title": None,
                    "axis": {**_AS, "labelAngle": 0},
                },
                "y": {
                    "field": "aantal",
                    "type": "quantitative",
                    "aggregate": "sum",
                    "title": "Netto toename (woningen)",
                    "axis": {**_AS, "format": "d"},
                },
                "color": {
                    "field": "soort",
                    "type": "nominal",
                    "scale": {
                        "domain": ["gerealiseerd", "gepland"],
                        "range": [GEREALISEERD, GEPLAND],
                    },
                    "legend": None,
                },
            },
        }
    ]
    if norm is not None:
        lagen.append(normlijn(norm))
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 300,
        "height": 200,
        "background": "#ffffff",
        "data": {"values": rijen},
        "layer": lagen,
        "config": _CONFIG,
    }


def gestapeld(
    rijen: list[dict], *, categorie: str, reeks: str, domein: list[str], x_titel: str
) -> dict:
    """Horizontal stacked bars: per ``categorie`` (hardness, kern) the units per ``reeks``."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 300,
        "background": "#ffffff",
        "data": {"values": [r for r in rijen if r["aantal"]]},
        "mark": {"type": "bar", "stroke": "#ffffff", "strokeWidth": 1},
        "encoding": {
            "y": {
                "field": categorie,
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {**_AS, "labelLimit": 140},
            },
            "x": {
                "field": "aantal",
                "type": "quantitative",
                "aggregate": "sum",
                "title": x_titel,
                "axis": {**_AS, "format": "d", "tickCount": 5},
            },
            "color": {
                "field": reeks,
                "type": "nominal",
                "scale": {"domain": domein, "range": SEGMENTKLEUREN[: len(domein)]},
                "legend": None,
            },
            "order": {"field": "orde", "type": "quantitative"},
        },
        "config": _CONFIG,
    }
