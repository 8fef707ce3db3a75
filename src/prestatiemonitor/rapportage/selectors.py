"""Reading: the reports of a peilmoment that a user may see, per variant."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from prestatiemonitor.jaarschijven.models import Peilmoment

from .constants import RapportStatus, RapportVariant
from .models import Rapport


@dataclass
class Variantstand:
    variant: str
    label: str
    huidig: Rapport | None = None  # the newest klaar version
    lopend: Rapport | None = None  # queued or being made
    mislukt: Rapport | None = None  # the newest attempt, if it failed
    geschiedenis: list[Rapport] = field(default_factory=list)  # older klaar versions

    @property
    def leeg(self) -> bool:
        return not (self.huidig or self.lopend or self.mislukt)


def rapporten(*, user, peilmoment: Peilmoment) -> list[Variantstand]:
    """Per variant the user may see: the current report, the one being made, a failed last
    attempt and the history (newest first). One query."""
    rijen = list(
        Rapport.objects.visible_to(user)
        .filter(peilmoment=peilmoment)
        .select_related("gemaakt_door", "kader", "peilmoment__jaarschijf")
        .order_by("variant", "-versie")
    )
    standen = []
    for variant in RapportVariant:
        eigen = [r for r in rijen if r.variant == variant.value]
        stand = Variantstand(variant.value, str(variant.label))
        klaar = [r for r in eigen if r.status == RapportStatus.KLAAR]
        if klaar:
            stand.huidig, stand.geschiedenis = klaar[0], klaar[1:]
        stand.lopend = next((r for r in eigen if r.is_lopend), None)
        if eigen and eigen[0].status == RapportStatus.MISLUKT:
            stand.mislukt = eigen[0]
        standen.append(stand)
    return standen


def heeft_rapporten(*, user, peilmoment: Peilmoment) -> bool:
    return (
        Rapport.objects.visible_to(user)
        .filter(peilmoment=peilmoment, status=RapportStatus.KLAAR)
        .exists()
    )


def rapport_or_404(user, kader, pk: int) -> Rapport:
    """A finished report of this kader that the user may see; 404 otherwise."""
    rapport = (
        Rapport.objects.visible_to(user)
        .select_related("kader", "peilmoment__jaarschijf")
        .filter(kader=kader, pk=pk, status=RapportStatus.KLAAR)
        .first()
    )
    if rapport is None:
        raise Http404("Deze rapportage bestaat niet of is niet voor u zichtbaar.")
    return rapport


# ---------------------------------------------------------------------------------------------
# The public monitor (docs/monitor.md): what anyone sees without logging in, whoever asks.


def openbare_peilmomenten(*, kader) -> list[Peilmoment]:
    """The closed peilmomenten of this kader that an anonymous visitor may see (a published
    kader, a vastgestelde jaarschijf), oldest first; empty for a kader that is not published."""
    from django.contrib.auth.models import AnonymousUser

    from prestatiemonitor.jaarschijven import selectors as jaarschijf_selectors

    return [
        p
        for p in jaarschijf_selectors.peilmomenten(user=AnonymousUser(), kader=kader)
        if p.is_gesloten
    ]


def openbare_rapporten(*, peilmoment: Peilmoment) -> Variantstand:
    """The openbaar reports of this peilmoment as an anonymous visitor may download them: the
    current version and the older ones."""
    from django.contrib.auth.models import AnonymousUser

    return next(
        s
        for s in rapporten(user=AnonymousUser(), peilmoment=peilmoment)
        if s.variant == RapportVariant.OPENBAAR
    )
