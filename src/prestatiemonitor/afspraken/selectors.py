"""Reads for the register pages.

Every selector takes the acting user and starts from ``Model.objects.visible_to(user)``:
visibility is decided in ``permissions.py`` only. A record the user may not see raises the
model's ``DoesNotExist`` exactly as a record that does not exist (the views turn both into 404).

Each selector fetches what its page shows in a fixed number of queries (select_related /
prefetch_related), independent of the number of themes, afspraken or begrippen.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie

from .constants import AfspraakSoort
from .importer.tables import is_subtotaal
from .models import (
    Afspraak,
    AfspraakPartij,
    Afsprakenkader,
    Ambitie,
    Begrip,
    BegripOnderdeel,
    Bijstelling,
    Convenant,
    ImportVerslag,
    Ondertekenaar,
    Partij,
    Tabel,
    TabelRij,
    Tekstblok,
    Thema,
)

# --------------------------------------------------------------------------------------------
# Kaders


def kader_list(*, user) -> QuerySet[Afsprakenkader]:
    """The kaders the user may read, newest period first within each gemeente."""
    return Afsprakenkader.objects.visible_to(user).select_related("gemeente")


def kader_get(*, user, slug: str) -> Afsprakenkader:
    return kader_list(user=user).get(slug=slug)


def _count_subquery(model, outer_field: str, **filters) -> Coalesce:
    """A correlated COUNT(*) that neither multiplies rows nor needs GROUP BY on the outer query."""
    counted = (
        model.objects.filter(**{outer_field: OuterRef("pk")}, **filters)
        .order_by()
        .values(outer_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass
class KaderOverzicht:
    kader: Afsprakenkader
    partijen: list[Partij]
    themas: list[Thema]
    tabellen: list[Tabel]
    systematiek: list[Afspraak]
    tekstblokken: list[Tekstblok]


def kader_overzicht(*, user, slug: str) -> KaderOverzicht:
    """The kader with its parties, themes (with counts), tables and systematiek items."""
    kader = (
        kader_list(user=user)
        .annotate(
            aantal_afspraken=_count_subquery(Afspraak, "kader", soort=AfspraakSoort.STRATEGISCH),
            aantal_begrippen=_count_subquery(Begrip, "kader"),
            aantal_convenanten=_count_subquery(Convenant, "kader"),
            aantal_bijstellingen=_count_subquery(Bijstelling, "kader"),
        )
        .get(slug=slug)
    )
    partijen = list(
        Partij.objects.visible_to(user)
        .filter(kader=kader)
        .select_related("organisatie", "organisatie__corporatie")
    )
    themas = list(
        Thema.objects.visible_to(user)
        .filter(kader=kader)
        .annotate(
            aantal_ambities=_count_subquery(Ambitie, "thema"),
            aantal_afspraken=_count_subquery(Afspraak, "thema", soort=AfspraakSoort.STRATEGISCH),
            aantal_systematiek=_count_subquery(Afspraak, "thema", soort=AfspraakSoort.SYSTEMATIEK),
        )
    )
    tabellen = list(Tabel.objects.visible_to(user).filter(kader=kader).select_related("thema"))
    systematiek = list(
        Afspraak.objects.visible_to(user).filter(kader=kader, soort=AfspraakSoort.SYSTEMATIEK)
    )
    tekstblokken = list(Tekstblok.objects.visible_to(user).filter(kader=kader, thema__isnull=True))
    # The importer may keep the introduction both on the kader and as a text block.
    if any(b.titel.strip().lower() == "inleiding" for b in tekstblokken):
        kader.inleiding = ""
    return KaderOverzicht(
        kader=kader,
        partijen=partijen,
        themas=themas,
        tabellen=tabellen,
        systematiek=systematiek,
        tekstblokken=tekstblokken,
    )


# --------------------------------------------------------------------------------------------
# Afspraken


def _partij_links() -> QuerySet[AfspraakPartij]:
    """Linked parties in the document's order: gemeente, corporaties, huurdersorganisaties."""
    volgorde = Case(
        When(organisatie__soort=OrganisatieSoort.GEMEENTE, then=Value(0)),
        When(organisatie__soort=OrganisatieSoort.WONINGCORPORATIE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return AfspraakPartij.objects.select_related("organisatie").order_by(
        volgorde, "organisatie__naam"
    )


def _afspraken_met_partijen(user) -> QuerySet[Afspraak]:
    """Afspraken with theme, trekker and the linked parties, for lists (two queries)."""
    return (
        Afspraak.objects.visible_to(user)
        .select_related("thema", "trekker")
        .prefetch_related(Prefetch("partij_links", queryset=_partij_links()))
    )


@dataclass
class ThemaDetail:
    thema: Thema
    themas: list[Thema]
    ambities: list[Ambitie]
    afspraken: list[Afspraak]
    systematiek: list[Afspraak]
    tabellen: list[TabelWeergave]
    tekstblokken: list[Tekstblok]
    vorige: Thema | None = None
    volgende: Thema | None = None


def thema_detail(*, user, kader: Afsprakenkader, nummer: int) -> ThemaDetail:
    themas = list(Thema.objects.visible_to(user).filter(kader=kader))
    thema = next((t for t in themas if t.nummer == nummer), None)
    if thema is None:
        raise Thema.DoesNotExist(f"Thema {nummer} bestaat niet of is niet zichtbaar.")
    index = themas.index(thema)
    afspraken = list(_afspraken_met_partijen(user).filter(thema=thema))
    tabellen = list(
        Tabel.objects.visible_to(user)
        .filter(thema=thema)
        .prefetch_related(Prefetch("rijen", queryset=TabelRij.objects.order_by("volgorde")))
    )
    return ThemaDetail(
        thema=thema,
        themas=themas,
        ambities=list(Ambitie.objects.visible_to(user).filter(thema=thema)),
        afspraken=[a for a in afspraken if a.soort == AfspraakSoort.STRATEGISCH],
        systematiek=[a for a in afspraken if a.soort == AfspraakSoort.SYSTEMATIEK],
        tabellen=[tabel_weergave(t) for t in tabellen],
        tekstblokken=list(Tekstblok.objects.visible_to(user).filter(thema=thema)),
        vorige=themas[index - 1] if index > 0 else None,
        volgende=themas[index + 1] if index + 1 < len(themas) else None,
    )


@dataclass
class FilterKeuzes:
    """The options of the afspraken filter, with the number of afspraken each would show."""

    themas: list[Thema]
    organisaties: list[Organisatie]


def afspraak_filter_keuzes(*, user, kader: Afsprakenkader) -> FilterKeuzes:
    themas = list(
        Thema.objects.visible_to(user)
        .filter(kader=kader)
        .annotate(aantal=_count_subquery(Afspraak, "thema"))
    )
    partijen = list(
        Partij.objects.visible_to(user).filter(kader=kader).select_related("organisatie")
    )
    tellingen = dict(
        AfspraakPartij.objects.filter(
            afspraak__in=Afspraak.objects.visible_to(user).filter(kader=kader)
        )
        .order_by()
        .values_list("organisatie")
        .annotate(n=Count("afspraak", distinct=True))
    )
    organisaties = []
    for partij in partijen:
        organisatie = partij.organisatie
        organisatie.aantal = tellingen.get(organisatie.pk, 0)
        organisaties.append(organisatie)
    return FilterKeuzes(themas=themas, organisaties=organisaties)


def afspraak_list(
    *,
    user,
    kader: Afsprakenkader,
    organisatie: Organisatie | None = None,
    thema: Thema | None = None,
    soort: str | None = None,
) -> QuerySet[Afspraak]:
    """The kader's afspraken, optionally only those of one party and/or one theme."""
    qs = _afspraken_met_partijen(user).filter(kader=kader)
    if organisatie is not None:
        qs = qs.filter(partij_links__organisatie=organisatie)
    if thema is not None:
        qs = qs.filter(thema=thema)
    if soort:
        qs = qs.filter(soort=soort)
    return qs.order_by("soort", "volgorde", "id")


def afspraak_count(*, user, kader: Afsprakenkader) -> int:
    return Afspraak.objects.visible_to(user).filter(kader=kader).count()


@dataclass
class Wijziging:
    veld: str
    label: str
    oud: Any
    nieuw: Any
    tekstdiff: list[tuple[str, str]] | None = None


@dataclass
class HistorieRegel:
    datum: Any
    door: Any
    soort: str
    reden: str
    wijzigingen: list[Wijziging]


@dataclass
class WijzigingWeergave:
    """One entry of Bijstelling.wijzigingen, in words, whatever keys the importer used."""

    onderwerp: str
    actie: str = ""
    veld: str = ""
    oud: Any = None
    nieuw: Any = None
    omschrijving: str = ""
    tekstdiff: list[tuple[str, str]] | None = None


def _eerste(d: dict, *keys: str) -> Any:
    for key in keys:
        if d.get(key) not in (None, ""):
            return d[key]
    return None


def wijziging_weergave(wijziging: Any) -> WijzigingWeergave:
    if not isinstance(wijziging, dict):
        return WijzigingWeergave(onderwerp="", omschrijving=str(wijziging))
    soort = _eerste(wijziging, "onderdeel", "soort", "type", "model") or ""
    nummer = _eerste(wijziging, "sleutel", "nummer", "afspraak", "term", "naam")
    onderwerp = " ".join(str(x) for x in (str(soort).capitalize(), nummer) if x not in (None, ""))
    oud = _eerste(wijziging, "oud", "old", "van", "voor")
    nieuw = _eerste(wijziging, "nieuw", "new", "naar", "na")
    weergave = WijzigingWeergave(
        onderwerp=onderwerp,
        actie=str(_eerste(wijziging, "actie", "wijziging", "action") or ""),
        veld=str(
            _eerste(wijziging, "veld", "field")
            or ", ".join(str(v) for v in wijziging.get("velden") or [])
        ),
        oud=oud,
        nieuw=nieuw,
        omschrijving=str(_eerste(wijziging, "omschrijving", "beschrijving", "melding") or ""),
    )
    if isinstance(oud, str) and isinstance(nieuw, str) and (len(oud) > 40 or len(nieuw) > 40):
        weergave.tekstdiff = woorddiff(oud, nieuw)
    return weergave


@dataclass
class BijstellingRegel:
    bijstelling: Bijstelling
    wijzigingen: list[WijzigingWeergave]


@dataclass
class AfspraakDetail:
    afspraak: Afspraak
    partij_links: list[AfspraakPartij]
    begrippen: list[Begrip]
    historie: list[HistorieRegel]
    bijstellingen: list[BijstellingRegel]
    vorige: Afspraak | None = None
    volgende: Afspraak | None = None


_HISTORIE_SOORT = {"+": "Aangemaakt", "~": "Gewijzigd", "-": "Verwijderd"}


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


def _historie(afspraak: Afspraak, kader: Afsprakenkader) -> list[HistorieRegel]:
    records = list(
        afspraak.history.select_related("history_user")
        .prefetch_related("history_user__lidmaatschappen__organisatie")
        .order_by("-history_date", "-history_id")
    )
    if not records:
        return []
    # Foreign keys are stored as ids in the history; resolve them in two queries at most.
    thema_ids, org_ids = set(), set()
    for r in records:
        thema_ids.add(r.thema_id)
        org_ids.add(r.trekker_id)
    themas = {t.pk: str(t) for t in Thema.objects.filter(pk__in=thema_ids - {None})}
    orgs = {o.pk: o.naam for o in Organisatie.objects.filter(pk__in=org_ids - {None})}
    labels = {f.name: str(f.verbose_name) for f in Afspraak._meta.get_fields() if f.concrete}
    soorten = dict(AfspraakSoort.choices)

    def toon(veld: str, waarde: Any) -> Any:
        if waarde in (None, ""):
            return "—"
        if veld == "thema":
            return themas.get(waarde, waarde)
        if veld == "trekker":
            return orgs.get(waarde, waarde)
        if veld == "soort":
            return str(soorten.get(waarde, waarde))
        return waarde

    regels = []
    for index, record in enumerate(records):
        vorige = records[index + 1] if index + 1 < len(records) else None
        wijzigingen: list[Wijziging] = []
        if vorige is not None:
            for change in record.diff_against(vorige).changes:
                veld = change.field
                wijziging = Wijziging(
                    veld=veld,
                    label=labels.get(veld, veld),
                    oud=toon(veld, change.old),
                    nieuw=toon(veld, change.new),
                )
                if veld == "tekst":
                    wijziging.tekstdiff = woorddiff(change.old, change.new)
                wijzigingen.append(wijziging)
        regels.append(
            HistorieRegel(
                datum=record.history_date,
                door=record.history_user,
                soort=_HISTORIE_SOORT.get(record.history_type, record.history_type),
                reden=record.history_change_reason or "",
                wijzigingen=wijzigingen,
            )
        )
    return regels


def _raakt_afspraak(wijziging: Any, afspraak: Afspraak) -> bool:
    """Whether one entry of Bijstelling.wijzigingen concerns this afspraak.

    The importer writes ``{"onderdeel": "afspraak"|"systematiek", "sleutel": "7", "actie": ...,
    "velden": [...], "oud": ..., "nieuw": ...}``; older spellings ("soort", "nummer") are read too.
    """
    if not isinstance(wijziging, dict):
        return False
    nummer = _eerste(wijziging, "sleutel", "nummer", "afspraak")
    if nummer is None or str(nummer) != afspraak.nummer:
        return False
    soort = str(_eerste(wijziging, "onderdeel", "soort", "type", "model") or "").lower()
    if soort in {"", "afspraak", "afspraken", AfspraakSoort.STRATEGISCH}:
        return afspraak.soort == AfspraakSoort.STRATEGISCH
    if soort == AfspraakSoort.SYSTEMATIEK:
        return afspraak.soort == AfspraakSoort.SYSTEMATIEK
    return False


def afspraak_detail(*, user, kader: Afsprakenkader, soort: str, nummer: str) -> AfspraakDetail:
    afspraak = (
        Afspraak.objects.visible_to(user)
        .select_related("thema", "trekker")
        .prefetch_related(
            Prefetch("partij_links", queryset=_partij_links()),
            # only this kader's begrippen, even if a link to another kader's was made by hand
            Prefetch("begrippen", queryset=Begrip.objects.filter(kader=kader).order_by("volgorde")),
        )
        .get(kader=kader, soort=soort, nummer=nummer)
    )
    buren = list(
        Afspraak.objects.visible_to(user)
        .filter(kader=kader, soort=soort)
        .order_by("volgorde", "id")
        .values_list("pk", "nummer")
    )
    ids = [pk for pk, _ in buren]
    index = ids.index(afspraak.pk)
    vorige = Afspraak(nummer=buren[index - 1][1], soort=soort) if index > 0 else None
    volgende = Afspraak(nummer=buren[index + 1][1], soort=soort) if index + 1 < len(ids) else None

    bijstellingen = []
    for bijstelling in Bijstelling.objects.visible_to(user).filter(kader=kader):
        raakt = [w for w in bijstelling.wijzigingen or [] if _raakt_afspraak(w, afspraak)]
        if raakt:
            bijstellingen.append(
                BijstellingRegel(
                    bijstelling=bijstelling, wijzigingen=[wijziging_weergave(w) for w in raakt]
                )
            )
    return AfspraakDetail(
        afspraak=afspraak,
        partij_links=list(afspraak.partij_links.all()),
        begrippen=list(afspraak.begrippen.all()),
        historie=_historie(afspraak, kader),
        bijstellingen=bijstellingen,
        vorige=vorige,
        volgende=volgende,
    )


@dataclass
class HuidigeAfspraak:
    """An afspraak as it is now, for the bijstellen form (prefill, and the conflict panel)."""

    afspraak: Afspraak
    partij_links: list[AfspraakPartij]
    partijen: list[Partij]
    laatste_wijziging: Any = None  # the newest history record (who, when, why)


def afspraak_huidig(*, user, kader: Afsprakenkader, soort: str, nummer: str) -> HuidigeAfspraak:
    afspraak = (
        Afspraak.objects.visible_to(user)
        .select_related("kader", "thema", "trekker")
        .prefetch_related(Prefetch("partij_links", queryset=_partij_links()))
        .get(kader=kader, soort=soort, nummer=nummer)
    )
    return HuidigeAfspraak(
        afspraak=afspraak,
        partij_links=list(afspraak.partij_links.all()),
        partijen=list(
            Partij.objects.visible_to(user).filter(kader=kader).select_related("organisatie")
        ),
        laatste_wijziging=afspraak.history.select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first(),
    )


# --------------------------------------------------------------------------------------------
# Begrippen, convenanten, partijen


def begrip_list(*, user, kader: Afsprakenkader) -> list[Begrip]:
    return list(
        Begrip.objects.visible_to(user)
        .filter(kader=kader)
        .annotate(
            aantal_afspraken=Count("afspraken", filter=Q(afspraken__kader=kader), distinct=True)
        )
        .prefetch_related(
            Prefetch("onderdelen", queryset=BegripOnderdeel.objects.order_by("volgorde"))
        )
        .order_by("volgorde", "term")
    )


def begrip_detail(*, user, kader: Afsprakenkader, slug: str) -> Begrip:
    return (
        Begrip.objects.visible_to(user)
        .prefetch_related(
            Prefetch("onderdelen", queryset=BegripOnderdeel.objects.order_by("volgorde")),
            Prefetch(
                "afspraken",
                # only this kader's afspraken: a hand-made link must not show another kader's text
                queryset=Afspraak.objects.filter(kader=kader)
                .select_related("thema")
                .order_by("soort", "volgorde"),
            ),
        )
        .get(kader=kader, slug=slug)
    )


_SOORT_VOLGORDE = {
    OrganisatieSoort.GEMEENTE: 0,
    OrganisatieSoort.WONINGCORPORATIE: 1,
    OrganisatieSoort.HUURDERSORGANISATIE: 2,
}


@dataclass
class ConvenantRegel:
    convenant: Convenant
    organisaties: list[Organisatie]
    overige_namen: list[str]


def _noemt(naam: str, organisatie: Organisatie) -> bool:
    naam = naam.strip().lower()
    namen = {organisatie.naam.lower(), organisatie.korte_naam.lower()}
    namen.update(str(a).lower() for a in organisatie.aliassen or [])
    return naam in namen


def convenant_list(*, user, kader: Afsprakenkader) -> list[ConvenantRegel]:
    """Convenanten with the recognised organisations, and the other names as printed."""
    regels = []
    for convenant in (
        Convenant.objects.visible_to(user).filter(kader=kader).prefetch_related("partijen")
    ):
        organisaties = sorted(
            convenant.partijen.all(), key=lambda o: (_SOORT_VOLGORDE.get(o.soort, 9), o.naam)
        )
        overige = [
            naam
            for naam in convenant.partijnamen or []
            if not any(_noemt(str(naam), o) for o in organisaties)
        ]
        regels.append(ConvenantRegel(convenant, organisaties, overige))
    return regels


@dataclass
class PartijRegel:
    partij: Partij
    ondertekenaars: list[Ondertekenaar]
    huurdersorganisaties: list[Organisatie] = field(default_factory=list)


@dataclass
class PartijenOverzicht:
    partijen: list[PartijRegel]
    overige_ondertekenaars: list[Ondertekenaar] = field(default_factory=list)


def partij_list(*, user, kader: Afsprakenkader) -> PartijenOverzicht:
    partijen = list(
        Partij.objects.visible_to(user)
        .filter(kader=kader)
        .select_related("organisatie", "organisatie__corporatie")
    )
    ondertekenaars = list(Ondertekenaar.objects.visible_to(user).filter(kader=kader))
    regels = []
    geplaatst = set()
    for partij in partijen:
        eigen = [o for o in ondertekenaars if o.organisatie_id == partij.organisatie_id]
        geplaatst.update(o.pk for o in eigen)
        huurders = [
            p.organisatie for p in partijen if p.organisatie.corporatie_id == partij.organisatie_id
        ]
        regels.append(PartijRegel(partij, eigen, huurders))
    return PartijenOverzicht(
        partijen=regels,
        overige_ondertekenaars=[o for o in ondertekenaars if o.pk not in geplaatst],
    )


# --------------------------------------------------------------------------------------------
# Tabellen


@dataclass
class Cel:
    waarde: Any
    afwijking: str = ""


@dataclass
class RijWeergave:
    rij: TabelRij | None
    label: str
    cellen: list[Cel]
    is_totaal: bool = False
    herberekend: bool = False


@dataclass
class TabelWeergave:
    tabel: Tabel
    rijen: list[RijWeergave]
    meldingen: list[str]

    @property
    def heeft_afwijkingen(self) -> bool:
        return bool(self.meldingen) or any(c.afwijking for r in self.rijen for c in r.cellen)


def _getal(waarde: Any) -> float | None:
    if isinstance(waarde, bool):
        return None
    if isinstance(waarde, int | float):
        return waarde
    return None


def _controle_melding(controle: Any) -> str:
    """One stored sum check in words."""
    if isinstance(controle, str):
        return controle
    if not isinstance(controle, dict):
        return str(controle)
    for key in ("melding", "tekst", "omschrijving", "bericht", "message"):
        if controle.get(key):
            return str(controle[key])
    plaats = []
    if controle.get("rij") not in (None, ""):
        plaats.append(f"rij '{controle['rij']}'")
    if controle.get("kolom") not in (None, ""):
        plaats.append(f"kolom '{_schoon(controle['kolom'])}'")
    if "gedrukt" in controle and "berekend" in controle:
        gedrukt, berekend = controle["gedrukt"], controle["berekend"]
        waarden = (
            f"gedrukt {_fmt(gedrukt) if _getal(gedrukt) is not None else gedrukt}, "
            f"herberekend {_fmt(berekend) if _getal(berekend) is not None else berekend}"
        )
        tekst = (", ".join(plaats) + ": " if plaats else "") + waarden + "."
        return tekst[:1].upper() + tekst[1:]
    return "; ".join(f"{k}: {v}" for k, v in controle.items())


def _controle_plaats(controle: Any, kolommen: list[str]) -> tuple[str | None, int | None]:
    """(row label, column index) a stored check refers to, where it says so."""
    if not isinstance(controle, dict):
        return None, None
    rij = controle.get("rij", controle.get("rij_label", controle.get("label")))
    kolom = controle.get("kolom", controle.get("kolom_index"))
    index = None
    if isinstance(kolom, int) and not isinstance(kolom, bool):
        index = kolom
    elif isinstance(kolom, str):
        if kolom in kolommen:
            index = kolommen.index(kolom)
        else:
            gelijk = [i for i, k in enumerate(kolommen) if _norm(k) == _norm(kolom)]
            index = gelijk[0] if gelijk else None
    return (str(rij) if rij is not None else None), index


def _schoon(tekst: str) -> str:
    """Printed text without leftover tags (``<br>``) and with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(tekst))).strip()


def _norm(tekst: str) -> str:
    return _schoon(tekst).lower()


def tabel_weergave(tabel: Tabel) -> TabelWeergave:
    """The table as printed, plus a recomputed total row; every mismatch is flagged.

    The printed totals are checked again here (column sums of the non-total rows against each
    total row); the checks the importer stored in ``Tabel.controles`` are shown as well.
    """
    kolommen = list(tabel.kolommen or [])
    rijen_db = list(tabel.rijen.all())
    breedte = max([len(kolommen)] + [len(r.waarden or []) for r in rijen_db])
    rijen = []
    for r in rijen_db:
        waarden = list(r.waarden or []) + [None] * (breedte - len(r.waarden or []))
        rijen.append(
            RijWeergave(
                rij=r, label=r.label, cellen=[Cel(w) for w in waarden], is_totaal=r.is_totaal
            )
        )
    meldingen = [_controle_melding(c) for c in tabel.controles or []]
    for controle in tabel.controles or []:
        rij_label, index = _controle_plaats(controle, kolommen)
        if index is None:
            continue
        for rij in rijen:
            if rij_label is None or _norm(rij.label) == _norm(rij_label):
                if rij_label is None and not rij.is_totaal:
                    continue
                if 0 <= index < len(rij.cellen):
                    rij.cellen[index].afwijking = _controle_melding(controle)

    # a 'Subtotaal' row is already the sum of rows above it: not counted again
    gewone = [r for r in rijen if not r.is_totaal and not is_subtotaal(r.label)]
    totalen = [r for r in rijen if r.is_totaal]
    if gewone and totalen:
        sommen: list[Cel] = []
        for i in range(breedte):
            getallen = [_getal(r.cellen[i].waarde) for r in gewone]
            getallen = [g for g in getallen if g is not None]
            som = sum(getallen) if getallen else None
            cel = Cel(som)
            for totaal in totalen:
                gedrukt = _getal(totaal.cellen[i].waarde)
                if gedrukt is not None and som is not None and gedrukt != som:
                    kolom = kolommen[i] if i < len(kolommen) else f"kolom {i + 1}"
                    tekst = (
                        f"Kolom '{_schoon(kolom)}': gedrukt totaal {_fmt(gedrukt)}, "
                        f"som van de rijen {_fmt(som)}."
                    )
                    cel.afwijking = tekst
                    if not totaal.cellen[i].afwijking:
                        totaal.cellen[i].afwijking = tekst
            sommen.append(cel)
        rijen.append(
            RijWeergave(rij=None, label="Herberekend totaal", cellen=sommen, herberekend=True)
        )
    return TabelWeergave(tabel=tabel, rijen=rijen, meldingen=meldingen)


def _fmt(getal: float) -> str:
    if float(getal).is_integer():
        return f"{int(getal):,}".replace(",", ".")
    return f"{getal:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def tabel_detail(*, user, kader: Afsprakenkader, nummer: str) -> TabelWeergave:
    tabel = (
        Tabel.objects.visible_to(user)
        .select_related("thema")
        .prefetch_related(Prefetch("rijen", queryset=TabelRij.objects.order_by("volgorde")))
        .get(kader=kader, nummer=nummer)
    )
    return tabel_weergave(tabel)


# --------------------------------------------------------------------------------------------
# Bijstellingen and import reports


def bijstelling_list(*, user, kader: Afsprakenkader) -> list[BijstellingRegel]:
    return [
        BijstellingRegel(b, [wijziging_weergave(w) for w in b.wijzigingen or []])
        for b in Bijstelling.objects.visible_to(user)
        .filter(kader=kader)
        .select_related("vastgelegd_door")
        .prefetch_related("vastgelegd_door__lidmaatschappen__organisatie")
    ]


def importverslag_list(*, user, kader: Afsprakenkader) -> list[ImportVerslag]:
    return list(
        ImportVerslag.objects.visible_to(user)
        .filter(kader=kader)
        .select_related("uitgevoerd_door")
        .defer("meldingen")
    )


# --------------------------------------------------------------------------------------------
# Search


def zoekwoorden(q: str) -> list[str]:
    """The words of a query: split on white space, quotes keep phrases together, max 10."""
    woorden = []
    for frase, woord in re.findall(r'"([^"]+)"|(\S+)', q or ""):
        term = (frase or woord).strip().strip('"')
        if term and term.lower() not in (w.lower() for w in woorden):
            woorden.append(term)
    return woorden[:10]


def _alle_woorden(velden: list[str], woorden: list[str]) -> Q:
    """Every word must occur (case-insensitively) in at least one of the fields."""
    q = Q()
    for woord in woorden:
        per_woord = Q()
        for veld in velden:
            per_woord |= Q(**{f"{veld}__icontains": woord})
        q &= per_woord
    return q


@dataclass
class Zoekresultaten:
    woorden: list[str]
    afspraken: list[Afspraak] = field(default_factory=list)
    ambities: list[Ambitie] = field(default_factory=list)
    begrippen: list[Begrip] = field(default_factory=list)
    tekstblokken: list[Tekstblok] = field(default_factory=list)
    themas: list[Thema] = field(default_factory=list)

    @property
    def aantal(self) -> int:
        return (
            len(self.afspraken)
            + len(self.ambities)
            + len(self.begrippen)
            + len(self.tekstblokken)
            + len(self.themas)
        )

    @property
    def afgekapt(self) -> bool:
        """Whether a group hit the maximum and more results exist than are shown."""
        groepen = (self.afspraken, self.ambities, self.begrippen, self.tekstblokken, self.themas)
        return any(len(g) >= ZOEK_MAX_PER_GROEP for g in groepen)


ZOEK_MAX_PER_GROEP = 100


def zoek(*, user, kader: Afsprakenkader, q: str) -> Zoekresultaten:
    """Full-text search over the kader: afspraken, ambities, begrippen, tekstblokken and themes.

    Case-insensitive; several words must all occur (each in any of the record's fields).
    Plain ``icontains`` so that it works the same on SQLite and PostgreSQL.
    """
    woorden = zoekwoorden(q)
    resultaten = Zoekresultaten(woorden=woorden)
    if not woorden:
        return resultaten
    n = ZOEK_MAX_PER_GROEP
    resultaten.afspraken = list(
        _afspraken_met_partijen(user)
        .filter(kader=kader)
        .filter(_alle_woorden(["tekst", "nummer"], woorden))
        .order_by("soort", "volgorde", "id")[:n]
    )
    resultaten.ambities = list(
        Ambitie.objects.visible_to(user)
        .filter(thema__kader=kader)
        .filter(_alle_woorden(["tekst"], woorden))
        .select_related("thema")
        .order_by("thema__nummer", "volgorde")[:n]
    )
    begrip_match = _alle_woorden(
        ["term", "definitie", "onderdelen__omschrijving", "onderdelen__code"], woorden
    )
    begrip_ids = (
        Begrip.objects.visible_to(user).filter(kader=kader).filter(begrip_match).values("pk")
    )
    resultaten.begrippen = list(
        Begrip.objects.filter(pk__in=begrip_ids)
        .prefetch_related(
            Prefetch("onderdelen", queryset=BegripOnderdeel.objects.order_by("volgorde"))
        )
        .order_by("volgorde", "term")[:n]
    )
    resultaten.tekstblokken = list(
        Tekstblok.objects.visible_to(user)
        .filter(kader=kader)
        .filter(_alle_woorden(["titel", "tekst"], woorden))
        .select_related("thema")[:n]
    )
    resultaten.themas = list(
        Thema.objects.visible_to(user)
        .filter(kader=kader)
        .filter(_alle_woorden(["titel", "opgave", "doel"], woorden))[:n]
    )
    return resultaten
