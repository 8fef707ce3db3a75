"""What the delivery and drill-down pages of woonruimte and verduurzaming share: who may see
detail pages, import errors as rows for the template, downloads, and paging."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse

from prestatiemonitor.afspraken.exporters import Export
from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.jaarschijven.permissions import ziet_lopend

PER_PAGINA = 100


def detail_kader(request: HttpRequest, slug: str):
    """The kader of a detail page (drill-down, deliveries, export): anonymous visitors log in
    first (``login_required``), and for whoever is not a party of the kader the page does not
    exist (404): the detail rows and the counts of others are for the parties only."""
    kader = visible_kader_or_404(request.user, slug)
    if not ziet_lopend(request.user, kader):
        raise Http404("Deze pagina is alleen voor de partijen van het afsprakenkader.")
    return kader


@dataclass(frozen=True)
class FoutRegel:
    """One import error for the page: where (file, sheet, row, column) and what."""

    plaats: str
    melding: str


class Fouten:
    """The errors of an ImportFouten (woonruimte's or verduurzaming's ``Fout``) for the page:
    ``bestand`` when all are in one file (the heading names it once), and one ``FoutRegel``
    per error (its place without that file name)."""

    def __init__(self, fouten):
        fouten = list(fouten)
        bestanden = {getattr(f, "bestand", "") or "" for f in fouten}
        self.bestand = bestanden.pop() if len(bestanden) == 1 else ""
        self.regels = [self._regel(f, met_bestand=not self.bestand) for f in fouten]

    @staticmethod
    def _regel(f, *, met_bestand: bool) -> FoutRegel:
        plaats = [getattr(f, "bestand", "") or ""] if met_bestand else []
        if f.blad:
            plaats.append(f"blad {f.blad}")
        if f.rij is not None:
            plaats.append(f"rij {f.rij}")
        if f.kolom:
            plaats.append(f"kolom {f.letter} ({f.kolom})" if f.letter else f"kolom {f.kolom}")
        tekst = ", ".join(p for p in plaats if p)
        return FoutRegel(tekst[:1].upper() + tekst[1:], f.melding)

    def __iter__(self):
        return iter(self.regels)

    def __len__(self) -> int:
        return len(self.regels)


def fout_regels(fouten) -> Fouten:
    return Fouten(fouten)


def download(bestand: Export) -> HttpResponse:
    response = HttpResponse(bestand.inhoud, content_type=bestand.content_type)
    response["Content-Disposition"] = f'attachment; filename="{bestand.bestandsnaam}"'
    return response


def pagina(request: HttpRequest, qs, per_pagina: int = PER_PAGINA) -> tuple[Page, str]:
    """The page of ``qs`` asked for (``?pagina=``; a wrong number gives the nearest page) and
    the query string of the other parameters, to build the links to other pages."""
    page = Paginator(qs, per_pagina).get_page(request.GET.get("pagina"))
    overig = urlencode([(k, v) for k, v in request.GET.items() if k != "pagina"])
    return page, overig


def menu(user, kader) -> dict[str, bool]:
    """Which delivery pages the sub-navigation offers: ``kan_woondata`` (lettings and the
    figures: a corporation or the gemeente) and ``kan_voorraad`` (the stock: a corporation)."""
    from prestatiemonitor.organisaties.constants import OrganisatieSoort

    from ..permissions import mag_aanleveren, partijen

    soorten = (OrganisatieSoort.WONINGCORPORATIE, OrganisatieSoort.GEMEENTE)
    mag = {o.pk: mag_aanleveren(user, kader, o) for o in partijen(kader) if o.soort in soorten}
    return {
        "kan_woondata": any(mag.values()),
        "kan_voorraad": any(
            mag[o.pk] for o in partijen(kader) if o.soort == OrganisatieSoort.WONINGCORPORATIE
        ),
    }
