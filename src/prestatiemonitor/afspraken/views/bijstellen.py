"""Amend one afspraak through a recorded decision: form → ``afspraak_bijstellen`` → afspraak page.

Access (tested in tests/test_permission_matrix.py): anonymous → login; a kader the user may not
read → 404; may read but not manage → 403; beheerder of the gemeente or site administrator →
the form. Whatever the user typed is shown again after any refusal, including when someone else
changed the afspraak in the meantime (then with the current version next to it).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from prestatiemonitor.config.db import bij_bezette_database

from .. import permissions, selectors
from ..bijstelling import CONFLICT, afspraak_bijstellen, afspraak_versie
from ..constants import AfspraakSoort
from ..forms import AfspraakBijstelForm
from .register import brondocument_url


def _huidig(request: HttpRequest, kader, soort: str, nummer: str) -> selectors.HuidigeAfspraak:
    try:
        return selectors.afspraak_huidig(user=request.user, kader=kader, soort=soort, nummer=nummer)
    except ObjectDoesNotExist:
        raise Http404("Deze afspraak bestaat niet.") from None


def _beginwaarden(huidig: selectors.HuidigeAfspraak) -> dict:
    afspraak = huidig.afspraak
    return {
        "tekst": afspraak.tekst,
        "partijen": [link.organisatie_id for link in huidig.partij_links],
        **{f"rol_{link.organisatie_id}": link.rol for link in huidig.partij_links},
        "trekker": afspraak.trekker_id or "",
        "jaar": afspraak.jaar,
        "termijn": afspraak.termijn,
        "versie": afspraak_versie(afspraak),
    }


def _bijstellen(request: HttpRequest, kader: str, nummer: str, soort: str) -> HttpResponse:
    kader_obj = permissions.visible_kader_or_404(request.user, kader)
    if not permissions.can_amend_kader(request.user, kader_obj):
        raise PermissionDenied("Alleen een beheerder van de gemeente mag een afspraak bijstellen.")
    huidig = _huidig(request, kader_obj, soort, nummer)
    conflict = False
    if request.method == "POST":
        form = AfspraakBijstelForm(request.POST, partijen=huidig.partijen)
        if form.is_valid():
            gegevens = form.cleaned_data
            bijgesteld = False
            # a busy SQLite database: the form comes back with a Dutch message and all input
            with bij_bezette_database(form) as poging:
                try:
                    afspraak_bijstellen(
                        afspraak=huidig.afspraak,
                        tekst=gegevens["tekst"],
                        partijen=gegevens["partijen"],
                        rollen=form.rollen(),
                        trekker=gegevens["trekker"],
                        jaar=gegevens["jaar"],
                        termijn=gegevens["termijn"],
                        reden=gegevens["reden"],
                        datum=gegevens["datum"],
                        besloten_in=gegevens["besloten_in"],
                        versie=gegevens["versie"],
                        acting_user=request.user,
                    )
                except ValidationError as exc:
                    if getattr(exc, "code", None) == CONFLICT:
                        # Keep everything the user typed, but from now on against the current
                        # version: they have seen it, so their next confirmation is a decision.
                        conflict = True
                        huidig = _huidig(request, kader_obj, soort, nummer)
                        data = request.POST.copy()
                        data["versie"] = afspraak_versie(huidig.afspraak)
                        form = AfspraakBijstelForm(data, partijen=huidig.partijen)
                        form.is_valid()
                    form.add_error(None, exc)
                else:
                    bijgesteld = True
            if bijgesteld and poging.gelukt:
                messages.success(
                    request,
                    f"{huidig.afspraak} is bijgesteld. De bijstelling staat hieronder en bij de "
                    "bijstellingen van het kader; de vorige tekst staat in de geschiedenis.",
                )
                naam = (
                    "afspraken:systematiek"
                    if soort == AfspraakSoort.SYSTEMATIEK
                    else "afspraken:afspraak"
                )
                return redirect(naam, kader=kader_obj.slug, nummer=huidig.afspraak.nummer)
    else:
        form = AfspraakBijstelForm(initial=_beginwaarden(huidig), partijen=huidig.partijen)

    tekstdiff = None
    if conflict and form["tekst"].value() and form["tekst"].value() != huidig.afspraak.tekst:
        tekstdiff = selectors.woorddiff(huidig.afspraak.tekst, form["tekst"].value())
    veldfouten = [
        (form[naam], fout)
        for naam, fouten in form.errors.items()
        if naam != "__all__"
        for fout in fouten
    ]
    return render(
        request,
        "afspraken/afspraak_bijstellen.html",
        {
            "kader": kader_obj,
            "nav_actief": "afspraken",
            "kan_beheren": True,
            "brondocument_url": brondocument_url(kader_obj),
            "huidig": huidig,
            "afspraak": huidig.afspraak,
            "form": form,
            "conflict": conflict,
            "tekstdiff": tekstdiff,
            "veldfouten": veldfouten,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def afspraak_bijstellen_view(request: HttpRequest, kader: str, nummer: str) -> HttpResponse:
    return _bijstellen(request, kader, nummer, AfspraakSoort.STRATEGISCH)


@login_required
@require_http_methods(["GET", "POST"])
def systematiek_bijstellen_view(request: HttpRequest, kader: str, nummer: str) -> HttpResponse:
    return _bijstellen(request, kader, nummer, AfspraakSoort.SYSTEMATIEK)
