"""One meeting: agenda, documents, attendance, besluitenlijst and actiepunten.

Order of checks in every view: login, the kader (404), the meeting among those the user takes
part in (404, as if it did not exist), then the capability (403). A form with typed text that a
service refuses comes back on the meeting page with the text and the Dutch error.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from prestatiemonitor.afspraken.models import Afspraak, Bijstelling
from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.config.db import bij_bezette_database
from prestatiemonitor.jaarschijven.models import Activiteit, Peilmoment
from prestatiemonitor.jaarschijven.services import GelijktijdigGewijzigd
from prestatiemonitor.organisaties.permissions import (
    OVERLEG_BIJDRAGEN,
    OVERLEG_PLANNEN,
    has_capability,
)
from prestatiemonitor.planmonitor.models import Peiling

from .. import selectors, services
from ..constants import ActiepuntStatus
from ..forms import (
    ActiepuntForm,
    ActiepuntStatusForm,
    AfgelastenForm,
    AgendapuntForm,
    BesluitForm,
    DocumentForm,
    WijzigenForm,
)
from ..models import Actiepunt, Agendapunt, Besluit, Overlegdocument
from .hulp import schrijven

NAV = "overleg"


def _overleg(request: HttpRequest, kader: str, pk: int):
    kader_obj = visible_kader_or_404(request.user, kader)
    return kader_obj, selectors.overleg_or_404(user=request.user, kader=kader_obj, pk=pk)


def _plannen_of_403(request: HttpRequest, kader) -> None:
    if not has_capability(request.user, OVERLEG_PLANNEN, kader=kader):
        raise PermissionDenied(services.PLANNEN_MELDING)


def _keuzes(kader) -> dict:
    afspraken = Afspraak.objects.filter(kader=kader).order_by("soort", "volgorde")
    return {
        "afspraak": (afspraken, lambda a: f"{a}: {a.tekst[:70]}"),
        "activiteit": (
            Activiteit.objects.filter(jaarschijf__kader=kader)
            .select_related("jaarschijf")
            .order_by("-jaarschijf__jaar", "nummer"),
            lambda a: f"{a.code}: {a.titel[:70]}",
        ),
        "peilmoment": (
            Peilmoment.objects.filter(jaarschijf__kader=kader).select_related("jaarschijf"),
            lambda p: p.naam,
        ),
        "peiling": (Peiling.objects.filter(kader=kader), lambda p: p.naam),
        "bijstelling": (
            Bijstelling.objects.filter(kader=kader),
            lambda b: f"{b}: {b.reden[:60]}",
        ),
    }


def _namens(request: HttpRequest, overleg, deelnemers) -> list:
    """The participating organisations for which the user brings in documents."""
    return [
        o
        for o in deelnemers
        if has_capability(request.user, OVERLEG_BIJDRAGEN, kader=overleg.kader, organisatie=o)
    ]


def _pagina(
    request: HttpRequest, kader, overleg, status: int = 200, invoer=None, **forms
) -> HttpResponse:
    """The meeting page; ``forms``: bound forms that came back with errors; ``invoer``: typed
    attendance ({organisation pk: object with aanwezig, namen}) that was not saved."""
    v = selectors.vergadering(user=request.user, overleg=overleg)
    kan_plannen = has_capability(request.user, OVERLEG_PLANNEN, kader=kader)
    keuzes = _keuzes(kader) if kan_plannen else {}
    namens = _namens(request, overleg, v.deelnemers)
    context = {
        "kader": kader,
        "nav_actief": NAV,
        "v": v,
        "overleg": overleg,
        "kan_plannen": kan_plannen,
        "aanwezigheid_rijen": [
            (o, (invoer or {}).get(o.pk) or v.aanwezigheid.get(o.pk)) for o in v.deelnemers
        ],
        "statussen": ActiepuntStatus.choices,
        "actie_bijwerkbaar": services.bijwerkbare_actiepunten(
            request.user, kader, v.actiepunten + v.openstaand
        ),
    }
    if kan_plannen:
        context["agendapunt_form"] = forms.get("agendapunt_form") or AgendapuntForm(keuzes=keuzes)
        besluit_form = forms.get("besluit_form") or BesluitForm(keuzes=keuzes)
        besluit_form.fields["agendapunt"].choices = [("", "—")] + [
            (p.pk, p.titel) for p in v.agendapunten
        ]
        context["besluit_form"] = besluit_form
        actie_form = forms.get("actiepunt_form") or ActiepuntForm(keuzes=keuzes)
        actie_form.fields["eigenaar"].choices = [("", "Kies…")] + [
            (o.pk, o.naam) for o in v.deelnemers
        ]
        context["actiepunt_form"] = actie_form
    if namens:
        context["document_form"] = forms.get("document_form") or DocumentForm(
            namens=namens, agendapunten=v.agendapunten
        )
    return render(request, "overleg/overleg.html", context, status=status)


@login_required
def overleg(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj, gevonden = _overleg(request, kader, pk)
    return _pagina(request, kader_obj, gevonden)


@login_required
def wijzigen(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj, gevonden = _overleg(request, kader, pk)
    _plannen_of_403(request, kader_obj)
    form = WijzigenForm(
        request.POST or None,
        initial={
            "datum": gevonden.datum,
            "aanvang": gevonden.aanvang,
            "einde": gevonden.einde,
            "locatie": gevonden.locatie,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if (d["datum"], d["aanvang"], d["einde"], d["locatie"].strip()) == (
            gevonden.datum,
            gevonden.aanvang,
            gevonden.einde,
            gevonden.locatie,
        ):
            form.add_error(
                None,
                "Datum, tijd en plaats zijn gelijk aan wat er stond: er is niets gewijzigd en "
                "niemand krijgt bericht.",
            )
    if request.method == "POST" and form.is_valid():
        gewijzigd = schrijven(
            form,
            lambda: services.overleg_wijzigen(
                overleg=gevonden, acting_user=request.user, **form.cleaned_data
            ),
        )
        if gewijzigd is not None:
            messages.success(
                request,
                "Het overleg is gewijzigd."
                + (" De deelnemers krijgen bericht." if gevonden.planning.gepubliceerd else ""),
            )
            return redirect("overleg:overleg", kader_obj.slug, gevonden.pk)
    return render(
        request,
        "overleg/wijzigen.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "overleg": gevonden,
            "form": form,
            "afgelasten_form": AfgelastenForm(),
        },
    )


@login_required
@require_POST
def afgelasten(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj, gevonden = _overleg(request, kader, pk)
    _plannen_of_403(request, kader_obj)
    form = AfgelastenForm(request.POST)
    if form.is_valid() and schrijven(
        form,
        lambda: services.overleg_afgelasten(
            overleg=gevonden, reden=form.cleaned_data["reden"], acting_user=request.user
        ),
    ):
        messages.success(request, "Het overleg is afgelast; de deelnemers krijgen bericht.")
        return redirect("overleg:overleg", kader_obj.slug, gevonden.pk)
    return render(
        request,
        "overleg/wijzigen.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "overleg": gevonden,
            "form": WijzigenForm(
                initial={
                    "datum": gevonden.datum,
                    "aanvang": gevonden.aanvang,
                    "einde": gevonden.einde,
                    "locatie": gevonden.locatie,
                }
            ),
            "afgelasten_form": form,
        },
    )


@login_required
@require_POST
def agendapunt(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj, gevonden = _overleg(request, kader, pk)
    _plannen_of_403(request, kader_obj)
    form = AgendapuntForm(request.POST, keuzes=_keuzes(kader_obj))
    if form.is_valid() and schrijven(
        form,
        lambda: services.agendapunt_toevoegen(
            overleg=gevonden,
            titel=form.cleaned_data["titel"],
            toelichting=form.cleaned_data["toelichting"],
            afspraak=form.object("afspraak"),
            activiteit=form.object("activiteit"),
            peilmoment=form.object("peilmoment"),
            peiling=form.object("peiling"),
            acting_user=request.user,
        ),
    ):
        messages.success(request, "Het agendapunt is toegevoegd.")
        return redirect("overleg:overleg", kader_obj.slug, gevonden.pk)
    return _pagina(request, kader_obj, gevonden, agendapunt_form=form)


@login_required
@require_POST
def agendapunt_verwijderen(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    punt = (
        Agendapunt.objects.visible_to(request.user).filter(overleg__kader=kader_obj, pk=pk).first()
    )
    if punt is None:
        raise Http404("Dit agendapunt bestaat niet.")
    _plannen_of_403(request, kader_obj)
    if request.POST.get("bevestigen") != "ja":
        messages.error(request, "Bevestig het verwijderen.")
    else:
        fout = ""
        with bij_bezette_database() as poging:
            try:
                services.agendapunt_verwijderen(agendapunt=punt, acting_user=request.user)
            except ValidationError as exc:
                fout = " ".join(exc.messages)
        if fout or not poging.gelukt:
            messages.error(request, fout or poging.fout)
        else:
            messages.success(request, f"'{punt.titel}' staat niet meer op de agenda.")
    return redirect("overleg:overleg", kader_obj.slug, punt.overleg_id)


@login_required
@require_POST
def document(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj, gevonden = _overleg(request, kader, pk)
    v = selectors.vergadering(user=request.user, overleg=gevonden)
    namens = _namens(request, gevonden, v.deelnemers)
    if not namens:
        raise PermissionDenied("U brengt geen stukken in bij dit overleg.")
    form = DocumentForm(request.POST, request.FILES, namens=namens, agendapunten=v.agendapunten)
    if form.is_valid() and schrijven(
        form,
        lambda: services.document_toevoegen(
            overleg=gevonden,
            bestand=form.cleaned_data["bestand"],
            organisatie=form.namens[form.cleaned_data["organisatie"]],
            agendapunt=form.punten.get(form.cleaned_data["agendapunt"]),
            acting_user=request.user,
        ),
    ):
        messages.success(request, "Het stuk is toegevoegd.")
        return redirect("overleg:overleg", kader_obj.slug, gevonden.pk)
    return _pagina(request, kader_obj, gevonden, document_form=form)


@login_required
def document_downloaden(request: HttpRequest, kader: str, pk: int) -> FileResponse:
    """A meeting's document, only to the meeting's participants."""
    kader_obj = visible_kader_or_404(request.user, kader)
    gevonden = (
        Overlegdocument.objects.visible_to(request.user)
        .filter(overleg__kader=kader_obj, pk=pk)
        .first()
    )
    if gevonden is None:
        raise Http404("Dit stuk bestaat niet of u neemt niet deel aan het overleg.")
    try:
        bestand = gevonden.bestand.open("rb")
    except FileNotFoundError:
        raise Http404("Dit bestand is niet meer aanwezig.") from None
    response = FileResponse(
        bestand, as_attachment=True, filename=gevonden.bestandsnaam, content_type=gevonden.mediatype
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def aanwezigheid(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    """Attendance per participating party: ``aanwezig_<pk>`` (on/off) and ``namen_<pk>``;
    only the parties listed in ``partijen`` are recorded."""
    kader_obj, gevonden = _overleg(request, kader, pk)
    _plannen_of_403(request, kader_obj)
    deelnemers = {str(o.pk): o for o in selectors.deelnemers(gevonden)}
    gekozen = [deelnemers[p] for p in request.POST.getlist("partijen") if p in deelnemers]
    if not gekozen:
        messages.error(request, "Er is geen aanwezigheid opgegeven.")
        return redirect("overleg:overleg", kader_obj.slug, gevonden.pk)
    regels = [
        (o, request.POST.get(f"aanwezig_{o.pk}") == "ja", request.POST.get(f"namen_{o.pk}", ""))
        for o in gekozen
    ]
    fout = ""
    with bij_bezette_database() as poging:
        try:
            services.aanwezigheid_vastleggen(
                overleg=gevonden, regels=regels, acting_user=request.user
            )
        except ValidationError as exc:
            fout = " ".join(exc.messages)
    if poging.gelukt and not fout:
        messages.success(request, "De aanwezigheid is vastgelegd.")
        return redirect(f"{_url(kader_obj, gevonden)}#aanwezigheid")
    messages.error(request, fout or poging.fout)
    invoer = {o.pk: SimpleNamespace(aanwezig=a, namen=n) for o, a, n in regels}
    return _pagina(request, kader_obj, gevonden, invoer=invoer)


def _url(kader, overleg) -> str:
    from django.urls import reverse

    return reverse("overleg:overleg", args=[kader.slug, overleg.pk])


@login_required
@require_POST
def besluit(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj, gevonden = _overleg(request, kader, pk)
    _plannen_of_403(request, kader_obj)
    v = selectors.vergadering(user=request.user, overleg=gevonden)
    form = BesluitForm(request.POST, keuzes=_keuzes(kader_obj))
    form.fields["agendapunt"].choices = [("", "—")] + [(p.pk, p.titel) for p in v.agendapunten]
    punten = {p.pk: p for p in v.agendapunten}
    if form.is_valid() and schrijven(
        form,
        lambda: services.besluit_vastleggen(
            overleg=gevonden,
            tekst=form.cleaned_data["tekst"],
            agendapunt=punten.get(form.cleaned_data["agendapunt"]),
            afspraak=form.object("afspraak"),
            activiteit=form.object("activiteit"),
            peilmoment=form.object("peilmoment"),
            peiling=form.object("peiling"),
            bijstelling=form.object("bijstelling"),
            openbaar=form.cleaned_data["openbaar"],
            acting_user=request.user,
        ),
    ):
        messages.success(request, "Het besluit is vastgelegd.")
        return redirect(f"{_url(kader_obj, gevonden)}#besluiten")
    return _pagina(request, kader_obj, gevonden, besluit_form=form)


@login_required
@require_POST
def besluit_openbaar(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    gevonden = (
        Besluit.objects.visible_to(request.user).filter(overleg__kader=kader_obj, pk=pk).first()
    )
    if gevonden is None:
        raise Http404("Dit besluit bestaat niet.")
    _plannen_of_403(request, kader_obj)
    openbaar = request.POST.get("openbaar") == "ja"
    with bij_bezette_database() as poging:
        services.besluit_openbaar_maken(
            besluit=gevonden, openbaar=openbaar, acting_user=request.user
        )
    if not poging.gelukt:
        messages.error(request, poging.fout)
    elif openbaar != gevonden.openbaar:
        messages.success(
            request,
            f"Besluit {gevonden.nummer} is "
            + ("openbaar: iedereen ziet het." if openbaar else "niet meer openbaar."),
        )
    return redirect(f"{_url(kader_obj, gevonden.overleg)}#besluiten")


@login_required
@require_POST
def actiepunt(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj, gevonden = _overleg(request, kader, pk)
    _plannen_of_403(request, kader_obj)
    deelnemers = {o.pk: o for o in selectors.deelnemers(gevonden)}
    form = ActiepuntForm(request.POST, keuzes=_keuzes(kader_obj))
    form.fields["eigenaar"].choices = [("", "Kies…")] + [
        (o.pk, o.naam) for o in deelnemers.values()
    ]
    if form.is_valid() and schrijven(
        form,
        lambda: services.actiepunt_toevoegen(
            overleg=gevonden,
            omschrijving=form.cleaned_data["omschrijving"],
            eigenaar=deelnemers[form.cleaned_data["eigenaar"]],
            deadline=form.cleaned_data["deadline"],
            afspraak=form.object("afspraak"),
            activiteit=form.object("activiteit"),
            acting_user=request.user,
        ),
    ):
        messages.success(request, "Het actiepunt is vastgelegd.")
        return redirect(f"{_url(kader_obj, gevonden)}#actiepunten")
    return _pagina(request, kader_obj, gevonden, actiepunt_form=form)


@login_required
@require_POST
def actiepunt_bijwerken(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    gevonden = (
        Actiepunt.objects.visible_to(request.user)
        .filter(overleg__kader=kader_obj, pk=pk)
        .select_related("overleg__kader", "eigenaar")
        .first()
    )
    if gevonden is None:
        raise Http404("Dit actiepunt bestaat niet.")
    if not services.mag_actiepunt_bijwerken(request.user, gevonden):
        raise PermissionDenied(
            f"Alleen {gevonden.eigenaar} of de gemeente werkt dit actiepunt bij."
        )
    form = ActiepuntStatusForm(request.POST)
    terug = request.POST.get("terug") or f"{_url(kader_obj, gevonden.overleg)}#actiepunten"
    if not terug.startswith("/") or terug.startswith("//"):
        terug = _url(kader_obj, gevonden.overleg)
    if not form.is_valid():
        messages.error(request, "Kies de status van het actiepunt.")
        return redirect(terug)
    fout = ""
    with bij_bezette_database() as poging:
        try:
            services.actiepunt_bijwerken(
                actiepunt=gevonden,
                status=form.cleaned_data["status"],
                toelichting=form.cleaned_data["toelichting"],
                versie=form.cleaned_data["versie"],
                acting_user=request.user,
            )
        except GelijktijdigGewijzigd as exc:
            fout = str(exc)
        except ValidationError as exc:
            fout = " ".join(exc.messages)
    if fout or not poging.gelukt:
        getypt = form.cleaned_data["toelichting"].strip()
        messages.error(
            request,
            (fout or poging.fout) + (f" Uw toelichting was: “{getypt}”." if getypt else ""),
        )
    else:
        messages.success(request, "Het actiepunt is bijgewerkt.")
    return redirect(terug)
