"""The jaarschijf pages: the jaarschijven of a kader, one jaarschijf (activities per theme,
coverage, workflow, recorded changes), its activities (detail, add, edit, remove) and next
year's concept.

Access (tested in afspraken/tests/test_permission_matrix.py and tests/test_views_jaarschijf.py):
- reading: the kader's visibility (``visible_kader_or_404``), then the jaarschijf's: a concept
  or besproken jaarschijf exists only for the parties' members and the site administrator
  (404 to everyone else, anonymous included); a vastgestelde for whoever reads the kader;
- forms: login first (anonymous → login page), then the same 404s, then the capability (403):
  ``jaarschijf.bewerken`` to edit a concept or besproken jaarschijf, ``jaarschijf.vaststellen``
  for the workflow, the gaps and every change to a vastgestelde jaarschijf.

Every write goes through ``services.py`` inside ``bij_bezette_database``; a refusal comes back
onto the form with everything typed; a save from a stale page (``GelijktijdigGewijzigd``)
shows the stored version next to the user's.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from prestatiemonitor.afspraken.constants import AfspraakSoort
from prestatiemonitor.afspraken.models import Afspraak
from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.config.db import bij_bezette_database
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import (
    JAARSCHIJF_BEWERKEN,
    JAARSCHIJF_VASTSTELLEN,
    VOORTGANG_RAPPORTEREN,
    has_capability,
)

from .. import selectors, services
from ..constants import VOLGENDE_STATUS, JaarschijfStatus
from ..forms import (
    ActiviteitForm,
    DekkingForm,
    JaarschijfAanmaakForm,
    StatusForm,
    VerwijderForm,
    VolgendJaarForm,
    activiteit_beginwaarden,
)
from ..models import Activiteit, DekkingsAcceptatie, Jaarschijf, JaarschijfOvergang
from ..permissions import jaarschijf_or_404


def _render(request: HttpRequest, template: str, kader, context: dict, status: int = 200):
    return render(
        request,
        f"jaarschijven/{template}",
        {"kader": kader, "nav_actief": "jaarschijf", **context},
        status=status,
    )


def _fouten_op_formulier(form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: per field where the form has that field."""
    if hasattr(exc, "error_dict"):
        for veld, fouten in exc.error_dict.items():
            doel = veld if veld in form.fields else None
            if veld == "datum" and "besluit_datum" in form.fields and "datum" not in form.fields:
                doel = "besluit_datum"
            for fout in fouten:
                form.add_error(doel, fout)
    else:
        form.add_error(None, exc)


def _mag_bewerken(user, jaarschijf: Jaarschijf) -> bool:
    """Whether the user may change the activities of this jaarschijf (as the service checks)."""
    cap = JAARSCHIJF_VASTSTELLEN if jaarschijf.is_vastgesteld else JAARSCHIJF_BEWERKEN
    return has_capability(user, cap, kader=jaarschijf.kader)


def _eis_bewerken(user, jaarschijf: Jaarschijf) -> None:
    if not _mag_bewerken(user, jaarschijf):
        raise PermissionDenied(
            "Deze jaarschijf is vastgesteld; alleen de gemeente legt een besloten wijziging vast."
            if jaarschijf.is_vastgesteld
            else "U mag de jaarschijf van dit kader niet bewerken."
        )


def _eis_vaststellen(user, jaarschijf: Jaarschijf) -> None:
    if not has_capability(user, JAARSCHIJF_VASTSTELLEN, kader=jaarschijf.kader):
        raise PermissionDenied(
            "Alleen een beheerder van de gemeente legt de status van de jaarschijf en de "
            "geaccepteerde gaten vast."
        )


def _jaarschijf_url(kader, jaar: int) -> str:
    return reverse("jaarschijven:jaarschijf", kwargs={"kader": kader.slug, "jaar": jaar})


def _activiteit_of_404(user, jaarschijf: Jaarschijf, nummer: int) -> Activiteit:
    activiteit = (
        selectors.activiteiten(user=user, jaarschijf=jaarschijf).filter(nummer=nummer).first()
    )
    if activiteit is None:
        raise Http404("Deze activiteit bestaat niet.")
    activiteit.jaarschijf = jaarschijf
    return activiteit


# ---------------------------------------------------------------------------------------------
# The jaarschijven of a kader


@require_http_methods(["GET", "POST"])
def overzicht(request: HttpRequest, kader: str) -> HttpResponse:
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    kader_obj = visible_kader_or_404(request.user, kader)
    kan_aanmaken = has_capability(request.user, JAARSCHIJF_BEWERKEN, kader=kader_obj)
    lijst = selectors.jaarschijven(user=request.user, kader=kader_obj)
    form = None
    if kan_aanmaken:
        bestaande = Jaarschijf.objects.filter(kader=kader_obj).values_list("jaar", flat=True)
        form = JaarschijfAanmaakForm(
            request.POST if request.method == "POST" else None,
            kader=kader_obj,
            bestaande_jaren=list(bestaande),
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("U mag voor dit kader geen jaarschijf aanmaken.")
        if form.is_valid():
            nieuw = None
            with bij_bezette_database(form) as poging:
                try:
                    nieuw = services.jaarschijf_aanmaken(
                        kader=kader_obj,
                        jaar=form.cleaned_data["jaar"],
                        toelichting=form.cleaned_data["toelichting"],
                        acting_user=request.user,
                    )
                except ValidationError as exc:
                    _fouten_op_formulier(form, exc)
            if poging.gelukt and nieuw is not None:
                messages.success(request, f"Jaarschijf {nieuw.jaar} is aangemaakt als concept.")
                return redirect(_jaarschijf_url(kader_obj, nieuw.jaar))
    regels = selectors.jaarschijf_overzicht(jaarschijven_lijst=lijst)
    return _render(
        request,
        "overzicht.html",
        kader_obj,
        {"regels": regels, "form": form, "kan_aanmaken": kan_aanmaken},
    )


# ---------------------------------------------------------------------------------------------
# One jaarschijf


def _per_thema(activiteiten: list[Activiteit]) -> list[tuple[object, list[Activiteit]]]:
    """Activities grouped by the theme of the first afspraak they serve (in document order)."""
    groepen: dict[object, list[Activiteit]] = {}
    volgorde: dict[object, tuple] = {}
    for activiteit in activiteiten:
        afspraken = sorted(activiteit.afspraken.all(), key=lambda a: a.volgorde)
        activiteit.afspraken_gesorteerd = afspraken  # type: ignore[attr-defined]
        thema = afspraken[0].thema if afspraken else None
        groepen.setdefault(thema, []).append(activiteit)
        volgorde.setdefault(thema, (thema.nummer if thema else 999,))
    return [(t, groepen[t]) for t in sorted(groepen, key=lambda t: volgorde[t])]


def jaarschijf_pagina(request: HttpRequest, kader: str, jaar: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    jaarschijf = jaarschijf_or_404(request.user, kader_obj, jaar)
    activiteiten = list(selectors.activiteiten(user=request.user, jaarschijf=jaarschijf))
    laatste = selectors.laatste_status_per_activiteit(
        user=request.user, activiteit_ids=[a.pk for a in activiteiten]
    )
    for activiteit in activiteiten:
        activiteit.laatste_melding = laatste.get(activiteit.pk)  # type: ignore[attr-defined]
    dekking = selectors.dekking(jaarschijf=jaarschijf, activiteiten_lijst=activiteiten)
    gaten = [r for r in dekking if not r.gedekt]
    kan_vaststellen = has_capability(request.user, JAARSCHIJF_VASTSTELLEN, kader=kader_obj)
    volgende = VOLGENDE_STATUS.get(JaarschijfStatus(jaarschijf.status))
    return _render(
        request,
        "jaarschijf.html",
        kader_obj,
        {
            "jaarschijf": jaarschijf,
            "overgangen": list(
                JaarschijfOvergang.objects.filter(jaarschijf=jaarschijf).select_related(
                    "vastgelegd_door"
                )
            ),
            "per_thema": _per_thema(activiteiten),
            "aantal_activiteiten": len(activiteiten),
            "gaten": gaten,
            "open_gaten": [r for r in gaten if r.acceptatie is None],
            "wijzigingen": list(
                jaarschijf.wijzigingen.select_related("vastgelegd_door", "activiteit")
            ),
            "peilmomenten": selectors.peilmomenten(user=request.user, kader=kader_obj, jaar=jaar),
            "kan_bewerken": _mag_bewerken(request.user, jaarschijf),
            "kan_vaststellen": kan_vaststellen,
            "volgende_status": JaarschijfStatus(volgende) if volgende else None,
            "kan_volgend_jaar": has_capability(request.user, JAARSCHIJF_BEWERKEN, kader=kader_obj)
            and kader_obj.periode_van <= jaar + 1 <= kader_obj.periode_tot,
            "dekking_form": DekkingForm(),
            "kan_importeren": has_capability(request.user, JAARSCHIJF_BEWERKEN, kader=kader_obj)
            or has_capability(request.user, VOORTGANG_RAPPORTEREN, kader=kader_obj),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, kader: str, jaar: int) -> HttpResponse:
    """Record the next step of the workflow (besproken, vastgesteld) with its meeting."""
    kader_obj = visible_kader_or_404(request.user, kader)
    jaarschijf = jaarschijf_or_404(request.user, kader_obj, jaar)
    _eis_vaststellen(request.user, jaarschijf)
    volgende = VOLGENDE_STATUS.get(JaarschijfStatus(jaarschijf.status))
    form = StatusForm(
        request.POST if request.method == "POST" else None,
        initial={"versie": jaarschijf.versie, "datum": timezone.localdate().isoformat()},
    )
    conflict = False
    if request.method == "POST" and volgende is None:
        form.is_valid()
        form.add_error(None, f"Jaarschijf {jaarschijf.jaar} is al vastgesteld.")
    elif request.method == "POST" and form.is_valid():
        gedaan = None
        with bij_bezette_database(form) as poging:
            try:
                gedaan = services.jaarschijf_status_verder(
                    jaarschijf=jaarschijf,
                    naar=volgende,
                    datum=form.cleaned_data["datum"],
                    overleg=form.cleaned_data["overleg"],
                    toelichting=form.cleaned_data["toelichting"],
                    versie=form.cleaned_data["versie"],
                    acting_user=request.user,
                )
            except services.GelijktijdigGewijzigd as exc:
                conflict = True
                form.add_error(None, exc.melding)
                jaarschijf = exc.huidige
            except ValidationError as exc:
                _fouten_op_formulier(form, exc)
        if poging.gelukt and gedaan is not None:
            messages.success(
                request,
                f"Jaarschijf {gedaan.jaar} is nu {JaarschijfStatus(gedaan.status).label}.",
            )
            return redirect(_jaarschijf_url(kader_obj, jaar))
    open_gaten = []
    if volgende == JaarschijfStatus.VASTGESTELD:
        geaccepteerd = set(jaarschijf.acceptaties.values_list("afspraak_id", flat=True))
        open_gaten = [
            a for a in services.ongedekte_afspraken(jaarschijf) if a.pk not in geaccepteerd
        ]
    return _render(
        request,
        "status.html",
        kader_obj,
        {
            "jaarschijf": jaarschijf,
            "form": form,
            "volgende_status": JaarschijfStatus(volgende) if volgende else None,
            "open_gaten": open_gaten,
            "conflict": conflict,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dekking(request: HttpRequest, kader: str, jaar: int, afspraak: str) -> HttpResponse:
    """Accept that an afspraak has no activity this year (with a reason), or withdraw that."""
    kader_obj = visible_kader_or_404(request.user, kader)
    jaarschijf = jaarschijf_or_404(request.user, kader_obj, jaar)
    _eis_vaststellen(request.user, jaarschijf)
    afspraak_obj = Afspraak.objects.filter(
        kader=kader_obj, soort=AfspraakSoort.STRATEGISCH, nummer=afspraak
    ).first()
    if afspraak_obj is None:
        raise Http404("Deze afspraak bestaat niet.")
    acceptatie = DekkingsAcceptatie.objects.filter(
        jaarschijf=jaarschijf, afspraak=afspraak_obj
    ).first()
    gedekt = jaarschijf.activiteiten.filter(afspraken=afspraak_obj).exists()
    form = DekkingForm(
        request.POST if request.method == "POST" else None,
        initial={"actie": DekkingForm.INTREKKEN if acceptatie else DekkingForm.ACCEPTEREN},
    )
    if request.method == "POST" and form.is_valid():
        klaar = False
        with bij_bezette_database(form) as poging:
            try:
                if form.cleaned_data["actie"] == DekkingForm.ACCEPTEREN:
                    services.dekking_accepteren(
                        jaarschijf=jaarschijf,
                        afspraak=afspraak_obj,
                        reden=form.cleaned_data["reden"],
                        acting_user=request.user,
                    )
                    melding = f"{afspraak_obj} zonder activiteit in {jaar} is geaccepteerd."
                elif acceptatie is None:
                    raise ValidationError(f"Voor {afspraak_obj} is geen gat geaccepteerd.")
                else:
                    services.dekking_acceptatie_intrekken(
                        acceptatie=acceptatie, acting_user=request.user
                    )
                    melding = f"De acceptatie van {afspraak_obj} zonder activiteit is ingetrokken."
                klaar = True
            except ValidationError as exc:
                _fouten_op_formulier(form, exc)
        if poging.gelukt and klaar:
            messages.success(request, melding)
            return redirect(_jaarschijf_url(kader_obj, jaar) + "#dekking-kop")
    return _render(
        request,
        "dekking.html",
        kader_obj,
        {
            "jaarschijf": jaarschijf,
            "afspraak": afspraak_obj,
            "acceptatie": acceptatie,
            "gedekt": gedekt,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def volgend_jaar(request: HttpRequest, kader: str, jaar: int) -> HttpResponse:
    """Start next year's concept from this jaarschijf, carrying over the chosen unfinished
    activities."""
    kader_obj = visible_kader_or_404(request.user, kader)
    jaarschijf = jaarschijf_or_404(request.user, kader_obj, jaar)
    if not has_capability(request.user, JAARSCHIJF_BEWERKEN, kader=kader_obj):
        raise PermissionDenied("U mag voor dit kader geen jaarschijf aanmaken.")
    activiteiten = list(selectors.activiteiten(user=request.user, jaarschijf=jaarschijf))
    afgerond = {a.pk for a in activiteiten if services.is_afgerond(a)}
    open_activiteiten = [a for a in activiteiten if a.pk not in afgerond]
    bestaat_al = Jaarschijf.objects.filter(kader=kader_obj, jaar=jaar + 1).exists()
    form = VolgendJaarForm(
        request.POST if request.method == "POST" else None,
        open_activiteiten=open_activiteiten,
        initial={"versie": jaarschijf.versie, "activiteiten": [a.pk for a in open_activiteiten]},
    )
    if request.method == "POST" and form.is_valid():
        nieuw = None
        if form.cleaned_data["versie"] != jaarschijf.versie:
            form.add_error(
                None,
                f"Jaarschijf {jaar} is intussen gewijzigd; bekijk de activiteiten hieronder "
                "opnieuw en bevestig uw keuze.",
            )
            form = VolgendJaarForm(
                {**request.POST.dict(), "versie": jaarschijf.versie},
                open_activiteiten=open_activiteiten,
            )
        else:
            with bij_bezette_database(form) as poging:
                try:
                    nieuw = services.jaarschijf_volgend_jaar(
                        jaarschijf=jaarschijf,
                        over_te_nemen=form.gekozen(),
                        acting_user=request.user,
                    )
                except ValidationError as exc:
                    _fouten_op_formulier(form, exc)
            if poging.gelukt and nieuw is not None:
                messages.success(
                    request,
                    f"Jaarschijf {nieuw.jaar} is aangemaakt als concept, met "
                    f"{len(form.gekozen())} overgenomen activiteit(en).",
                )
                return redirect(_jaarschijf_url(kader_obj, nieuw.jaar))
    return _render(
        request,
        "volgend_jaar.html",
        kader_obj,
        {
            "jaarschijf": jaarschijf,
            "form": form,
            "afgerond": [a for a in activiteiten if a.pk in afgerond],
            "bestaat_al": bestaat_al,
            "volgend": jaar + 1,
        },
    )


# ---------------------------------------------------------------------------------------------
# Activities


def activiteit_pagina(request: HttpRequest, kader: str, jaar: int, nummer: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    jaarschijf = jaarschijf_or_404(request.user, kader_obj, jaar)
    activiteit = _activiteit_of_404(request.user, jaarschijf, nummer)
    meldingen = selectors.meldingen_van_activiteit(user=request.user, activiteit=activiteit)
    from prestatiemonitor.overleg import selectors as overleg_selectors

    return _render(
        request,
        "activiteit.html",
        kader_obj,
        {
            "jaarschijf": jaarschijf,
            "activiteit": activiteit,
            "afspraken": sorted(activiteit.afspraken.all(), key=lambda a: a.volgorde),
            "meldingen": meldingen,
            "reacties": selectors.reacties_van_activiteit(user=request.user, activiteit=activiteit),
            "historie": selectors.activiteit_historie(activiteit=activiteit),
            "wijzigingen": list(
                activiteit.wijzigingen.select_related("vastgelegd_door").order_by("-vastgelegd_op")
            ),
            "kan_bewerken": _mag_bewerken(request.user, jaarschijf),
            "overleg_besluiten": overleg_selectors.besluiten_bij(
                user=request.user, activiteit=activiteit
            ),
            "overleg_actiepunten": overleg_selectors.actiepunten_bij(
                user=request.user, activiteit=activiteit
            ),
        },
    )


def _formulier_keuzes(kader_obj):
    afspraken = list(
        Afspraak.objects.filter(kader=kader_obj, soort=AfspraakSoort.STRATEGISCH)
        .select_related("thema")
        .order_by("volgorde")
    )
    partijen = list(
        Organisatie.objects.filter(partij_set__kader=kader_obj).order_by("soort", "naam")
    )
    return afspraken, partijen


def _activiteit_formulier(
    request: HttpRequest, kader_obj, jaarschijf: Jaarschijf, activiteit: Activiteit | None
) -> HttpResponse:
    afspraken, partijen = _formulier_keuzes(kader_obj)
    nieuw = activiteit is None
    kwargs = {
        "afspraken": afspraken,
        "partijen": partijen,
        "nieuw": nieuw,
        "vastgesteld": jaarschijf.is_vastgesteld,
    }
    if request.method == "POST":
        form = ActiviteitForm(request.POST, **kwargs)
    elif activiteit is not None:
        form = ActiviteitForm(initial=activiteit_beginwaarden(activiteit), **kwargs)
    else:
        form = ActiviteitForm(**kwargs)
    huidige = None
    if request.method == "POST" and form.is_valid():
        opgeslagen = None
        with bij_bezette_database(form) as poging:
            try:
                opgeslagen = services.activiteit_opslaan(
                    jaarschijf=jaarschijf,
                    gegevens=form.gegevens(),
                    activiteit=activiteit,
                    versie=form.cleaned_data.get("versie"),
                    besluit=form.besluit(),
                    acting_user=request.user,
                )
            except services.GelijktijdigGewijzigd as exc:
                # Keep what the user typed, now against the stored version: saving again is
                # a decision taken with both versions in view.
                huidige = _activiteit_of_404(request.user, jaarschijf, exc.huidige.nummer)
                data = request.POST.copy()
                data["versie"] = str(huidige.versie)
                form = ActiviteitForm(data, **kwargs)
                form.is_valid()
                form.add_error(None, exc.melding)
            except ValidationError as exc:
                _fouten_op_formulier(form, exc)
        if poging.gelukt and opgeslagen is not None and huidige is None:
            messages.success(
                request,
                f"Activiteit {opgeslagen.code} is {'toegevoegd' if nieuw else 'opgeslagen'}.",
            )
            return redirect(
                "jaarschijven:activiteit",
                kader=kader_obj.slug,
                jaar=jaarschijf.jaar,
                nummer=opgeslagen.nummer,
            )
    veldfouten = [
        (form[naam], fout)
        for naam, fouten in form.errors.items()
        if naam != "__all__" and naam in form.fields
        for fout in fouten
    ]
    return _render(
        request,
        "activiteit_form.html",
        kader_obj,
        {
            "jaarschijf": jaarschijf,
            "activiteit": activiteit,
            "form": form,
            "huidige": huidige,
            "veldfouten": veldfouten,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activiteit_nieuw(request: HttpRequest, kader: str, jaar: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    jaarschijf = jaarschijf_or_404(request.user, kader_obj, jaar)
    _eis_bewerken(request.user, jaarschijf)
    return _activiteit_formulier(request, kader_obj, jaarschijf, None)


@login_required
@require_http_methods(["GET", "POST"])
def activiteit_bewerken(request: HttpRequest, kader: str, jaar: int, nummer: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    jaarschijf = jaarschijf_or_404(request.user, kader_obj, jaar)
    activiteit = _activiteit_of_404(request.user, jaarschijf, nummer)
    _eis_bewerken(request.user, jaarschijf)
    return _activiteit_formulier(request, kader_obj, jaarschijf, activiteit)


@login_required
@require_http_methods(["GET", "POST"])
def activiteit_verwijderen(
    request: HttpRequest, kader: str, jaar: int, nummer: int
) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    jaarschijf = jaarschijf_or_404(request.user, kader_obj, jaar)
    activiteit = _activiteit_of_404(request.user, jaarschijf, nummer)
    _eis_bewerken(request.user, jaarschijf)
    form = VerwijderForm(
        request.POST if request.method == "POST" else None,
        vastgesteld=jaarschijf.is_vastgesteld,
        initial={"versie": activiteit.versie},
    )
    if request.method == "POST" and form.is_valid():
        klaar = False
        with bij_bezette_database(form) as poging:
            try:
                services.activiteit_verwijderen(
                    activiteit=activiteit,
                    versie=form.cleaned_data["versie"],
                    besluit=form.besluit(),
                    acting_user=request.user,
                )
                klaar = True
            except services.GelijktijdigGewijzigd as exc:
                data = request.POST.copy()
                data["versie"] = str(exc.huidige.versie)
                form = VerwijderForm(data, vastgesteld=jaarschijf.is_vastgesteld)
                form.is_valid()
                form.add_error(
                    None,
                    f"Activiteit {activiteit.code} is intussen door iemand anders gewijzigd. "
                    "Bekijk haar hieronder zoals zij nu is; bevestig opnieuw als u haar toch "
                    "wilt verwijderen.",
                )
                activiteit = _activiteit_of_404(request.user, jaarschijf, nummer)
            except ValidationError as exc:
                _fouten_op_formulier(form, exc)
        if poging.gelukt and klaar:
            messages.success(request, f"Activiteit {activiteit.code} is verwijderd.")
            return redirect(_jaarschijf_url(kader_obj, jaar))
    return _render(
        request,
        "activiteit_verwijderen.html",
        kader_obj,
        {
            "jaarschijf": jaarschijf,
            "activiteit": activiteit,
            "afspraken": sorted(activiteit.afspraken.all(), key=lambda a: a.volgorde),
            "form": form,
            "al_gemeld": activiteit.voortgang.exists(),
        },
    )
