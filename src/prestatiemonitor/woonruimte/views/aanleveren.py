"""Delivering woonruimte files on the website, the deliveries, and the export
(the file formats: woonruimte/uitwisseling.py; docs/woonruimte.md "Aanleveren via de website").

- ``aanleveren``: whoever delivers woondata for a party of the kader (``woondata.aanleveren``;
  403 otherwise, the login page for anonymous visitors). The form offers only the kinds the
  user may deliver; the import checks every row (a corporation delivers only its own
  lettings). Errors: every one listed, nothing written, the form keeps its choices. Success:
  a message with what was written and a redirect (PRG) to the deliveries.
- ``aanleveringen`` and ``export``: detail pages, for the parties only (``hulp.detail_kader``);
  each shows and exports only what the user sees in detail (``in_detail``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.organisaties.constants import OrganisatieSoort

from .. import uitwisseling
from ..constants import Soort
from ..forms import AanleverForm
from ..kolommen import UITLEG
from ..models import Aanlevering
from ..permissions import corporaties, gemeente_organisatie, mag_aanleveren, partijen
from .hulp import detail_kader, download, fout_regels, menu, pagina

NAV = "beschikbaarheid"
FORMATEN = ("csv", "xlsx")


def soorten_voor(user, kader) -> list[Soort]:
    """The kinds ``user`` may deliver in this kader (as ``uitwisseling._mag_soort`` decides)."""
    soorten = []
    if any(mag_aanleveren(user, kader, o) for o in corporaties(kader)):
        soorten.append(Soort.TOEWIJZINGEN)
    if namens_voor(user, kader):
        soorten.append(Soort.WONINGZOEKENDEN)
    gemeente = gemeente_organisatie(kader)
    if gemeente is not None and mag_aanleveren(user, kader, gemeente):
        soorten += [Soort.TAAKSTELLING, Soort.VOORRAAD]
    return soorten


def namens_voor(user, kader) -> list:
    """On whose behalf ``user`` may deliver woningzoekenden figures: the corporations and the
    gemeente of the kader the user delivers for."""
    soorten = (OrganisatieSoort.WONINGCORPORATIE, OrganisatieSoort.GEMEENTE)
    return [o for o in partijen(kader) if o.soort in soorten and mag_aanleveren(user, kader, o)]


@login_required
def aanleveren(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    soorten = soorten_voor(request.user, kader_obj)
    if not soorten:
        raise PermissionDenied(
            "U levert geen gegevens aan voor dit afsprakenkader; dat doen de corporaties en de "
            "gemeente (redacteuren en beheerders)."
        )
    namens = namens_voor(request.user, kader_obj) if Soort.WONINGZOEKENDEN in soorten else []
    maximum = settings.WOONRUIMTE_IMPORT_MAX_BYTES
    form = AanleverForm(
        request.POST or None,
        request.FILES or None,
        soorten=soorten,
        namens=namens,
        max_mb=maximum // (1024 * 1024),
        initial={"soort": request.GET.get("soort", "")},
    )
    fouten = []
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        soort = form.cleaned_data["soort"]
        organisatie = None
        if soort == Soort.WONINGZOEKENDEN and form.cleaned_data.get("organisatie"):
            organisatie = next(o for o in namens if o.pk == form.cleaned_data["organisatie"])
        if bestand.size > maximum:
            form.add_error("bestand", f"Het bestand is groter dan {maximum // (1024 * 1024)} MB.")
        else:
            try:
                resultaat = uitwisseling.importeren(
                    kader=kader_obj,
                    soort=soort,
                    data=bestand.read(),
                    bestandsnaam=bestand.name,
                    acting_user=request.user,
                    organisatie=organisatie,
                )
            except uitwisseling.ImportFouten as exc:
                fouten = fout_regels(exc.fouten)
            except PermissionDenied as exc:
                form.add_error(None, f"{exc} Er is niets opgeslagen.")
            else:
                if resultaat.leeg:
                    messages.info(
                        request,
                        f"{bestand.name}: niets gewijzigd, deze gegevens waren al aangeleverd "
                        f"({resultaat.samenvatting}).",
                    )
                else:
                    messages.success(
                        request, f"{bestand.name} aangeleverd: {resultaat.samenvatting}."
                    )
                return redirect("woonruimte:aanleveringen", kader_obj.slug)
    return render(
        request,
        "woonruimte/aanleveren.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "sub": "aanleveren",
            "form": form,
            "fouten": fouten,
            "uitleg": [(s, UITLEG[s]) for s in soorten],
            **menu(request.user, kader_obj),
        },
    )


@login_required
def aanleveringen(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = detail_kader(request, kader)
    qs = (
        Aanlevering.objects.in_detail(request.user)
        .filter(kader=kader_obj)
        .select_related("organisatie", "vervangen_door")
        .order_by("-aangeleverd_op", "-pk")
    )
    page, overig = pagina(request, qs)
    return render(
        request,
        "woonruimte/aanleveringen.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "sub": "aanleveringen",
            "pagina": page,
            "overig": overig,
            **menu(request.user, kader_obj),
            "exports": [(s, FORMATEN) for s in Soort],
        },
    )


@login_required
def export(request: HttpRequest, kader: str, soort: str, formaat: str) -> HttpResponse:
    """What the user sees in detail of one kind, in the import's columns; ``?sjabloon=1``: the
    empty template (the header only)."""
    kader_obj = detail_kader(request, kader)
    if soort not in Soort.values or formaat not in FORMATEN:
        raise Http404("Onbekende soort of onbekend formaat; kies csv of xlsx.")
    return download(
        uitwisseling.exporteren(
            kader=kader_obj,
            soort=soort,
            formaat=formaat,
            user=request.user,
            leeg=request.GET.get("sjabloon") == "1",
        )
    )
