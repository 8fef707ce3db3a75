"""How register data is put into words for the pages: word diffs, numbers and labels.

The selectors return data (records, rows, the stored table checks); this module is the one place
that turns that data into text for a reader. Numbers go through Django's localisation
(``number_format`` with the ``nl`` locale), never through a hand-written formatter.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.formats import number_format

from .constants import AfspraakSoort, ControleSoort, WijzigingActie

if TYPE_CHECKING:
    from .models import BijstellingWijziging, TabelControle

# A changed text longer than this is shown as a word diff instead of "old / new".
TEKSTDIFF_VANAF = 40


def woorddiff(oud: str, nieuw: str) -> list[tuple[str, str]]:
    """Word-level difference as (kind, text) pieces; kind is 'gelijk', 'weg' or 'erbij'."""
    a, b = re.split(r"(\s+)", oud or ""), re.split(r"(\s+)", nieuw or "")
    pieces: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("gelijk", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("weg", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("erbij", "".join(b[j1:j2])))
    return pieces


def getal(waarde: Any) -> str:
    """A figure in Dutch notation: 1234 → '1.234', Decimal('-6.00') → '-6', 12.5 → '12,5'."""
    if isinstance(waarde, bool) or not isinstance(waarde, int | float | Decimal):
        return str(waarde)
    waarde = Decimal(str(waarde))
    geheel = waarde == waarde.to_integral_value()
    if geheel:
        return number_format(int(waarde), use_l10n=True, force_grouping=True)
    return number_format(waarde.normalize(), use_l10n=True, force_grouping=True)


def schoon(tekst: Any) -> str:
    """Printed text without leftover tags (``<br>``) and with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(tekst or ""))).strip()


# --------------------------------------------------------------------------------------------
# Table checks (TabelControle rows, written by the importer)

_CONTROLE_BEREKEND = {
    ControleSoort.KOLOMTOTAAL: "som van de rijen",
    ControleSoort.SUBTOTAAL: "som van de rijen erboven",
    ControleSoort.RIJSOM: "som van de kolommen",
    ControleSoort.TOTAALRIJ: "som van de totaalrij",
}


def controle_melding(controle: TabelControle) -> str:
    """One stored table check in words, e.g. "Rij 'Totaal', kolom 'Netto toename': gedrukt 415,
    som van de totaalrij 421." """
    berekend = _CONTROLE_BEREKEND.get(controle.soort, "berekend")
    plaats = [f"Rij '{schoon(controle.rij)}'"] if controle.rij else []
    if controle.kolom:
        plaats.append(f"kolom '{schoon(controle.kolom)}'")
    voor = ", ".join(plaats)
    if voor:
        voor = voor[:1].upper() + voor[1:] + ": "
    return f"{voor}gedrukt {getal(controle.gedrukt)}, {berekend} {getal(controle.berekend)}."


# --------------------------------------------------------------------------------------------
# Changes recorded in a bijstelling (BijstellingWijziging rows)

_ONDERDEEL = {
    "afspraak": "Afspraak",
    AfspraakSoort.STRATEGISCH: "Afspraak",
    AfspraakSoort.SYSTEMATIEK: "Systematiek",
}


@dataclass
class WijzigingWeergave:
    """One BijstellingWijziging in words, for the bijstellingen and afspraak pages."""

    onderwerp: str
    actie: str
    veld: str
    oud: str | None
    nieuw: str | None
    omschrijving: str = ""
    tekstdiff: list[tuple[str, str]] | None = None


def _veld_label(onderdeel: str, veld: str) -> str:
    from .models import Afspraak

    if onderdeel in _ONDERDEEL and veld:
        try:
            return str(Afspraak._meta.get_field(veld).verbose_name)
        except Exception:  # noqa: BLE001 — a field that is not a model field (e.g. 'partijen')
            return veld
    return veld


def wijziging_weergave(wijziging: BijstellingWijziging) -> WijzigingWeergave:
    onderdeel = wijziging.onderdeel or ""
    naam = _ONDERDEEL.get(onderdeel, onderdeel.capitalize())
    onderwerp = " ".join(x for x in (naam, wijziging.sleutel) if x)
    oud = wijziging.oud if wijziging.actie != WijzigingActie.NIEUW else None
    nieuw = wijziging.nieuw if wijziging.actie != WijzigingActie.VERWIJDERD else None
    weergave = WijzigingWeergave(
        onderwerp=onderwerp,
        actie=str(wijziging.get_actie_display()),
        veld=_veld_label(onderdeel, wijziging.veld),
        oud=oud or None,
        nieuw=nieuw or None,
    )
    if oud and nieuw and max(len(oud), len(nieuw)) > TEKSTDIFF_VANAF:
        weergave.tekstdiff = woorddiff(oud, nieuw)
    return weergave
