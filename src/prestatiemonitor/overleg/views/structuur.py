"""The overlegstructuur of a kader: its overlegvormen, the jaarcyclus and the planning
parameters. Every reader of the kader sees it (chapter 5 of a published document is public);
the gemeente (``overleg.plannen``) edits it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.config.db import bij_bezette_database
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import OVERLEG_PLANNEN, has_capability

from .. import selectors, services
from ..forms import InstellingenForm, MijlpaalForm, OverlegvormForm
from ..models import Mijlpaal, Overleginstellingen, Overlegvorm
from .hulp import schrijven

NAV = "overleg"


def _plannen_of_403(request: HttpRequest, kader) -> None:
    if not has_capability(request.user, OVERLEG_PLANNEN, kader=kader):
        raise PermissionDenied(services.PLANNEN_MELDING)


def _pagina(request: HttpRequest, kader, instellingen_form=None, status: int = 200):
    vormen, mijlpalen = selectors.structuur(kader)
    inst = selectors.instellingen(kader)
    return render(
        request,
        "overleg/structuur.html",
        {
            "kader": kader,
            "nav_actief": NAV,
            "vormen": vormen,
            "mijlpalen": mijlpalen,
            "instellingen": inst,
            "instellingen_form": instellingen_form or InstellingenForm(instance=inst),
            "kan_plannen": has_capability(request.user, OVERLEG_PLANNEN, kader=kader),
        },
        status=status,
    )


def structuur(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    return _pagina(request, kader_obj)


@login_required
@require_POST
def inrichten(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    _plannen_of_403(request, kader_obj)
    if kader_obj.overlegvormen.exists():
        messages.info(request, "De overlegstructuur is al ingericht.")
        return redirect("overleg:structuur", kader_obj.slug)
    with bij_bezette_database() as poging:
        try:
            services.structuur_inrichten(kader=kader_obj, acting_user=request.user)
        except ValidationError as exc:
            for fout in exc.messages:
                messages.error(request, fout)
            return redirect("overleg:structuur", kader_obj.slug)
    if poging.gelukt:
        messages.success(
            request,
            "De overlegstructuur van hoofdstuk 5 is ingericht: vier overleggen, de "
            "informatieavond en de jaarcyclus. Pas ze aan waar uw afspraken anders zijn.",
        )
    else:
        messages.error(request, poging.fout)
    return redirect("overleg:structuur", kader_obj.slug)


@login_required
@require_POST
def instellingen(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    _plannen_of_403(request, kader_obj)
    form = InstellingenForm(
        request.POST,
        instance=Overleginstellingen.objects.filter(kader=kader_obj).first()
        or Overleginstellingen(kader=kader_obj),
    )
    if form.is_valid() and schrijven(
        form,
        lambda: services.instellingen_opslaan(
            kader=kader_obj,
            schoolregio=form.cleaned_data["schoolregio"],
            locatie=form.cleaned_data["locatie"],
            herinnering_dagen=form.cleaned_data["herinnering_dagen"],
            acting_user=request.user,
        ),
    ):
        messages.success(request, "De instellingen zijn opgeslagen.")
        return redirect("overleg:structuur", kader_obj.slug)
    return _pagina(request, kader_obj, instellingen_form=form)


def _partijen(kader) -> list[Organisatie]:
    return list(
        Organisatie.objects.filter(partij_set__kader=kader).order_by("partij_set__volgorde")
    )


@login_required
def vorm(request: HttpRequest, kader: str, pk: int | None = None) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    _plannen_of_403(request, kader_obj)
    bestaand = None
    if pk is not None:
        bestaand = Overlegvorm.objects.filter(kader=kader_obj, pk=pk).first()
        if bestaand is None:
            raise Http404("Deze overlegvorm bestaat niet.")
    instantie = bestaand if bestaand is not None else Overlegvorm(kader=kader_obj)
    form = OverlegvormForm(request.POST or None, instance=instantie, partijen=_partijen(kader_obj))
    if request.method == "POST" and form.is_valid():
        opgeslagen = schrijven(
            form,
            lambda: services.overlegvorm_opslaan(
                kader=kader_obj,
                velden={k: form.cleaned_data[k] for k in services.VORM_VELDEN},
                vorm=bestaand,
                acting_user=request.user,
            ),
        )
        if isinstance(opgeslagen, Overlegvorm):
            messages.success(request, f"Het {opgeslagen.naam} is opgeslagen.")
            return redirect("overleg:structuur", kader_obj.slug)
    return render(
        request,
        "overleg/vorm.html",
        {"kader": kader_obj, "nav_actief": NAV, "form": form, "vorm": bestaand},
    )


@login_required
@require_POST
def vorm_verwijderen(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    _plannen_of_403(request, kader_obj)
    bestaand = Overlegvorm.objects.filter(kader=kader_obj, pk=pk).first()
    if bestaand is None:
        raise Http404("Deze overlegvorm bestaat niet.")
    if request.POST.get("bevestigen") != "ja":
        messages.error(request, "Bevestig het verwijderen.")
        return redirect("overleg:structuur", kader_obj.slug)
    fout = ""
    with bij_bezette_database() as poging:
        try:
            services.overlegvorm_verwijderen(vorm=bestaand, acting_user=request.user)
        except ValidationError as exc:
            fout = " ".join(exc.messages)
    if fout or not poging.gelukt:
        messages.error(request, fout or poging.fout)
    else:
        messages.success(request, f"Het {bestaand.naam} is verwijderd.")
    return redirect("overleg:structuur", kader_obj.slug)


@login_required
def mijlpaal(request: HttpRequest, kader: str, pk: int | None = None) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    _plannen_of_403(request, kader_obj)
    bestaand = None
    if pk is not None:
        bestaand = Mijlpaal.objects.filter(kader=kader_obj, pk=pk).first()
        if bestaand is None:
            raise Http404("Deze mijlpaal bestaat niet.")
    form = MijlpaalForm(
        request.POST or None,
        instance=bestaand if bestaand is not None else Mijlpaal(kader=kader_obj),
        kader=kader_obj,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and schrijven(
            form,
            lambda: services.mijlpaal_opslaan(
                kader=kader_obj, mijlpaal=bestaand, acting_user=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "De jaarcyclus is bijgewerkt.")
        return redirect("overleg:structuur", kader_obj.slug)
    return render(
        request,
        "overleg/mijlpaal.html",
        {"kader": kader_obj, "nav_actief": NAV, "form": form, "mijlpaal": bestaand},
    )


@login_required
@require_POST
def mijlpaal_verwijderen(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    _plannen_of_403(request, kader_obj)
    bestaand = Mijlpaal.objects.filter(kader=kader_obj, pk=pk).first()
    if bestaand is None:
        raise Http404("Deze mijlpaal bestaat niet.")
    if request.POST.get("bevestigen") != "ja":
        messages.error(request, "Bevestig het verwijderen.")
        return redirect("overleg:structuur", kader_obj.slug)
    with bij_bezette_database() as poging:
        services.mijlpaal_verwijderen(mijlpaal=bestaand, acting_user=request.user)
    if poging.gelukt:
        messages.success(request, f"'{bestaand.naam}' staat niet meer in de jaarcyclus.")
    else:
        messages.error(request, poging.fout)
    return redirect("overleg:structuur", kader_obj.slug)
