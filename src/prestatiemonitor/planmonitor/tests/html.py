"""Reading rendered pages in the view tests: the text of a page, its tables, its form errors.

Standard library only (``html.parser``): enough to assert concrete values in a cell or beside
a field without depending on the markup around it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_WIT = re.compile(r"\s+")
_BLOK = {
    "p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "br", "section", "ul", "ol",
    "dt", "dd", "option", "label", "legend", "table", "form", "nav", "fieldset", "button",
    "figcaption", "title", "main", "header", "footer",
}  # fmt: skip


def _schoon(tekst: str) -> str:
    return _WIT.sub(" ", tekst).strip()


class _Lezer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tekst: list[str] = []
        self.tabellen: list[dict] = []  # {"label": str, "rijen": [[cel, ...], ...]}
        self._label = ""  # the aria-label of the last region opened before a table
        self._tabel: dict | None = None
        self._rij: list[str] | None = None
        self._cel: list[str] | None = None
        self._verborgen = 0  # inside <script>/<style>/<svg>
        self.fouten: dict[str, list[str]] = {}  # field id -> error texts
        self._fout_id: str | None = None
        self._fout_diepte = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in _BLOK:
            self.tekst.append(" ")
        if tag in ("script", "style", "svg"):
            self._verborgen += 1
        if a.get("role") == "region" and (a.get("aria-label") or a.get("aria-labelledby")):
            self._label = a.get("aria-label") or "#" + a["aria-labelledby"]
        if tag == "table":
            self._tabel = {"label": self._label, "rijen": []}
            self.tabellen.append(self._tabel)
        elif tag == "tr" and self._tabel is not None:
            self._rij = []
            self._tabel["rijen"].append(self._rij)
        elif tag in ("td", "th") and self._rij is not None:
            self._cel = []
        if tag == "div":
            if self._fout_id is not None:
                self._fout_diepte += 1
            elif "utrecht-form-field-error-message" in (a.get("class") or "") and a.get("id"):
                self._fout_id = a["id"].removesuffix("_error")
                self._fout_diepte = 1
                self.fouten.setdefault(self._fout_id, [])
        if tag == "p" and self._fout_id is not None:
            self.fouten[self._fout_id].append("")

    def handle_endtag(self, tag):
        if tag in _BLOK:
            self.tekst.append(" ")
        if tag in ("script", "style", "svg"):
            self._verborgen -= 1
        if tag in ("td", "th") and self._cel is not None and self._rij is not None:
            self._rij.append(_schoon("".join(self._cel)))
            self._cel = None
        elif tag == "tr":
            self._rij = None
        elif tag == "table":
            self._tabel = None
        if tag == "div" and self._fout_id is not None:
            self._fout_diepte -= 1
            if self._fout_diepte == 0:
                self.fouten[self._fout_id] = [_schoon(f) for f in self.fouten[self._fout_id]]
                self._fout_id = None

    def handle_data(self, data):
        if self._verborgen:
            return
        self.tekst.append(data)
        if self._cel is not None:
            self._cel.append(data)
        if self._fout_id is not None and self.fouten[self._fout_id]:
            self.fouten[self._fout_id][-1] += data


def lees(response) -> _Lezer:
    lezer = _Lezer()
    lezer.feed(response.content.decode())
    lezer.close()
    return lezer


def tekst(response) -> str:
    """The visible text of the page, whitespace collapsed (no scripts, styles or charts)."""
    return _schoon("".join(lees(response).tekst))


def tabel(response, label: str) -> list[list[str]]:
    """The rows (cell texts) of the table inside the region with this aria-label."""
    gevonden = [t["rijen"] for t in lees(response).tabellen if t["label"] == label]
    assert gevonden, f"no table labelled {label!r}; found: {tabel_labels(response)}"
    return gevonden[0]


def tabel_labels(response) -> list[str]:
    return [t["label"] for t in lees(response).tabellen]


def rijen_per_kop(response, label: str) -> dict[str, list[str]]:
    """The table's body rows by their first cell: {"WSN": ["526", "–", ...]}."""
    return {r[0]: r[1:] for r in tabel(response, label)[1:] if r}


def veldfouten(response) -> dict[str, list[str]]:
    """The error messages shown beside each field, by the field's id (``id_totaal``)."""
    return dict(lees(response).fouten)
