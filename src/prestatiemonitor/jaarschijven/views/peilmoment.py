"""Peilmomenten and voortgang: the list, one peilmoment, reporting, evidence, reminders,
closing, comparison, reacties and advies (docs/voortgang.md).

Access (the permission matrix in afspraken/tests/test_permission_matrix.py asks every route):
- a kader the user may not read → 404; an open peilmoment is seen only by the parties' members
  and the site administrator (404 to others); a closed one by everyone who may read the kader;
- anonymous → login for everything that needs a login (reporting, reminding, closing, reacting,
  advising, removing evidence); evidence files are never served anonymously (404);
- may see, but lacks the capability → 403.
Views only read and call services; every refusal of a service comes back on the form, with
everything the user typed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.config.db import bij_bezette_database
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.permissions import (
    ADVIES_UITBRENGEN,
    PEILMOMENT_BEHEREN,
    REACTIE_PLAATSEN,
    VOORTGANG_RAPPORTEREN,
    has_capability,
    organisaties_met,
)

from .. import selectors, services
from ..constants import ROLLUP_REGEL, TOELICHTING_VERPLICHT, PeilmomentStatus, VoortgangStatus
from ..forms import _zonder_nullen
from ..models import Activiteit, Advies, Bijlage, Peilmoment, Reactie, Voortgang
from ..peilmoment_forms import (
    AdviesForm,
    HerinnerenForm,
    MeldenForm,
    PeilmomentOpenenForm,
    ReactieForm,
    SluitenForm,
    VergelijkenForm,
    fouten_op_formulier,
)
from ..permissions import peilmoment_or_404, ziet_lopend

NAV = "voortgang"


# ---------------------------------------------------------------------------------------------
# Helpers


def _peilmoment_url(kader, peilmoment: Peilmoment, anker: str = "") -> str:
    url = reverse("jaarschijven:peilmoment", kwargs={"kader": kader.slug, "code": peilmoment.code})
    return f"{url}#{anker}" if anker else url


def _activiteit_url(kader, activiteit: Activiteit, jaar: int) -> str:
    """The activity's own page (views/jaarschijf.py), when that route exists."""
    try:
        return reverse(
            "jaarschijven:activiteit",
            kwargs={"kader": kader.slug, "jaar": jaar, "nummer": activiteit.nummer},
        )
    except NoReverseMatch:
        return ""


def _huurdersorganisaties(user, capability: str, kader):
    """The tenants' organisations of this kader the user may speak for with ``capability``."""
    return list(
        organisaties_met(user, capability)
        .filter(soort=OrganisatieSoort.HUURDERSORGANISATIE, partij_set__kader=kader)
        .distinct()
        .order_by("naam")
    )


def reactie_organisaties(request, kader) -> list:
    """The tenants' organisations the user reacts for on this kader; once per request (the
    form repeats per activity on the peilmoment page)."""
    cache = request.__dict__.setdefault("_reactie_organisaties", {})
    if kader.pk not in cache:
        cache[kader.pk] = _huurdersorganisaties(request.user, REACTIE_PLAATSEN, kader)
    return cache[kader.pk]


def _doel_tekst(activiteit: Activiteit) -> str:
    from prestatiemonitor.afspraken.weergave import getal

    if activiteit.doel_aantal is None:
        return ""
    return f"{getal(activiteit.doel_aantal)} {activiteit.eenheid}".strip()


def _mag_melden_voor(user, kader, trekkers) -> set[int]:
    """The trekker organisations (ids) the user reports for (one query per distinct trekker)."""
    return {
        t.pk
        for t in trekkers
        if has_capability(user, VOORTGANG_RAPPORTEREN, kader=kader, organisatie=t)
    }


# ---------------------------------------------------------------------------------------------
# The list of peilmomenten, and opening one


def _volledigheid_per_peilmoment(lijst: list[Peilmoment]) -> dict[int, tuple[int, int]]:
    """{peilmoment id: (gemeld, totaal)} in two queries."""
    totaal = dict(
        Activiteit.objects.filter(jaarschijf_id__in={p.jaarschijf_id for p in lijst})
        .values_list("jaarschijf_id")
        .annotate(n=Count("pk"))
        .values_list("jaarschijf_id", "n")
    )
    gemeld = dict(
        Voortgang.objects.filter(peilmoment__in=lijst)
        .exclude(status=VoortgangStatus.NIET_GEMELD)
        .values_list("peilmoment_id")
        .annotate(n=Count("pk"))
        .values_list("peilmoment_id", "n")
    )
    return {p.pk: (gemeld.get(p.pk, 0), totaal.get(p.jaarschijf_id, 0)) for p in lijst}


@require_http_methods(["GET", "POST"])
def peilmomenten(request: HttpRequest, kader: str) -> HttpResponse:
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    kader_obj = visible_kader_or_404(request.user, kader)
    kan_beheren = has_capability(request.user, PEILMOMENT_BEHEREN, kader=kader_obj)
    if request.method == "POST" and not kan_beheren:
        raise PermissionDenied("Alleen de gemeente opent een peilmoment.")

    form = None
    if kan_beheren:
        jaarschijven = {
            j.jaar: j for j in selectors.jaarschijven(user=request.user, kader=kader_obj)
        }
        form = PeilmomentOpenenForm(
            (request.POST if request.method == "POST" else None), jaren=sorted(jaarschijven)
        )
        if request.method == "POST" and form.is_valid():
            geopend = None
            with bij_bezette_database(form) as poging:
                try:
                    geopend = services.peilmoment_openen(
                        jaarschijf=jaarschijven[form.cleaned_data["jaar"]],
                        soort=form.cleaned_data["soort"],
                        deadline=form.cleaned_data["deadline"],
                        acting_user=request.user,
                    )
                except ValidationError as exc:
                    fouten_op_formulier(form, exc)
            if poging.gelukt and geopend is not None:
                messages.success(
                    request,
                    f"Het peilmoment {geopend.naam} is geopend. De partijen kunnen melden tot "
                    f"en met {geopend.deadline:%d-%m-%Y}.",
                )
                return redirect(_peilmoment_url(kader_obj, geopend))

    lijst = selectors.peilmomenten(user=request.user, kader=kader_obj)
    aantallen = _volledigheid_per_peilmoment(lijst)
    rijen = [(p, *aantallen[p.pk]) for p in reversed(lijst)]
    return render(
        request,
        "jaarschijven/peilmomenten.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "rijen": rijen,
            "form": form,
            "kan_beheren": kan_beheren,
            "kan_vergelijken": len(lijst) >= 2,
        },
    )


# ---------------------------------------------------------------------------------------------
# One peilmoment


@dataclass
class ActiviteitRegel:
    activiteit: Activiteit
    titel: str
    trekker: object
    melding: Voortgang | None
    status: str
    reacties: list = field(default_factory=list)
    mag_melden: bool = False
    url: str = ""
    anker_thema: object = -1  # the theme under which the row carries the anchor #reacties-A1
    afspraken: list = field(default_factory=list)  # frozen at closing for a closed peilmoment

    @property
    def status_label(self) -> str:
        return str(VoortgangStatus(self.status).label)


@dataclass
class ThemaBlok:
    thema: Any
    regels: list[ActiviteitRegel]


def _activiteit_regels(request, kader_obj, peilmoment: Peilmoment) -> list[ActiviteitRegel]:
    jaarschijf = peilmoment.jaarschijf
    activiteiten = list(selectors.activiteiten(user=request.user, jaarschijf=jaarschijf))
    meldingen = selectors.meldingen(peilmoment)
    if peilmoment.is_gesloten:
        # Frozen: closing gave every activity of that moment a row; one added later is not
        # part of this peilmoment.
        activiteiten = [a for a in activiteiten if a.pk in meldingen]
    reacties: dict[int, list[Reactie]] = defaultdict(list)
    for reactie in (
        Reactie.objects.visible_to(request.user)
        .filter(activiteit__jaarschijf=jaarschijf)
        .select_related("organisatie", "peilmoment__jaarschijf", "geplaatst_door")
    ):
        reacties[reactie.activiteit_id].append(reactie)
    melders = (
        _mag_melden_voor(request.user, kader_obj, {a.trekker for a in activiteiten})
        if not peilmoment.is_gesloten
        else set()
    )
    regels = []
    for activiteit in activiteiten:
        melding = meldingen.get(activiteit.pk)
        bevroren = peilmoment.is_gesloten and melding is not None
        regels.append(
            ActiviteitRegel(
                activiteit=activiteit,
                titel=(
                    melding.titel if bevroren and melding and melding.titel else activiteit.titel
                ),
                trekker=(
                    melding.trekker
                    if bevroren and melding and melding.trekker
                    else activiteit.trekker
                ),
                melding=melding,
                status=melding.status if melding else VoortgangStatus.NIET_GEMELD,
                reacties=reacties.get(activiteit.pk, []),
                mag_melden=activiteit.trekker_id in melders,
                url=_activiteit_url(kader_obj, activiteit, jaarschijf.jaar),
                afspraken=(list(melding.afspraken.all()) if bevroren and melding else [])
                or list(activiteit.afspraken.all()),
            )
        )
    return regels


def _per_thema(regels: list[ActiviteitRegel]) -> list[ThemaBlok]:
    """Each activity under every theme of the afspraken it serves (in theme order)."""
    blokken: dict[object, ThemaBlok] = {}
    for regel in regels:
        themas = {a.thema_id: a.thema for a in regel.afspraken}
        for thema_id, thema in themas.items():
            blok = blokken.setdefault(thema_id, ThemaBlok(thema=thema, regels=[]))
            if regel.anker_thema == -1:
                regel.anker_thema = thema_id
            blok.regels.append(regel)
    return sorted(blokken.values(), key=lambda b: b.thema.nummer if b.thema else 999)


def _gefilterd(blokken: list[ThemaBlok], query) -> tuple[list[ThemaBlok], str]:
    """The dashboard links here with ?thema=N and/or ?status=S: show only those activities.
    Unknown values are ignored (the whole list)."""
    delen = []
    thema = query.get("thema", "")
    if thema.isdigit():
        blokken = [b for b in blokken if b.thema and b.thema.nummer == int(thema)]
        delen.append(f"thema {int(thema)}")
    status = query.get("status", "")
    if status in VoortgangStatus.values:
        blokken = [
            ThemaBlok(thema=b.thema, regels=[r for r in b.regels if r.status == status])
            for b in blokken
        ]
        blokken = [b for b in blokken if b.regels]
        delen.append(f"status ‘{VoortgangStatus(status).label}’")
    return blokken, " en ".join(delen)


def _eigen_advies_form(request, kader_obj, peilmoment, organisaties, data=None):
    initial = {}
    if len(organisaties) == 1:
        bestaand = Advies.objects.filter(peilmoment=peilmoment, organisatie=organisaties[0]).first()
        if bestaand is not None:
            initial = {"tekst": bestaand.tekst, "versie": bestaand.versie}
    return AdviesForm(data, organisaties=organisaties, initial=initial)


def peilmoment_pagina(request: HttpRequest, kader: str, code: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    peilmoment = peilmoment_or_404(request.user, kader_obj, code)
    jaarschijf = peilmoment.jaarschijf
    regels = _activiteit_regels(request, kader_obj, peilmoment)
    eigen = sorted(
        (r for r in regels if r.mag_melden),
        key=lambda r: (r.melding is not None, r.activiteit.nummer),
    )
    kan_beheren = not peilmoment.is_gesloten and has_capability(
        request.user, PEILMOMENT_BEHEREN, kader=kader_obj
    )
    volledigheid = selectors.volledigheid(peilmoment=peilmoment) if kan_beheren else []
    advies_organisaties = (
        _huurdersorganisaties(request.user, ADVIES_UITBRENGEN, kader_obj)
        if not peilmoment.is_gesloten
        else []
    )
    kan_reageren = bool(reactie_organisaties(request, kader_obj))
    adviezen = list(
        Advies.objects.visible_to(request.user)
        .filter(peilmoment=peilmoment)
        .select_related("organisatie", "uitgebracht_door")
    )
    statussen = Counter(r.status for r in regels)
    themablokken, filter_tekst = _gefilterd(_per_thema(regels), request.GET)
    from prestatiemonitor.overleg import selectors as overleg_selectors
    from prestatiemonitor.rapportage import selectors as rapportage_selectors

    # The report page: for whoever may see a finished report of this peilmoment, or make one.
    toont_rapportage = peilmoment.is_gesloten and (
        has_capability(request.user, PEILMOMENT_BEHEREN, kader=kader_obj)
        or rapportage_selectors.heeft_rapporten(user=request.user, peilmoment=peilmoment)
    )
    return render(
        request,
        "jaarschijven/peilmoment.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "peilmoment": peilmoment,
            "jaarschijf": jaarschijf,
            "themablokken": themablokken,
            "filter_tekst": filter_tekst,
            "aantal_gefilterd": len({r.activiteit.pk for b in themablokken for r in b.regels}),
            "aantal_activiteiten": len(regels),
            "aantal_gemeld": sum(
                1 for r in regels if r.melding and r.status != VoortgangStatus.NIET_GEMELD
            ),
            "statustelling": [(VoortgangStatus(s).label, n) for s, n in statussen.most_common()],
            "eigen": eigen,
            "eigen_ontbrekend": sum(1 for r in eigen if r.melding is None),
            "standen": selectors.standen(jaarschijf=jaarschijf, peilmoment=peilmoment),
            "rollup_regel": ROLLUP_REGEL,
            "kan_beheren": kan_beheren,
            "volledigheid": volledigheid,
            "ontbreekt_iets": any(not v.compleet for v in volledigheid),
            "adviezen": adviezen,
            "overleg_besluiten": overleg_selectors.besluiten_bij(
                user=request.user, peilmoment=peilmoment
            ),
            "advies_form": _eigen_advies_form(request, kader_obj, peilmoment, advies_organisaties)
            if advies_organisaties
            else None,
            "kan_reageren": kan_reageren,
            "geopend": request.GET.get("geopend", ""),
            # Evidence files and reacties are for the parties' members only.
            "ziet_bijlagen": ziet_lopend(request.user, kader_obj),
            "vorige": selectors.vorig_peilmoment(user=request.user, peilmoment=peilmoment),
            "toont_rapportage": toont_rapportage,
        },
    )


# ---------------------------------------------------------------------------------------------
# Reporting (the trekker)


def _activiteit_of_404(user, peilmoment: Peilmoment, nummer: int) -> Activiteit:
    activiteit = (
        Activiteit.objects.visible_to(user)
        .filter(jaarschijf_id=peilmoment.jaarschijf_id, nummer=nummer)
        .select_related("trekker")
        .first()
    )
    if activiteit is None:
        raise Http404("Deze activiteit bestaat niet.")
    return activiteit


def _melding_van(peilmoment: Peilmoment, activiteit: Activiteit) -> Voortgang | None:
    return (
        Voortgang.objects.filter(peilmoment=peilmoment, activiteit=activiteit)
        .select_related("gemeld_door")
        .prefetch_related("bijlagen")
        .first()
    )


def _begin(melding: Voortgang | None) -> dict:
    if melding is None:
        return {"versie": 0}
    return {
        "status": melding.status,
        "toelichting": melding.toelichting,
        # 31.00 → 31: the field shows what was reported, not the column's scale.
        "gerealiseerd_aantal": _zonder_nullen(melding.gerealiseerd_aantal),
        "versie": melding.versie,
    }


@login_required
@require_http_methods(["GET", "POST"])
def melden(request: HttpRequest, kader: str, code: str, nummer: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    peilmoment = peilmoment_or_404(request.user, kader_obj, code)
    activiteit = _activiteit_of_404(request.user, peilmoment, nummer)
    if not has_capability(
        request.user, VOORTGANG_RAPPORTEREN, kader=kader_obj, organisatie=activiteit.trekker
    ):
        raise PermissionDenied(
            f"Alleen {activiteit.trekker.naam} (de trekker) meldt de voortgang van "
            f"{activiteit.code}."
        )
    melding = _melding_van(peilmoment, activiteit)
    doel = _doel_tekst(activiteit)
    conflict = False
    huidige = melding
    gesloten_melding = ""
    form = None
    if peilmoment.is_gesloten:
        gesloten_melding = (
            f"Het peilmoment {peilmoment.naam} is gesloten; wat toen gemeld is, verandert niet "
            "meer."
        )
    elif request.method == "POST":
        form = MeldenForm(request.POST, request.FILES, doel=doel)
        if form.is_valid():
            gegevens = form.cleaned_data
            opgeslagen = None
            with bij_bezette_database(form) as poging:
                try:
                    # The report and its evidence together: a refused file keeps the report
                    # unsaved too, so the user sees one form with everything still in it.
                    with transaction.atomic():
                        opgeslagen = services.voortgang_melden(
                            peilmoment=peilmoment,
                            activiteit=activiteit,
                            status=gegevens["status"],
                            toelichting=gegevens["toelichting"],
                            gerealiseerd_aantal=gegevens.get("gerealiseerd_aantal"),
                            versie=gegevens["versie"] or 0,
                            acting_user=request.user,
                        )
                        if gegevens.get("bestand"):
                            services.bijlage_toevoegen(
                                voortgang=opgeslagen,
                                bestand=gegevens["bestand"],
                                acting_user=request.user,
                            )
                except services.GelijktijdigGewijzigd as exc:
                    opgeslagen = None
                    conflict = True
                    huidige = _melding_van(peilmoment, activiteit)
                    data = request.POST.copy()
                    data["versie"] = str(huidige.versie if huidige else 0)
                    form = MeldenForm(data, doel=doel)
                    form.is_valid()
                    form.add_error(None, exc.melding)
                    if gegevens.get("bestand"):
                        form.add_error("bestand", "Het bestand is niet bewaard; kies het opnieuw.")
                except ValidationError as exc:
                    opgeslagen = None
                    fouten_op_formulier(form, exc)
            if poging.gelukt and opgeslagen is not None:
                messages.success(
                    request,
                    f"De voortgang van {activiteit.code} bij {peilmoment.naam} is opgeslagen: "
                    f"{VoortgangStatus(opgeslagen.status).label}."
                    + (" Het bewijsstuk is toegevoegd." if gegevens.get("bestand") else ""),
                )
                if request.POST.get("verder") == "bijlage":
                    return redirect(request.path + "#id_bestand")
                return redirect(_peilmoment_url(kader_obj, peilmoment, "uw-meldingen"))
    else:
        form = MeldenForm(initial=_begin(melding), doel=doel)

    veldfouten = []
    if form is not None:
        veldfouten = [
            (form[naam], fout)
            for naam, fouten in form.errors.items()
            if naam != "__all__"
            for fout in fouten
        ]
    return render(
        request,
        "jaarschijven/melden.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "peilmoment": peilmoment,
            "activiteit": activiteit,
            "melding": huidige,
            "bijlagen": list(huidige.bijlagen.all()) if huidige else [],
            "doel": doel,
            "form": form,
            "veldfouten": veldfouten,
            "conflict": conflict,
            "gesloten_melding": gesloten_melding,
            "toelichting_verplicht": [s.value for s in TOELICHTING_VERPLICHT],
            "max_mb": _max_mb(),
        },
        status=200,
    )


def _max_mb() -> str:
    from django.conf import settings

    from prestatiemonitor.afspraken.weergave import getal

    return getal(settings.BIJLAGE_MAX_BYTES / (1024 * 1024), 1)


# ---------------------------------------------------------------------------------------------
# Evidence files


def _bijlage_of_404(user, kader_obj, pk: int) -> Bijlage:
    bijlage = (
        Bijlage.objects.visible_to(user)
        .filter(pk=pk, voortgang__peilmoment__jaarschijf__kader=kader_obj)
        .select_related("voortgang__activiteit__trekker", "voortgang__peilmoment__jaarschijf")
        .first()
    )
    if bijlage is None:
        raise Http404("Dit bestand bestaat niet of u mag het niet zien.")
    return bijlage


def bijlage(request: HttpRequest, kader: str, pk: int) -> FileResponse:
    """The evidence file, only to whoever may see it (the parties' members; never the public),
    as a download with its original name and the type found from its content."""
    kader_obj = visible_kader_or_404(request.user, kader)
    gevonden = _bijlage_of_404(request.user, kader_obj, pk)
    try:
        bestand = gevonden.bestand.open("rb")
    except FileNotFoundError:
        raise Http404("Dit bestand is niet meer aanwezig.") from None
    response = FileResponse(
        bestand,
        as_attachment=True,
        filename=gevonden.bestandsnaam,
        content_type=gevonden.mediatype,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def bijlage_verwijderen(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    gevonden = _bijlage_of_404(request.user, kader_obj, pk)
    voortgang = gevonden.voortgang
    activiteit, peilmoment = voortgang.activiteit, voortgang.peilmoment
    if not has_capability(
        request.user, VOORTGANG_RAPPORTEREN, kader=kader_obj, organisatie=activiteit.trekker
    ):
        raise PermissionDenied(
            f"Alleen {activiteit.trekker.naam} (de trekker) verwijdert een bewijsstuk van "
            f"{activiteit.code}."
        )
    with bij_bezette_database() as poging:
        try:
            services.bijlage_verwijderen(bijlage=gevonden, acting_user=request.user)
        except ValidationError as exc:
            poging.fout = " ".join(exc.messages)
    if poging.fout:
        messages.error(request, poging.fout)
    else:
        messages.success(request, f"Het bewijsstuk '{gevonden.bestandsnaam}' is verwijderd.")
    return redirect(
        "jaarschijven:melden", kader=kader_obj.slug, code=peilmoment.code, nummer=activiteit.nummer
    )


# ---------------------------------------------------------------------------------------------
# The gemeente: reminders and closing


def _beheerd_peilmoment(request, kader: str, code: str):
    kader_obj = visible_kader_or_404(request.user, kader)
    peilmoment = peilmoment_or_404(request.user, kader_obj, code)
    if not has_capability(request.user, PEILMOMENT_BEHEREN, kader=kader_obj):
        raise PermissionDenied("Alleen de gemeente beheert de peilmomenten.")
    return kader_obj, peilmoment


@login_required
@require_POST
def herinneren(request: HttpRequest, kader: str, code: str) -> HttpResponse:
    kader_obj, peilmoment = _beheerd_peilmoment(request, kader, code)
    partijen = {
        p.organisatie_id: p.organisatie for p in kader_obj.partij_set.select_related("organisatie")
    }
    form = HerinnerenForm(request.POST, partijen=partijen)
    terug = _peilmoment_url(kader_obj, peilmoment, "volledigheid")
    if not form.is_valid():
        messages.error(request, "Kies aan welke partij u een herinnering stuurt.")
        return redirect(terug)
    organisatie = form.cleaned_data["organisatie"]
    herinneringen = []
    with bij_bezette_database() as poging:
        try:
            herinneringen = services.herinneringen_versturen(
                peilmoment=peilmoment,
                organisaties=[organisatie] if organisatie else None,
                link=request.build_absolute_uri(_peilmoment_url(kader_obj, peilmoment)),
                acting_user=request.user,
            )
        except ValidationError as exc:
            poging.fout = " ".join(exc.messages)
    if poging.fout:
        messages.error(request, poging.fout)
    else:
        for h in herinneringen:
            if h.ontvangers:
                messages.success(
                    request,
                    f"Herinnering verstuurd aan {h.organisatie.naam}: {h.ontbrekend} "
                    f"ontbrekende melding(en), {h.ontvangers} ontvanger(s).",
                )
            else:
                messages.warning(
                    request,
                    f"{h.organisatie.naam} heeft geen leden met een e-mailadres die mogen "
                    "melden; de herinnering is vastgelegd maar niet gemaild.",
                )
    return redirect(terug)


@login_required
@require_http_methods(["GET", "POST"])
def sluiten(request: HttpRequest, kader: str, code: str) -> HttpResponse:
    kader_obj, peilmoment = _beheerd_peilmoment(request, kader, code)
    form = (
        SluitenForm(request.POST if request.method == "POST" else None)
        if not peilmoment.is_gesloten
        else None
    )
    if form is not None and request.method == "POST" and form.is_valid():
        gesloten = None
        with bij_bezette_database(form) as poging:
            try:
                gesloten = services.peilmoment_sluiten(
                    peilmoment=peilmoment, acting_user=request.user
                )
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
        if poging.gelukt and gesloten is not None:
            messages.success(
                request,
                f"Het peilmoment {gesloten.naam} is gesloten. Wat nu gemeld is, staat vast; "
                "activiteiten zonder melding staan als ‘niet gemeld’.",
            )
            return redirect(_peilmoment_url(kader_obj, gesloten))
    volledigheid = selectors.volledigheid(peilmoment=peilmoment)
    return render(
        request,
        "jaarschijven/sluiten.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "peilmoment": peilmoment,
            "form": form,
            "volledigheid": volledigheid,
            "ontbrekend": sum(len(v.ontbrekend) for v in volledigheid),
        },
    )


# ---------------------------------------------------------------------------------------------
# Tenants: advies on the peilmoment, reacties on activities


@login_required
@require_http_methods(["GET", "POST"])
def advies(request: HttpRequest, kader: str, code: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    peilmoment = peilmoment_or_404(request.user, kader_obj, code)
    if not has_capability(request.user, ADVIES_UITBRENGEN, kader=kader_obj):
        raise PermissionDenied(
            "Alleen een beheerder van een huurdersorganisatie van dit kader brengt advies uit."
        )
    organisaties = _huurdersorganisaties(request.user, ADVIES_UITBRENGEN, kader_obj)
    conflict, huidige = False, None
    form = None
    if not peilmoment.is_gesloten:
        form = _eigen_advies_form(
            request,
            kader_obj,
            peilmoment,
            organisaties,
            (request.POST if request.method == "POST" else None),
        )
        if request.method == "POST" and form.is_valid():
            opgeslagen = None
            with bij_bezette_database(form) as poging:
                try:
                    opgeslagen = services.advies_uitbrengen(
                        peilmoment=peilmoment,
                        tekst=form.cleaned_data["tekst"],
                        organisatie=form.gekozen_organisatie(),
                        versie=form.cleaned_data["versie"],
                        acting_user=request.user,
                    )
                except services.GelijktijdigGewijzigd as exc:
                    conflict, huidige = True, exc.huidige
                    data = request.POST.copy()
                    data["versie"] = str(huidige.versie) if huidige else ""
                    form = AdviesForm(data, organisaties=organisaties)
                    form.is_valid()
                    form.add_error(None, exc.melding)
                except (ValidationError, PermissionDenied) as exc:
                    if isinstance(exc, PermissionDenied):
                        form.add_error(None, str(exc))
                    else:
                        fouten_op_formulier(form, exc)
            if poging.gelukt and opgeslagen is not None:
                messages.success(
                    request,
                    f"Het advies van {opgeslagen.organisatie.naam} over {peilmoment.naam} is "
                    "opgeslagen.",
                )
                return redirect(_peilmoment_url(kader_obj, peilmoment, "advies"))
    adviezen = list(
        Advies.objects.visible_to(request.user)
        .filter(peilmoment=peilmoment)
        .select_related("organisatie", "uitgebracht_door")
    )
    return render(
        request,
        "jaarschijven/advies.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "peilmoment": peilmoment,
            "form": form,
            "conflict": conflict,
            "huidige": huidige,
            "adviezen": adviezen,
        },
    )


def _veilig_terug(request, terug: str) -> str:
    if terug and url_has_allowed_host_and_scheme(
        terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return terug
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def reactie(request: HttpRequest, kader: str, jaar: int, nummer: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    activiteit = (
        Activiteit.objects.visible_to(request.user)
        .filter(jaarschijf__kader=kader_obj, jaarschijf__jaar=jaar, nummer=nummer)
        .select_related("trekker", "jaarschijf")
        .first()
    )
    if activiteit is None:
        raise Http404("Deze activiteit bestaat niet.")
    if not has_capability(request.user, REACTIE_PLAATSEN, kader=kader_obj):
        raise PermissionDenied("Alleen een huurdersorganisatie van dit kader plaatst een reactie.")
    organisaties = _huurdersorganisaties(request.user, REACTIE_PLAATSEN, kader_obj)
    bron = request.POST if request.method == "POST" else request.GET
    peilmoment = None
    if bron.get("peilmoment"):
        peilmoment = peilmoment_or_404(request.user, kader_obj, bron["peilmoment"])
        if peilmoment.jaarschijf_id != activiteit.jaarschijf_id:
            raise Http404("Dit peilmoment hoort niet bij de jaarschijf van de activiteit.")
    form = ReactieForm(
        (request.POST if request.method == "POST" else None),
        organisaties=organisaties,
        initial={
            "peilmoment": peilmoment.code if peilmoment else "",
            "terug": bron.get("terug", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        geplaatst = None
        with bij_bezette_database(form) as poging:
            try:
                geplaatst = services.reactie_plaatsen(
                    activiteit=activiteit,
                    peilmoment=peilmoment,
                    tekst=form.cleaned_data["tekst"],
                    organisatie=form.gekozen_organisatie(),
                    acting_user=request.user,
                )
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
        if poging.gelukt and geplaatst is not None:
            messages.success(
                request,
                f"De reactie van {geplaatst.organisatie.naam} op {activiteit.code} is geplaatst.",
            )
            terug = _veilig_terug(request, form.cleaned_data.get("terug", ""))
            if not terug and peilmoment is not None:
                terug = _peilmoment_url(kader_obj, peilmoment)
            if not terug:
                terug = _activiteit_url(kader_obj, activiteit, jaar) or reverse(
                    "jaarschijven:peilmomenten", kwargs={"kader": kader_obj.slug}
                )
            # Back where the user came from, with the reacties in view: on the peilmoment page
            # this activity's disclosure open, on the activity page its reacties section.
            terug, code = terug.split("#")[0].split("?")[0], activiteit.code
            if peilmoment is None:
                return redirect(f"{terug}#reacties-kop")
            return redirect(f"{terug}?geopend={code}#reacties-{code}")
    reacties = list(
        Reactie.objects.visible_to(request.user)
        .filter(activiteit=activiteit)
        .select_related("organisatie", "peilmoment__jaarschijf", "geplaatst_door")
    )
    return render(
        request,
        "jaarschijven/reactie.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "activiteit": activiteit,
            "jaarschijf": activiteit.jaarschijf,
            "peilmoment": peilmoment,
            "reacties": reacties,
            "reactie_form": form,
            "activiteit_url": _activiteit_url(kader_obj, activiteit, jaar),
        },
    )


# ---------------------------------------------------------------------------------------------
# Comparison


def vergelijken(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    lijst = selectors.peilmomenten(user=request.user, kader=kader_obj)
    per_code = {p.code: p for p in lijst}
    vergelijking = None
    if "van" in request.GET or "naar" in request.GET:
        form = VergelijkenForm(request.GET, peilmomenten=lijst)
        if form.is_valid():
            vergelijking = selectors.vergelijking(
                van=per_code[form.cleaned_data["van"]], naar=per_code[form.cleaned_data["naar"]]
            )
    else:
        gesloten = [p for p in lijst if p.status == PeilmomentStatus.GESLOTEN]
        standaard = None
        if gesloten:
            laatste = gesloten[-1]
            eerder = [p for p in lijst if p.volgorde < laatste.volgorde]
            if eerder:
                standaard = (eerder[-1], laatste)
            elif len(lijst) >= 2:
                standaard = (laatste, [p for p in lijst if p.volgorde > laatste.volgorde][0])
        elif len(lijst) >= 2:
            standaard = (lijst[-2], lijst[-1])
        form = VergelijkenForm(
            initial={"van": standaard[0].code, "naar": standaard[1].code} if standaard else {},
            peilmomenten=lijst,
        )
        if standaard:
            vergelijking = selectors.vergelijking(van=standaard[0], naar=standaard[1])
    return render(
        request,
        "jaarschijven/vergelijken.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "form": form,
            "vergelijking": vergelijking,
            "genoeg": len(lijst) >= 2,
            "jaarschijf_van": vergelijking.van.jaarschijf if vergelijking else None,
        },
    )
