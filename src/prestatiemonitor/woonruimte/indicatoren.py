"""The indicators of the beschikbaarheidsmonitor, computed from one read of the data.

``Woondata`` (built by ``selectors.woondata``) holds the lettings of a kader aggregated per
(jaar, halfjaar, corporatie, kern, buurt) — one GROUP BY query, a few hundred rows for a
gemeente — plus the seekers, the statushouder target and the social stock. Every indicator is
a pure function of it, so the page, the norm evaluators (``normen.py``), the CLI and the report
read the same figures:

- ``slaagkans``: gehuisvest ÷ actief per doelgroep per year (Monitor WNR definition);
- ``urgent_aandeel``: aandachtsgroep lettings ÷ social lettings, per corporation and for the
  gemeente, per year, with the mean of the yearly shares over the years with data up to that
  year ("gemiddeld genomen", afspraak 9);
- ``vrije_toewijzing``: social lettings with an income above the limit ÷ social lettings, per
  corporation (afspraak 7); ``passend``: passend "ja" ÷ (ja + nee);
- ``statushouders``: persons housed through the statushouder route against the taakstelling
  × the corporation's share of the social lettings of that period (afspraak 10);
- ``spreiding``: per kern and buurt the share of the aandachtsgroep lettings against the share
  of the social stock, and their ratio (the concentration index).

Shares are exact ``Fraction`` s (norms compare exactly); pages show them rounded.

A ``Cijfer`` carries its ``onderwerp`` key (the subject an exception of a norm names: "2025
WSN", "2025-1 de Alliantie", "2025 Nijkerk / Corlaer") and the link to the lettings behind it.
For the public (``openbaar``) counts under 5 are suppressed, and so is every total one of whose
parts is suppressed (``onderdrukt``), so that no hidden count can be recomputed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any
from urllib.parse import urlencode

GEMEENTE = "gemeente"
KLEIN = 5  # counts below this are shown to the public as "< 5"


@dataclass(frozen=True)
class Telling:
    """Summed lettings of one selection."""

    totaal: int = 0
    sociaal: int = 0
    aandacht: int = 0
    boven: int = 0
    passend_ja: int = 0
    passend_nee: int = 0
    sh_personen: int = 0
    sh_huishoudens: int = 0

    def __add__(self, other: Telling) -> Telling:
        return Telling(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))


@dataclass(frozen=True)
class Groep:
    jaar: int
    halfjaar: int
    corporatie_id: int
    kern: str
    buurt: str
    telling: Telling


@dataclass
class Woondata:
    kader: Any
    slug: str
    corporaties: dict[int, str]  # id -> short name, in the kader's order
    groepen: list[Groep]
    zoekenden: list[dict[str, Any]]
    taakstelling: dict[tuple[int, int], int]  # (jaar, halfjaar) -> persons
    voorraad: dict[int, dict[tuple[str, str], int]]  # jaar -> (kern, buurt) -> homes
    openbaar: bool = False
    jaren_zichtbaar: dict[int, str] | None = None  # public: jaar -> "halfjaar"|"jaar"
    # Which state the indicators (and so the norms) describe: "jaar" or "halfjaar" (Jan–Jun).
    stand: str = "jaar"
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def jaren(self) -> list[int]:
        """Years with lettings, oldest first."""
        return sorted({g.jaar for g in self.groepen})

    def som(
        self,
        *,
        jaar: int | None = None,
        halfjaren: tuple[int, ...] = (1, 2),
        corporatie_id: int | None = None,
        kern: str | None = None,
        buurt: str | None = None,
    ) -> Telling:
        sleutel = (jaar, halfjaren, corporatie_id, kern, buurt)
        if sleutel not in self._cache:
            gekozen = [
                g.telling
                for g in self.groepen
                if (jaar is None or g.jaar == jaar)
                and g.halfjaar in halfjaren
                and (corporatie_id is None or g.corporatie_id == corporatie_id)
                and (kern is None or g.kern == kern)
                and (buurt is None or g.buurt == buurt)
            ]
            # Field by field (not Telling + Telling per group: a new object per addition).
            self._cache[sleutel] = Telling(
                *(sum(getattr(t, f) for t in gekozen) for f in Telling.__dataclass_fields__)
            )
        return self._cache[sleutel]

    def url(self, **filters) -> str:
        """The drill-down to the lettings behind a figure (woonruimte:toewijzingen)."""
        basis = self._cache.get("url")
        if basis is None:  # one reverse() per kader, not one per figure
            from django.urls import reverse

            basis = reverse("woonruimte:toewijzingen", args=[self.slug])
            self._cache["url"] = basis
        schoon = {k: v for k, v in filters.items() if v not in (None, "")}
        return basis + ("?" + urlencode(schoon) if schoon else "")


def halfjaren(stand: str) -> tuple[int, ...]:
    return (1,) if stand == "halfjaar" else (1, 2)


def aandeel(deel: int, geheel: int) -> Fraction | None:
    return Fraction(deel, geheel) if geheel else None


def als_decimal(f: Fraction | None, plaatsen: int = 4) -> Decimal | None:
    """A fraction as a Decimal (0.3512) for JSON and display."""
    if f is None:
        return None
    q = Decimal(1).scaleb(-plaatsen)
    return (Decimal(f.numerator) / Decimal(f.denominator)).quantize(q)


def procent(f: Fraction | Decimal | None) -> str:
    """'33,3 %' (Dutch notation), or '–'."""
    if f is None:
        return "–"
    d = Decimal(f.numerator) / Decimal(f.denominator) if isinstance(f, Fraction) else f
    return f"{(d * 100).quantize(Decimal('0.1'))} %".replace(".", ",")


@dataclass(frozen=True)
class Cijfer:
    indicator: str
    jaar: int
    onderwerp: str  # the key an exception names
    onderwerp_label: str  # "WSN", "gemeente", "jongere", "Nijkerk / Corlaer"
    teller: int
    noemer: int | None
    aandeel: Fraction | None
    periode: str = "jaar"  # "jaar", "halfjaar" (Jan–Jun), "1"/"2" (a half year)
    verwacht: Fraction | None = None  # statushouders: the pro-rata persons
    gemiddelde: Fraction | None = None  # urgent share: mean over the years so far
    jaren_gemiddelde: tuple[int, ...] = ()
    index: Fraction | None = None  # spreiding: concentration index
    aandeel_voorraad: Fraction | None = None  # spreiding
    url: str = ""
    onderdrukt: bool = False  # public: suppressed (small or recomputable)
    aantallen_verborgen: bool = False  # public: only the shares are shown (spreiding)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def waarde(self) -> Decimal | None:
        """For the CLI and JSON: a share as a fraction, for statushouders the persons."""
        if self.indicator == "statushouders":
            return Decimal(self.teller)
        return als_decimal(self.aandeel)

    @property
    def aandeel_tekst(self) -> str:
        return "–" if self.onderdrukt else procent(self.aandeel)

    def aantal(self, n: int | None) -> str:
        if self.aantallen_verborgen and not self.onderdrukt:
            return "–"
        return tel(n, self.onderdrukt)

    # What the templates show (Dutch notation, suppressed for the public where needed).
    @property
    def teller_tekst(self) -> str:
        return self.aantal(self.teller)

    @property
    def noemer_tekst(self) -> str:
        return self.aantal(self.noemer)

    @property
    def gemiddelde_tekst(self) -> str:
        return "–" if self.onderdrukt else procent(self.gemiddelde)

    @property
    def verwacht_tekst(self) -> str:
        if self.verwacht is None:
            return "–"
        return f"{als_decimal(self.verwacht, 1)}".replace(".", ",")

    @property
    def index_tekst(self) -> str:
        if self.onderdrukt or self.index is None:
            return "–"
        return f"{als_decimal(self.index, 2)}".replace(".", ",")

    @property
    def aandeel_voorraad_tekst(self) -> str:
        return procent(self.aandeel_voorraad)

    @property
    def huishoudens_tekst(self) -> str:
        return self.aantal(self.extra.get("huishoudens"))


def tel(n: int | None, onderdrukt: bool = False) -> str:
    if n is None:
        return "–"
    if onderdrukt:
        return "< 5" if n < KLEIN else "×"
    return f"{n:,}".replace(",", ".")


def openbaar_aantal(n: int | None, openbaar: bool) -> str:
    """A count as shown: for the public a count under 5 is "< 5"."""
    return tel(n, openbaar and n is not None and n < KLEIN)


def _klein(*aantallen: int | None) -> bool:
    return any(a is not None and a < KLEIN for a in aantallen)


def onderdrukken(delen: list[Cijfer], totaal: Cijfer | None, openbaar: bool):
    """Primary suppression (a count under 5) and secondary: a total is suppressed when one of
    its parts is, so that the part cannot be recomputed from the total and the other parts."""
    if not openbaar:
        return delen, totaal
    uit = [_vervang(c, onderdrukt=True) if _klein(c.teller, c.noemer) else c for c in delen]
    if totaal is not None and (
        _klein(totaal.teller, totaal.noemer) or any(c.onderdrukt for c in uit)
    ):
        totaal = _vervang(totaal, onderdrukt=True)
    return uit, totaal


def _vervang(c: Cijfer, **kwargs) -> Cijfer:
    from dataclasses import replace

    return replace(c, **kwargs)


# ---------------------------------------------------------------------------------------------
# The indicators


def _subjecten(data: Woondata) -> list[tuple[int | None, str]]:
    return [(pk, naam) for pk, naam in data.corporaties.items()] + [(None, GEMEENTE)]


def _stand_jaren(data: Woondata) -> list[int]:
    if data.jaren_zichtbaar is None:
        return data.jaren
    return [j for j in data.jaren if j in data.jaren_zichtbaar]


def urgent_aandeel(
    data: Woondata, *, jaar: int | None = None, stand: str | None = None
) -> list[Cijfer]:
    """Per corporation and gemeente-wide, per year: aandachtsgroep ÷ social lettings and the
    mean of the yearly shares over the kader's years with data up to that year (the year
    itself counted as far as ``stand`` reaches)."""
    stand = stand or data.stand
    uit: list[Cijfer] = []
    jaren = _stand_jaren(data)
    for j in jaren:
        if jaar is not None and j != jaar:
            continue
        delen, totaal = [], None
        for pk, naam in _subjecten(data):
            t = data.som(jaar=j, halfjaren=halfjaren(stand), corporatie_id=pk)
            if pk is not None and not t.totaal:
                continue
            reeks = []
            for eerder in data.jaren:  # every year read, also one not shown to the public
                if eerder > j:
                    break
                te = t if eerder == j else data.som(jaar=eerder, corporatie_id=pk)
                a = aandeel(te.aandacht, te.sociaal)
                if a is not None:
                    reeks.append((eerder, a))
            gem = sum((a for _, a in reeks), Fraction(0)) / len(reeks) if reeks else None
            c = Cijfer(
                indicator="urgent_aandeel",
                jaar=j,
                periode=stand,
                onderwerp=f"{j} {naam}",
                onderwerp_label=naam,
                teller=t.aandacht,
                noemer=t.sociaal,
                aandeel=aandeel(t.aandacht, t.sociaal),
                gemiddelde=gem,
                jaren_gemiddelde=tuple(e for e, _ in reeks),
                url=data.url(
                    jaar=j,
                    tot_halfjaar=1 if stand == "halfjaar" else None,
                    corporatie=naam if pk else None,
                    segment="sociale_huur",
                    aandachtsgroep="ja",
                ),
            )
            if pk is None:
                totaal = c
            else:
                delen.append(c)
        delen, totaal = onderdrukken(delen, totaal, data.openbaar)
        uit += delen + ([totaal] if totaal else [])
    return uit


def _per_corporatie(
    data: Woondata, indicator: str, jaar: int | None, stand: str, teller, noemer, filters
) -> list[Cijfer]:
    uit: list[Cijfer] = []
    for j in _stand_jaren(data):
        if jaar is not None and j != jaar:
            continue
        delen = []
        for pk, naam in data.corporaties.items():
            t = data.som(jaar=j, halfjaren=halfjaren(stand), corporatie_id=pk)
            if not t.totaal:
                continue
            delen.append(
                Cijfer(
                    indicator=indicator,
                    jaar=j,
                    periode=stand,
                    onderwerp=f"{j} {naam}",
                    onderwerp_label=naam,
                    teller=teller(t),
                    noemer=noemer(t),
                    aandeel=aandeel(teller(t), noemer(t)),
                    url=data.url(
                        jaar=j,
                        tot_halfjaar=1 if stand == "halfjaar" else None,
                        corporatie=naam,
                        segment="sociale_huur",
                        **filters,
                    ),
                )
            )
        delen, _ = onderdrukken(delen, None, data.openbaar)
        uit += delen
    return uit


def vrije_toewijzing(data: Woondata, *, jaar: int | None = None, stand: str | None = None):
    stand = stand or data.stand
    return _per_corporatie(
        data,
        "vrije_toewijzing",
        jaar,
        stand,
        lambda t: t.boven,
        lambda t: t.sociaal,
        {"inkomen_boven_grens": "ja"},
    )


def passend(data: Woondata, *, jaar: int | None = None, stand: str | None = None):
    stand = stand or data.stand
    return _per_corporatie(
        data,
        "passend",
        jaar,
        stand,
        lambda t: t.passend_ja,
        lambda t: t.passend_ja + t.passend_nee,
        {"passend": "ja"},
    )


def statushouders(data: Woondata, *, jaar: int | None = None, stand: str | None = None):
    """Per corporation and for the gemeente, per year (``stand`` "jaar": both halves of the
    target; "halfjaar": the first) and per half year: the persons housed through the
    statushouder route against the pro-rata expectation (the target × the corporation's share
    of the social lettings of that period). No target for the period: no expectation.

    A year without lettings in its second half (the current year) is shown as its first half:
    it is not judged against the whole year's target. For the public a subject's year and
    halves are suppressed together (the year is the sum of the halves), on its persons and
    households, and the gemeente's when one of its corporations' is."""
    stand = stand or data.stand
    uit: list[Cijfer] = []
    for j in _stand_jaren(data):
        if jaar is not None and j != jaar:
            continue
        eigen_stand = stand
        if not any(g.jaar == j and g.halfjaar == 2 for g in data.groepen):
            eigen_stand = "halfjaar"
        halven_van_stand = halfjaren(eigen_stand)
        perioden = [(eigen_stand, halven_van_stand)]
        if len(halven_van_stand) == 2:
            perioden += [(str(h), (h,)) for h in halven_van_stand]
        jaar_cijfers: list[tuple[int | None, Cijfer]] = []
        for periode, halven in perioden:
            doelen = [data.taakstelling.get((j, h)) for h in halven]
            taak = None if any(d is None for d in doelen) else sum(doelen)  # type: ignore[arg-type]
            alle = data.som(jaar=j, halfjaren=halven)
            if not alle.totaal and taak is None:
                continue
            for pk, naam in _subjecten(data):
                t = data.som(jaar=j, halfjaren=halven, corporatie_id=pk)
                if pk is not None and not t.totaal:
                    continue
                if pk is None:
                    verwacht = Fraction(taak) if taak is not None else None
                else:
                    deel = aandeel(t.sociaal, alle.sociaal)
                    verwacht = taak * deel if taak is not None and deel is not None else None
                label = str(j) if len(halven) == 2 else f"{j}-{halven[0]}"
                jaar_cijfers.append(
                    (
                        pk,
                        Cijfer(
                            indicator="statushouders",
                            jaar=j,
                            periode=periode,
                            onderwerp=f"{label} {naam}",
                            onderwerp_label=naam,
                            teller=t.sh_personen,
                            noemer=None,
                            aandeel=None,
                            verwacht=verwacht,
                            url=data.url(
                                jaar=j,
                                halfjaar=halven[0] if len(halven) == 1 else None,
                                corporatie=naam if pk else None,
                                route="statushouder",
                            ),
                            extra={
                                "huishoudens": t.sh_huishoudens,
                                "taakstelling": taak,
                                "sociaal": t.sociaal,
                                "sociaal_alle": alle.sociaal,
                            },
                        ),
                    )
                )
        if data.openbaar:
            klein: set[int | None] = {
                pk for pk, c in jaar_cijfers if pk is not None and _klein(c.extra["huishoudens"])
            }
            if klein or any(
                pk is None and _klein(c.extra["huishoudens"]) for pk, c in jaar_cijfers
            ):
                klein.add(None)  # the gemeente: a total of the corporations
            jaar_cijfers = [
                (pk, _vervang(c, onderdrukt=True) if pk in klein else c) for pk, c in jaar_cijfers
            ]
        uit += [c for _, c in jaar_cijfers]
    return uit


def _voorraad_van(data: Woondata, jaar: int) -> tuple[int | None, dict[tuple[str, str], int]]:
    """The stock of the year, else of the latest earlier year, else of the earliest year."""
    if not data.voorraad:
        return None, {}
    eerder = [j for j in data.voorraad if j <= jaar]
    j = max(eerder) if eerder else min(data.voorraad)
    return j, data.voorraad[j]


def spreiding(data: Woondata, *, jaar: int | None = None, stand: str | None = None) -> list[Cijfer]:
    """Per kern, and per buurt within a kern, the share of the year's aandachtsgroep lettings
    (social homes) against the share of the social stock; index = the first ÷ the second."""
    stand = stand or data.stand
    uit: list[Cijfer] = []
    for j in _stand_jaren(data):
        if jaar is not None and j != jaar:
            continue
        voorraadjaar, voorraad = _voorraad_van(data, j)
        groepen = [g for g in data.groepen if g.jaar == j and g.halfjaar in halfjaren(stand)]
        aandacht_totaal = sum(g.telling.aandacht for g in groepen)
        voorraad_totaal = sum(voorraad.values())
        per_kern: dict[str, int] = defaultdict(int)
        per_buurt: dict[tuple[str, str], int] = defaultdict(int)
        for g in groepen:
            per_kern[g.kern] += g.telling.aandacht
            if g.buurt:
                per_buurt[(g.kern, g.buurt)] += g.telling.aandacht
        vk: dict[str, int] = defaultdict(int)
        for (kern, _buurt), n in voorraad.items():
            vk[kern] += n
        gebieden: list[tuple[str, str, int, int]] = []
        for kern in sorted(set(per_kern) | set(vk)):
            gebieden.append((kern, "", per_kern.get(kern, 0), vk.get(kern, 0)))
            buurten = {b for (k, b) in per_buurt if k == kern} | {
                b for (k, b) in voorraad if k == kern and b
            }
            for buurt in sorted(buurten):
                gebieden.append(
                    (kern, buurt, per_buurt.get((kern, buurt), 0), voorraad.get((kern, buurt), 0))
                )
        delen = []
        for kern, buurt, n, v in gebieden:
            a = aandeel(n, aandacht_totaal)
            av = aandeel(v, voorraad_totaal)
            label = f"{kern} / {buurt}" if buurt else kern
            delen.append(
                Cijfer(
                    indicator="spreiding",
                    jaar=j,
                    periode=stand,
                    onderwerp=f"{j} {label}",
                    onderwerp_label=label,
                    teller=n,
                    noemer=aandacht_totaal,
                    aandeel=a,
                    aandeel_voorraad=av,
                    index=(a / av) if a is not None and av else None,
                    url=data.url(
                        jaar=j,
                        tot_halfjaar=1 if stand == "halfjaar" else None,
                        kern=kern,
                        buurt=buurt or None,
                        segment="sociale_huur",
                        aandachtsgroep="ja",
                    ),
                    extra={
                        "voorraad": v,
                        "voorraad_totaal": voorraad_totaal,
                        "voorraadjaar": voorraadjaar,
                        "buurt": buurt,
                        "kern": kern,
                    },
                )
            )
        if data.openbaar:
            delen = _spreiding_openbaar(delen)
        uit += delen
    return uit


def _spreiding_openbaar(delen: list[Cijfer]) -> list[Cijfer]:
    """The public sees shares only (a count and its share would give the total away, and with
    it a count the urgent table suppresses). An area under 5 is suppressed; among the kernen,
    and among the buurten of a kern, one suppressed area makes the next smallest suppressed too,
    so that no share follows from the others."""
    uit = [_vervang(c, onderdrukt=_klein(c.teller), aantallen_verborgen=True) for c in delen]
    groepen: dict[tuple[int, str | None], list[int]] = defaultdict(list)
    for i, c in enumerate(uit):
        groepen[(c.jaar, c.extra["kern"] if c.extra["buurt"] else None)].append(i)
    for leden in groepen.values():
        verborgen = [i for i in leden if uit[i].onderdrukt]
        zichtbaar = [i for i in leden if not uit[i].onderdrukt]
        if len(verborgen) == 1 and zichtbaar:
            kleinste = min(zichtbaar, key=lambda i: uit[i].teller)
            uit[kleinste] = _vervang(uit[kleinste], onderdrukt=True)
    return uit


def slaagkans(data: Woondata, *, jaar: int | None = None) -> list[Cijfer]:
    """Per year and doelgroep: gehuisvest ÷ actief, summed over the organisations that
    delivered figures for that year, with the median durations of the delivery."""
    per: dict[tuple[int, str], dict[str, Any]] = {}
    for r in data.zoekenden:
        if data.jaren_zichtbaar is not None and r["jaar"] not in data.jaren_zichtbaar:
            continue
        d = per.setdefault(
            (r["jaar"], r["doelgroep"]),
            {"actief": 0, "gehuisvest": 0, "definities": set(), "rij": r},
        )
        d["actief"] += r["actief"]
        d["gehuisvest"] += r["gehuisvest"]
        d["definities"].add(r["definitie"])
    uit = []
    for (j, groep), d in sorted(per.items()):
        if jaar is not None and j != jaar:
            continue
        c = Cijfer(
            indicator="slaagkans",
            jaar=j,
            onderwerp=f"{j} {groep}",
            onderwerp_label=groep,
            teller=d["gehuisvest"],
            noemer=d["actief"],
            aandeel=aandeel(d["gehuisvest"], d["actief"]),
            extra={
                "definitie": ", ".join(sorted(d["definities"])),
                "inschrijfduur": d["rij"].get("inschrijfduur"),
                "zoekduur": d["rij"].get("zoekduur"),
                "reacties_per_woning": d["rij"].get("reacties_per_woning"),
            },
        )
        if data.openbaar and _klein(c.teller, c.noemer):
            c = _vervang(c, onderdrukt=True)
        uit.append(c)
    return uit


def alle(data: Woondata, *, jaar: int | None = None, stand: str | None = None) -> list[Cijfer]:
    stand = stand or data.stand
    return (
        slaagkans(data, jaar=jaar)
        + urgent_aandeel(data, jaar=jaar, stand=stand)
        + vrije_toewijzing(data, jaar=jaar, stand=stand)
        + passend(data, jaar=jaar, stand=stand)
        + statushouders(data, jaar=jaar, stand=stand)
        + spreiding(data, jaar=jaar, stand=stand)
    )
