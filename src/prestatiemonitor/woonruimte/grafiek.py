"""Charts of the beschikbaarheids- and verduurzamingsmonitor: one Vega-Lite spec each, rendered
to SVG by the dashboard's ``svg()``. Every chart has a table with the same figures beside it."""

from __future__ import annotations

from prestatiemonitor.jaarschijven.grafiek import svg  # noqa: F401 — re-exported for the views
from prestatiemonitor.planmonitor.grafiek import normlijn

_AS = {"labelColor": "#1f2328", "titleColor": "#1f2328", "labelFontSize": 12}
_CONFIG = {"aria": False, "font": "sans-serif", "view": {"stroke": None}}
# At least 3:1 against white (WCAG 1.4.11); the table carries the figures.
KLEUREN = ["#0b5cad", "#1a7f37", "#9a6700", "#8250df", "#953800", "#424a53"]


def lijnen(
    rijen: list[dict], *, y_titel: str, procent: bool = True, norm: float | None = None
) -> dict:
    """A line per ``reeks`` over ``x`` (years or peildata). ``rijen``: [{"x": "2024",
    "reeks": "jongere", "waarde": 0.08}, ...]; ``norm`` draws a dashed rule."""
    reeksen = list(dict.fromkeys(r["reeks"] for r in rijen))
    lagen: list[dict] = [
        {
            "mark": {"type": "line", "point": True, "strokeWidth": 2},
            "encoding": {
                "x": {
                    "field": "x",
                    "type": "ordinal",
                    "title": None,
                    "axis": {**_AS, "labelAngle": 0},
                },
                "y": {
                    "field": "waarde",
                    "type": "quantitative",
                    "title": y_titel,
                    "axis": {**_AS, "format": ".0%" if procent else "d"},
                },
                "color": {
                    "field": "reeks",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": reeksen, "range": KLEUREN[: len(reeksen)] or KLEUREN},
                    "legend": {**_AS, "orient": "bottom", "columns": 2},
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
