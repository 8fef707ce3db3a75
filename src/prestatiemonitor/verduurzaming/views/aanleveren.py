"""Delivering a corporation's stock with energy labels on the website, the drill-down list of
dwellings, and the export (docs/verduurzaming.md "Aanleveren via de website").

- ``aanleveren``: whoever delivers the stock of a corporation of the kader
  (``woondata.aanleveren`` on that corporation; the gemeente and the tenants: 403). A stock
  file (``uitwisseling.importeren``), optionally an EP-Online export matched onto an opname
  (``labels_uit_ep_online``), both in one transaction: any error and nothing is written.
- ``woningen`` and ``export``: the parties only (``hulp.detail_kader``); rows only of the
  user's own corporation (``Woning.objects.visible_to``); the dwellings of others under the
  same filter are one count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.planmonitor.uitwisseling import ImportFouten
from prestatiemonitor.woonruimte.kolommen import WONINGVOORRAAD
from prestatiemonitor.woonruimte.permissions import corporaties, mag_aanleveren, naam
from prestatiemonitor.woonruimte.views.hulp import (
    detail_kader,
    download,
    fout_regels,
    menu,
    pagina,
)

from .. import uitwisseling
from ..constants import EFG, LABEL_CODE, LABEL_TEKST
from ..forms import WoningvoorraadForm
from ..models import Voorraadopname, Woning
from ..selectors import JaarparameterOntbreekt, huurgrenzen, verlopen_grens

NAV = "verduurzaming"
FORMATEN = ("csv", "xlsx")


def eigen_corporaties(user, kader) -> list:
    """The corporations of the kader whose stock ``user`` delivers."""
    return [o for o in corporaties(kader) if mag_aanleveren(user, kader, o)]


def _max_bytes() -> int:
    return uitwisseling._max_bytes()


@login_required
def aanleveren(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    eigen = eigen_corporaties(request.user, kader_obj)
    if not eigen:
        raise PermissionDenied(
            "U levert geen woningvoorraad aan voor dit afsprakenkader; dat doet elke corporatie "
            "zelf (redacteuren en beheerders)."
        )
    maximum = _max_bytes()
    form = WoningvoorraadForm(
        request.POST or None, request.FILES or None, corporaties=eigen, max_mb=maximum // 2**20
    )
    fouten = []
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data.get("bestand")
        ep = form.cleaned_data.get("ep_online")
        peildatum = form.cleaned_data.get("peildatum")
        corporatie = eigen[0]
        if form.cleaned_data.get("corporatie"):
            corporatie = next(o for o in eigen if o.pk == form.cleaned_data["corporatie"])
        for veld, f in (("bestand", bestand), ("ep_online", ep)):
            if f is not None and f.size > maximum:
                form.add_error(veld, f"Het bestand is groter dan {maximum // 2**20} MB.")
        if not form.errors:
            try:
                regels = _vastleggen(request, kader_obj, bestand, ep, peildatum, corporatie)
            except ImportFouten as exc:
                fouten = fout_regels(exc.fouten)
            except PermissionDenied as exc:
                form.add_error(None, f"{exc} Er is niets opgeslagen.")
            else:
                messages.success(request, " ".join(regels))
                return redirect("verduurzaming:woningen", kader_obj.slug)
    return render(
        request,
        "verduurzaming/aanleveren.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "sub": "aanleveren",
            "form": form,
            "fouten": fouten,
            "uitleg": WONINGVOORRAAD,
            **menu(request.user, kader_obj),
        },
    )


def _vastleggen(request, kader, bestand, ep, peildatum, corporatie) -> list[str]:
    """Import the stock and/or match the EP-Online labels, in one transaction; the lines of
    the success message. ImportFouten or PermissionDenied: nothing written."""
    regels = []
    with transaction.atomic():
        resultaat = None
        if bestand is not None:
            resultaat = uitwisseling.importeren(
                kader=kader,
                data=bestand.read(),
                bestandsnaam=bestand.name,
                acting_user=request.user,
                peildatum=peildatum,
            )
            regels.append(f"{bestand.name} aangeleverd: {resultaat.samenvatting}.")
        if ep is not None:
            qs = Voorraadopname.objects.filter(kader=kader, corporatie=corporatie)
            datum = peildatum
            if datum is None and resultaat is not None:
                datum = next(
                    (o.peildatum for o in resultaat.opnames if o.corporatie == naam(corporatie)),
                    None,
                )
            opname = (qs.filter(peildatum=datum) if datum else qs.order_by("-peildatum")).first()
            if opname is None:
                raise ImportFouten(
                    uitwisseling.Fout(
                        "",
                        None,
                        None,
                        f"er is geen woningvoorraad van {naam(corporatie)}"
                        + (f" per {datum:%d-%m-%Y}" if datum else "")
                        + "; lever eerst de woningvoorraad aan (of samen met dit bestand).",
                        bestand=ep.name,
                    )
                )
            koppeling = uitwisseling.labels_uit_ep_online(
                opname=opname, data=ep.read(), bestandsnaam=ep.name, acting_user=request.user
            )
            regels.append(
                f"EP-Online ({ep.name}) op de woningvoorraad van {naam(corporatie)} per "
                f"{opname.peildatum:%d-%m-%Y}: {koppeling.samenvatting}."
            )
    return regels


# ---------------------------------------------------------------------------------------------
# Drill-down


HUURKLASSEN = {
    "laag": "tot de lage aftoppingsgrens",
    "hoog": "tussen de lage en de hoge aftoppingsgrens",
    "lib": "tussen de hoge aftoppingsgrens en de liberalisatiegrens",
    "boven": "boven de liberalisatiegrens",
    "onbekend": "huurprijs onbekend",
}


@dataclass
class Filter:
    opnames: list = field(default_factory=list)
    q: Q = field(default_factory=Q)
    woorden: list[str] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)

    @property
    def titel(self) -> str:
        return ", ".join(["Woningen", *self.woorden])


def _label_q(label: str, opnames: list, f: Filter) -> Q | None:
    sleutel = label.replace(" ", "")
    if sleutel.casefold() == "efg":
        f.woorden.append("label E, F of G")
        return Q(energielabel__in=EFG)
    if sleutel.casefold() == "geen":
        f.woorden.append("zonder label")
        return Q(energielabel__isnull=True)
    if sleutel.casefold() == "verlopen":
        f.woorden.append("label verlopen (10 jaar of ouder)")
        q = Q(pk__in=[])
        for o in opnames:
            q |= Q(opname_id=o.pk, registratiedatum__lte=verlopen_grens(o.peildatum))
        return q
    code = LABEL_CODE.get(sleutel.upper())
    if code is None:
        f.fouten.append(
            f"'{label}' is geen energielabel; kies efg, geen, verlopen of een label ("
            + ", ".join(LABEL_CODE)
            + ")."
        )
        return None
    f.woorden.append(f"label {LABEL_TEKST[code]}")
    return Q(energielabel=code)


def _huurklasse_q(klasse: str, opnames: list, f: Filter) -> Q | None:
    if klasse not in HUURKLASSEN:
        f.fouten.append(f"'{klasse}' is geen huurklasse; kies {', '.join(HUURKLASSEN)}.")
        return None
    f.woorden.append(f"huur {HUURKLASSEN[klasse]}")
    if klasse == "onbekend":
        return Q(huurprijs__isnull=True)
    q = Q(pk__in=[])
    for o in opnames:
        try:
            g = huurgrenzen(o.peildatum.year)
        except JaarparameterOntbreekt as exc:
            f.fouten.append(f"{exc} Zonder die grenzen is er geen indeling in huurklassen.")
            return None
        grens = {
            "laag": Q(huurprijs__lte=g.aftopping_laag),
            "hoog": Q(huurprijs__gt=g.aftopping_laag, huurprijs__lte=g.aftopping_hoog),
            "lib": Q(huurprijs__gt=g.aftopping_hoog, huurprijs__lte=g.liberalisatiegrens),
            "boven": Q(huurprijs__gt=g.liberalisatiegrens),
        }[klasse]
        q |= Q(opname_id=o.pk) & grens
    return q


def filter_uit(params, kader, user) -> Filter:
    f = Filter()
    opnames = Voorraadopname.objects.visible_to(user).filter(kader=kader)

    def waarde(sleutel: str) -> str:
        return " ".join((params.get(sleutel) or "").split())

    if corporatie := waarde("corporatie"):
        gevonden = [
            o
            for o in corporaties(kader)
            if corporatie.casefold()
            in {n.casefold() for n in (o.korte_naam, o.naam, o.slug, *(o.aliassen or [])) if n}
        ]
        if gevonden:
            opnames = opnames.filter(corporatie=gevonden[0])
            f.woorden.append(naam(gevonden[0]))
        else:
            namen = ", ".join(naam(o) for o in corporaties(kader)) or "geen"
            f.fouten.append(
                f"'{corporatie}' is geen corporatie van dit afsprakenkader; dat zijn: {namen}."
            )
    if peildatum := waarde("peildatum"):
        try:
            datum = datetime.date.fromisoformat(peildatum)
        except ValueError:
            f.fouten.append(f"'{peildatum}' is geen datum; schrijf JJJJ-MM-DD, bv. 2025-01-01.")
        else:
            opnames = opnames.filter(peildatum=datum)
            f.woorden.insert(0, f"per {datum.day}-{datum.month}-{datum.year}")
    f.opnames = list(opnames.select_related("corporatie"))
    f.q = Q(opname__in=[o.pk for o in f.opnames])
    if (label := waarde("label")) and (q := _label_q(label, f.opnames, f)) is not None:
        f.q &= q
    if (klasse := waarde("huurklasse").casefold()) and (
        q := _huurklasse_q(klasse, f.opnames, f)
    ) is not None:
        f.q &= q
    return f


@login_required
def woningen(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = detail_kader(request, kader)
    f = filter_uit(request.GET, kader_obj, request.user)
    page, overig, elders = None, "", 0
    if not f.fouten:
        eigen = (
            Woning.objects.visible_to(request.user)
            .filter(f.q)
            .select_related("opname__corporatie")
            .order_by("opname__corporatie__korte_naam", "-opname__peildatum", "vbo_id")
        )
        page, overig = pagina(request, eigen)
        # The opnames are those the user may see (the parties): the rest is one count.
        elders = Woning.objects.filter(f.q).count() - page.paginator.count
    return render(
        request,
        "verduurzaming/woningen.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "sub": "woningen",
            "filter": f,
            "pagina": page,
            "overig": overig,
            "elders": elders,
            **menu(request.user, kader_obj),
        },
    )


@login_required
def export(request: HttpRequest, kader: str, formaat: str) -> HttpResponse:
    """The dwellings of the user's own corporation in the import's columns; ``?sjabloon=1``:
    the empty template."""
    kader_obj = detail_kader(request, kader)
    if formaat not in FORMATEN:
        raise Http404("Onbekend formaat; kies csv of xlsx.")
    return download(
        uitwisseling.export_woningvoorraad(
            kader=kader_obj,
            formaat=formaat,
            user=request.user,
            leeg=request.GET.get("sjabloon") == "1",
        )
    )
