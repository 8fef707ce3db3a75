"""The register pages: read-only views over one afsprakenkader.

Views are thin: they parse the request, call a selector (which applies visibility through
``permissions.py``) and render. Whatever the user may not see is a 404, exactly as if it did
not exist.
"""

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from prestatiemonitor.organisaties.permissions import WOONDATA_AANLEVEREN, has_capability

from .. import permissions, selectors
from ..constants import AfspraakSoort


def _kader_of_404(request: HttpRequest, slug: str):
    try:
        return selectors.kader_get(user=request.user, slug=slug)
    except ObjectDoesNotExist:
        raise Http404("Dit afsprakenkader bestaat niet of u heeft er geen toegang toe.") from None


def _render(request, template: str, kader, actief: str, context: dict, status: int = 200):
    context = {
        "kader": kader,
        "nav_actief": actief,
        "kan_beheren": permissions.can_manage_kader(request.user, kader) if kader else False,
        **context,
    }
    return render(request, f"afspraken/{template}", context, status=status)


def home(request: HttpRequest) -> HttpResponse:
    kaders = list(selectors.kader_list(user=request.user))
    return render(
        request,
        "afspraken/home.html",
        {
            "kaders": kaders,
            "kan_importeren": permissions.can_import(request.user),
        },
    )


def kader(request: HttpRequest, kader: str) -> HttpResponse:
    try:
        overzicht = selectors.kader_overzicht(user=request.user, slug=kader)
    except ObjectDoesNotExist:
        raise Http404("Dit afsprakenkader bestaat niet of u heeft er geen toegang toe.") from None
    return _render(
        request,
        "kader.html",
        overzicht.kader,
        "overzicht",
        {
            "overzicht": overzicht,
            "exportformaten": ["json", "csv", "xlsx"],
            # "Gegevens aanleveren" (woonruimte, verduurzaming) for whoever delivers woondata.
            "kan_woondata_aanleveren": has_capability(
                request.user, WOONDATA_AANLEVEREN, kader=overzicht.kader
            ),
        },
    )


def thema(request: HttpRequest, kader: str, nummer: int) -> HttpResponse:
    kader_obj = _kader_of_404(request, kader)
    try:
        detail = selectors.thema_detail(user=request.user, kader=kader_obj, nummer=nummer)
    except ObjectDoesNotExist:
        raise Http404("Dit thema bestaat niet.") from None
    return _render(request, "thema.html", kader_obj, "themas", {"detail": detail})


class AfspraakFilterForm(forms.Form):
    partij = forms.ChoiceField(label="Partij", required=False)
    betrokken = forms.BooleanField(label="ook waar de partij alleen betrokken is", required=False)
    thema = forms.ChoiceField(label="Thema", required=False)

    def __init__(self, *args, keuzes: selectors.FilterKeuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.keuzes = keuzes
        self.fields["partij"].choices = [("", "Alle partijen")] + [
            (o.slug, f"{o.naam} ({o.aantal})") for o in keuzes.organisaties
        ]
        self.fields["thema"].choices = [("", "Alle thema's")] + [
            (str(t.nummer), f"{t.nummer}. {t.titel} ({t.aantal})") for t in keuzes.themas
        ]

    def gekozen_organisatie(self):
        slug = self.cleaned_data.get("partij")
        return next((o for o in self.keuzes.organisaties if o.slug == slug), None)

    def gekozen_thema(self):
        nummer = self.cleaned_data.get("thema")
        return next((t for t in self.keuzes.themas if str(t.nummer) == nummer), None)


def afspraken(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = _kader_of_404(request, kader)
    # By default a party filter shows the afspraken in which the party acts (uitvoerend);
    # the checkbox adds those in which it is only included through "we" / "partijen".
    ook_betrokken = forms.BooleanField(required=False).clean(request.GET.get("betrokken"))
    keuzes = selectors.afspraak_filter_keuzes(
        user=request.user, kader=kader_obj, ook_betrokken=ook_betrokken
    )
    form = AfspraakFilterForm(request.GET or None, keuzes=keuzes)
    organisatie = thema_obj = None
    if form.is_bound and form.is_valid():
        organisatie, thema_obj = form.gekozen_organisatie(), form.gekozen_thema()
    lijst = list(
        selectors.afspraak_list(
            user=request.user,
            kader=kader_obj,
            organisatie=organisatie,
            ook_betrokken=ook_betrokken,
            thema=thema_obj,
        )
    )
    totaal = selectors.afspraak_count(user=request.user, kader=kader_obj)
    verstreken = _termijn_verstreken(
        request, kader_obj, [a for a in lijst if a.soort == AfspraakSoort.STRATEGISCH]
    )
    return _render(
        request,
        "afspraken.html",
        kader_obj,
        "afspraken",
        {
            "form": form,
            "afspraken": [a for a in lijst if a.soort == AfspraakSoort.STRATEGISCH],
            "systematiek": [a for a in lijst if a.soort == AfspraakSoort.SYSTEMATIEK],
            "aantal": len(lijst),
            "totaal": totaal,
            "gekozen_organisatie": organisatie,
            "ook_betrokken": ook_betrokken,
            "gekozen_thema": thema_obj,
            "gefilterd": organisatie is not None or thema_obj is not None,
            "verstreken_ids": verstreken,
        },
    )


def _afspraak(request: HttpRequest, kader: str, nummer: str, soort: str) -> HttpResponse:
    kader_obj = _kader_of_404(request, kader)
    try:
        detail = selectors.afspraak_detail(
            user=request.user, kader=kader_obj, soort=soort, nummer=nummer
        )
    except ObjectDoesNotExist:
        raise Http404("Deze afspraak bestaat niet.") from None
    context: dict = {"detail": detail}
    # What the overleg decided about this afspraak (also through a bijstelling of it).
    from prestatiemonitor.overleg import selectors as overleg_selectors

    context["overleg_besluiten"] = overleg_selectors.besluiten_bij(
        user=request.user, afspraak=detail.afspraak
    )
    context["overleg_actiepunten"] = overleg_selectors.actiepunten_bij(
        user=request.user, afspraak=detail.afspraak
    )
    if soort == AfspraakSoort.STRATEGISCH:
        # The jaarschijf (DOEN) of this afspraak (DOEL): its activities per year and whether
        # its deadline passed without a finished activity (jaarschijven/selectors.py).
        from prestatiemonitor.jaarschijven import selectors as jaarschijf_selectors

        context["activiteiten_per_jaar"] = jaarschijf_selectors.activiteiten_van_afspraak(
            user=request.user, afspraak=detail.afspraak
        )
        context["termijn_verstreken"] = bool(
            _termijn_verstreken(request, kader_obj, [detail.afspraak])
        )
    return _render(request, "afspraak.html", kader_obj, "afspraken", context)


def _termijn_verstreken(request: HttpRequest, kader_obj, afspraken) -> set[int]:
    """Of ``afspraken``, those whose deadline year has passed without a finished activity (as
    far as the user can see the reports): marked 'Termijn verstreken'. No query when none of
    them has a past deadline year, else a fixed number (jaarschijven.selectors.achterstallig)."""
    vandaag = timezone.localdate()
    kandidaten = {a.pk for a in afspraken if a.jaar is not None and a.jaar < vandaag.year}
    if not kandidaten:
        return set()
    from prestatiemonitor.jaarschijven.selectors import achterstallig

    return {
        regel.afspraak.pk
        for regel in achterstallig(kader=kader_obj, vandaag=vandaag, user=request.user)
        if regel.afspraak.pk in kandidaten
    }


def afspraak(request: HttpRequest, kader: str, nummer: str) -> HttpResponse:
    return _afspraak(request, kader, nummer, AfspraakSoort.STRATEGISCH)


def systematiek(request: HttpRequest, kader: str, nummer: str) -> HttpResponse:
    return _afspraak(request, kader, nummer, AfspraakSoort.SYSTEMATIEK)


def zoeken(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = _kader_of_404(request, kader)
    q = (request.GET.get("q") or "").strip()[:200]
    resultaten = selectors.zoek(user=request.user, kader=kader_obj, q=q) if q else None
    return _render(
        request,
        "zoeken.html",
        kader_obj,
        "zoeken",
        {"q": q, "resultaten": resultaten, "max_per_groep": selectors.zoeken.ZOEK_MAX_PER_GROEP},
    )


def begrippen(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = _kader_of_404(request, kader)
    lijst = selectors.begrip_list(user=request.user, kader=kader_obj)
    return _render(request, "begrippen.html", kader_obj, "begrippen", {"begrippen": lijst})


def begrip(request: HttpRequest, kader: str, begrip: str) -> HttpResponse:
    kader_obj = _kader_of_404(request, kader)
    try:
        obj = selectors.begrip_detail(user=request.user, kader=kader_obj, slug=begrip)
    except ObjectDoesNotExist:
        raise Http404("Dit begrip bestaat niet.") from None
    return _render(request, "begrip.html", kader_obj, "begrippen", {"begrip": obj})


def convenanten(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = _kader_of_404(request, kader)
    regels = selectors.convenant_list(user=request.user, kader=kader_obj)
    return _render(request, "convenanten.html", kader_obj, "convenanten", {"regels": regels})


def partijen(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = _kader_of_404(request, kader)
    overzicht = selectors.partij_list(user=request.user, kader=kader_obj)
    return _render(request, "partijen.html", kader_obj, "partijen", {"overzicht": overzicht})


def tabel(request: HttpRequest, kader: str, nummer: str) -> HttpResponse:
    kader_obj = _kader_of_404(request, kader)
    try:
        weergave = selectors.tabel_detail(user=request.user, kader=kader_obj, nummer=nummer)
    except ObjectDoesNotExist:
        raise Http404("Deze tabel bestaat niet.") from None
    return _render(request, "tabel.html", kader_obj, "themas", {"weergave": weergave})


def bijstellingen(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = _kader_of_404(request, kader)
    lijst = selectors.bijstelling_list(user=request.user, kader=kader_obj)
    toon_verslagen = permissions.can_view_importverslagen(request.user, kader_obj)
    verslagen = (
        selectors.importverslag_list(user=request.user, kader=kader_obj) if toon_verslagen else []
    )
    return _render(
        request,
        "bijstellingen.html",
        kader_obj,
        "bijstellingen",
        {"bijstellingen": lijst, "verslagen": verslagen, "toon_verslagen": toon_verslagen},
    )
