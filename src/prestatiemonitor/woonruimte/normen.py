"""The beschikbaarheidsmonitor's norms (afspraak 7, 9 and 10 of Nijkerk), registered with the
normen app. Each evaluator reads the ``Woondata`` of a kader (context "woonruimte") through
the indicator functions, so the norm judges exactly the figure the page shows. Thresholds come
from the norm record's ``parameters``; the defaults are those of the Nijkerk agreements.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from prestatiemonitor.normen.constants import Uitkomst
from prestatiemonitor.normen.evaluatie import Bron, registreer, registreer_context, uitkomst

from . import indicatoren
from .indicatoren import Cijfer, Woondata, als_decimal, procent

CONTEXT = "woonruimte"


def bouw_context(kader, *, user=None, woondata: Woondata | None = None, **_) -> Woondata:
    from prestatiemonitor.organisaties.permissions import SYSTEEM

    from .selectors import woondata as lees

    return woondata or lees(user=user if user is not None else SYSTEEM, kader=kader)


registreer_context(CONTEXT, bouw_context)


def _fractie(norm, naam: str, standaard) -> Fraction:
    return Fraction(str(norm.parameters.get(naam, standaard))) / 100


def _pct(f: Fraction | None) -> Decimal | None:
    d = als_decimal(f, 6)
    return None if d is None else (d * 100).quantize(Decimal("0.1"))


def _grens_tekst(f: Fraction) -> str:
    return procent(f).replace(",0 %", " %")


def _bron(c: Cijfer, wat: str) -> tuple[Bron, ...]:
    if not c.url:
        return ()
    return (Bron(f"De {wat} achter dit cijfer", c.url),)


def _waarde(c: Cijfer) -> Decimal | None:
    return None if c.onderdrukt else _pct(c.aandeel)


def _aandeeluitkomst(norm, c: Cijfer, oordeel: str, grens: Fraction, uitleg: str):
    """A result for a share of a year (urgent, free allocation, passend): the share in %, the
    norm's limit in %, the sentence and the link to the lettings."""
    return uitkomst(
        norm,
        onderwerp=c.onderwerp,
        onderwerp_label=f"{c.onderwerp_label} {c.jaar}",
        uitkomst=oordeel,
        waarde=_waarde(c),
        grens=_pct(grens),
        eenheid="%",
        uitleg=f"{c.onderwerp_label} {c.jaar}: {_deel(c)} {uitleg}.",
        bronnen=_bron(c, "toewijzingen"),
    )


def _deel(c: Cijfer) -> str:
    """'12 van 40 (30,0 %)', or for the public a suppressed count (or only the share)."""
    if c.aantallen_verborgen:
        return "niet getoond" if c.onderdrukt else c.aandeel_tekst
    return f"{c.aantal(c.teller)} van {c.aantal(c.noemer)} ({c.aandeel_tekst})"


@registreer(
    "urgent_aandeel",
    context=CONTEXT,
    omschrijving="Aandeel van de toewijzingen van sociale huurwoningen aan urgenten en "
    "aandachtsgroepen, per corporatie en gemeentebreed per jaar, 'gemiddeld genomen' over de "
    "jaren met gegevens: voldoet niet als het gemiddelde boven het maximum ligt, waarschuwing "
    "als alleen een los jaar dat doet. Parameter: maximum_pct (30).",
)
def urgent_aandeel(norm, data: Woondata):
    maximum = _fractie(norm, "maximum_pct", 30)
    uit = []
    for c in indicatoren.urgent_aandeel(data):
        if c.aandeel is None or c.gemiddelde is None:
            continue
        jaren = ", ".join(str(j) for j in c.jaren_gemiddelde)
        gemiddeld = f"gemiddeld over {jaren}: {c.gemiddelde_tekst}"
        if c.gemiddelde > maximum:
            oordeel, slot = Uitkomst.VOLDOET_NIET, f"boven het maximum van {_grens_tekst(maximum)}"
        elif c.aandeel > maximum:
            oordeel = Uitkomst.WAARSCHUWING
            slot = (
                f"dit jaar boven {_grens_tekst(maximum)}, gemiddeld genomen niet (de afspraak "
                "geldt gemiddeld genomen)"
            )
        else:
            oordeel, slot = Uitkomst.VOLDOET, f"binnen het maximum van {_grens_tekst(maximum)}"
        uit.append(
            _aandeeluitkomst(
                norm,
                c,
                oordeel,
                maximum,
                f"sociale huurwoningen naar urgenten en aandachtsgroepen; {gemiddeld}; {slot}",
            )
        )
    return uit


@registreer(
    "vrije_toewijzing",
    context=CONTEXT,
    omschrijving="Aandeel van de toewijzingen van sociale huurwoningen aan huishoudens met een "
    "inkomen boven de DAEB-grens, per corporatie per jaar. Parameters: maximum_pct (15, de "
    "ruimte die de afspraken houden), wettelijk_pct (7,5 zonder zo'n afspraak).",
)
def vrije_toewijzing(norm, data: Woondata):
    maximum = _fractie(norm, "maximum_pct", 15)
    wettelijk = _fractie(norm, "wettelijk_pct", Decimal("7.5"))
    uit = []
    for c in indicatoren.vrije_toewijzing(data):
        if c.aandeel is None:
            continue
        if c.aandeel > maximum:
            oordeel, slot = Uitkomst.VOLDOET_NIET, f"meer dan de {_grens_tekst(maximum)}"
        else:
            oordeel, slot = Uitkomst.VOLDOET, f"binnen de {_grens_tekst(maximum)}"
        boven_wet = (
            f" (boven de wettelijke {_grens_tekst(wettelijk)}, wat deze afspraak toestaat)"
            if wettelijk < c.aandeel <= maximum
            else ""
        )
        uit.append(
            _aandeeluitkomst(
                norm,
                c,
                oordeel,
                maximum,
                f"sociale huurwoningen vrij toegewezen (inkomen boven de grens); {slot}{boven_wet}",
            )
        )
    return uit


@registreer(
    "passend_toewijzen",
    context=CONTEXT,
    omschrijving="Aandeel passend toegewezen sociale huurwoningen (ja ÷ ja + nee; 'nvt' telt "
    "niet mee), per corporatie per jaar. Parameter: minimum_pct (95, de wettelijke norm).",
)
def passend_toewijzen(norm, data: Woondata):
    minimum = _fractie(norm, "minimum_pct", 95)
    uit = []
    for c in indicatoren.passend(data):
        if c.aandeel is None:
            continue
        voldoet = c.aandeel >= minimum
        uit.append(
            _aandeeluitkomst(
                norm,
                c,
                Uitkomst.VOLDOET if voldoet else Uitkomst.VOLDOET_NIET,
                minimum,
                "toewijzingen waar de toets geldt passend; "
                f"{'ten minste' if voldoet else 'minder dan'} {_grens_tekst(minimum)}",
            )
        )
    return uit


def _personen(f: Fraction | None) -> str:
    if f is None:
        return "–"
    return f"{als_decimal(f, 1)}".replace(".", ",")


@registreer(
    "statushouders_naar_rato",
    context=CONTEXT,
    omschrijving="Gehuisveste statushouders (personen) per corporatie tegen de taakstelling × "
    "haar aandeel in de verhuurde sociale huurwoningen, per jaar en per halfjaar; voor de "
    "gemeente tegen de taakstelling zelf. Waarschuwing binnen de marge, voldoet niet "
    "daarbuiten. Parameter: marge_pct (10).",
)
def statushouders_naar_rato(norm, data: Woondata):
    marge = _fractie(norm, "marge_pct", 10)
    uit = []
    for c in indicatoren.statushouders(data):
        if c.verwacht is None:
            continue
        if c.teller >= c.verwacht:
            oordeel = Uitkomst.VOLDOET
        elif c.teller >= c.verwacht * (1 - marge):
            oordeel = Uitkomst.WAARSCHUWING
        else:
            oordeel = Uitkomst.VOLDOET_NIET
        wie = "de gemeente" if c.onderwerp_label == indicatoren.GEMEENTE else c.onderwerp_label
        if wie == "de gemeente":
            naar_rato = f"de taakstelling van {c.extra['taakstelling']} personen"
        elif data.openbaar:  # the letting counts behind the share can be small
            naar_rato = f"naar rato {_personen(c.verwacht)}"
        else:
            naar_rato = (
                f"naar rato {_personen(c.verwacht)} ({c.extra['taakstelling']} × "
                f"{c.aantal(c.extra['sociaal'])} van {c.aantal(c.extra['sociaal_alle'])} "
                "verhuurde sociale huurwoningen)"
            )
        periode = c.onderwerp.split(" ", 1)[0]
        uit.append(
            uitkomst(
                norm,
                onderwerp=c.onderwerp,
                onderwerp_label=f"{c.onderwerp_label} {periode}",
                uitkomst=oordeel,
                waarde=None if c.onderdrukt else c.teller,
                grens=als_decimal(c.verwacht, 1),
                eenheid="personen",
                uitleg=(
                    f"{wie} {periode}: {c.aantal(c.teller)} statushouders gehuisvest (personen); "
                    f"verwacht {naar_rato}."
                ),
                bronnen=_bron(c, "toewijzingen"),
            )
        )
    return uit


@registreer(
    "spreiding",
    context=CONTEXT,
    omschrijving="Per kern en buurt het aandeel in de toewijzingen aan aandachtsgroepen tegen "
    "het aandeel in de sociale voorraad (concentratie-index = het eerste ÷ het tweede): "
    "waarschuwing boven de factor. Parameters: factor (1,5), minimum_toewijzingen (5: "
    "kleinere aantallen worden niet beoordeeld).",
)
def spreiding(norm, data: Woondata):
    factor = Fraction(str(norm.parameters.get("factor", "1.5")))
    minimum = int(norm.parameters.get("minimum_toewijzingen", 5))
    uit = []
    for c in indicatoren.spreiding(data):
        if c.index is None or c.teller < minimum:
            continue
        boven = c.index > factor
        uit.append(
            uitkomst(
                norm,
                onderwerp=c.onderwerp,
                onderwerp_label=c.onderwerp.split(" ", 1)[1] + f" {c.jaar}",
                uitkomst=Uitkomst.WAARSCHUWING if boven else Uitkomst.VOLDOET,
                waarde=None if c.onderdrukt else als_decimal(c.index, 2),
                grens=als_decimal(factor, 2),
                eenheid="× aandeel voorraad",
                uitleg=(
                    f"{c.onderwerp_label} {c.jaar}: {_deel(c)}"
                    f"{' van de' if c.aantallen_verborgen else ''} toewijzingen aan "
                    f"aandachtsgroepen, tegen {procent(c.aandeel_voorraad)} van de sociale "
                    f"voorraad; index {c.index_tekst}"
                    + (f", meer dan {_personen(factor)} keer het aandeel." if boven else ".")
                ),
                bronnen=_bron(c, "toewijzingen"),
            )
        )
    return uit
