"""Reminders and notices by e-mail, sent through the background task mechanism (django-tasks).

Every message is first written as a ``Herinnering`` row with a key that says what it is about
(``overleg:<uid>:<datum>``, ``deadline:<peilmoment>:<datum>``, ``wijziging:<uid>:<sequence>``,
…) and the address; the unique (key, address) pair makes sending idempotent: a second run of
``herinneringen_plannen``, also after a restart or on a second worker, finds the rows and queues
nothing, and the task sends a row only while ``verzonden_op`` is empty.

- ``herinneringen_plannen(vandaag=…)``: run daily (``prestatiemonitor herinneringen``, cron or a
  scheduler): reminders before published meetings (with the agenda), before the deadline of an
  open peilmoment, and before the deadline of an open action item.
- ``planning_melden`` / ``wijziging_melden``: called by the services when a planning is
  published and when a published meeting is moved or cancelled.
- ``onverzonden_versturen()``: queues again what stayed unsent (a lost or failed task); the
  daily command runs it after ``herinneringen_plannen``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from prestatiemonitor.afspraken.weergave import datum
from prestatiemonitor.jaarschijven.constants import PeilmomentStatus
from prestatiemonitor.jaarschijven.models import Peilmoment
from prestatiemonitor.organisaties.models import Organisatie, User
from prestatiemonitor.organisaties.permissions import VOORTGANG_RAPPORTEREN, rollen_met

from .constants import ActiepuntStatus, HerinneringSoort, OverlegStatus, PlanningStatus
from .models import Actiepunt, Herinnering, Jaarplanning, Overleg, Overleginstellingen


def _adressen(organisaties, *, capability: str | None = None) -> list[str]:
    """The e-mail addresses of the active members of these organisations (optionally only the
    members whose role grants ``capability``)."""
    from django.db.models import Q

    lidmaatschap = Q(lidmaatschappen__organisatie__in=organisaties)
    if capability is not None:
        rollen = Q(pk__in=[])
        for soort, rol in rollen_met(capability):
            rollen |= Q(lidmaatschappen__organisatie__soort=soort, lidmaatschappen__rol=rol)
        # One filter() call, so that organisation and role are those of the same membership
        # (two calls would join lidmaatschappen twice: a lezer here who is a beheerder
        # elsewhere would pass).
        lidmaatschap &= rollen
    qs = User.objects.filter(lidmaatschap, is_active=True).exclude(email="")
    return sorted(set(qs.values_list("email", flat=True)))


def datum_lang(d: dt.date) -> str:
    return datum(d, "l j F Y")


def _url(pad: str) -> str:
    return settings.SITE_URL.rstrip("/") + pad


@dataclass
class Bericht:
    sleutel: str
    soort: str
    onderwerp: str
    tekst: str
    kader_id: int | None


def _vastleggen(bericht: Bericht, adressen: list[str]) -> list[int]:
    """Write one row per address that has no row for this key yet; return the new ids."""
    nieuw = []
    for adres in adressen:
        try:
            with transaction.atomic():
                rij = Herinnering.objects.create(
                    sleutel=bericht.sleutel[:200],
                    ontvanger=adres,
                    soort=bericht.soort,
                    onderwerp=bericht.onderwerp[:300],
                    tekst=bericht.tekst,
                    kader_id=bericht.kader_id,
                )
        except IntegrityError:  # already there: sent or queued before
            continue
        nieuw.append(rij.pk)
    return nieuw


def _versturen_na_commit(ids: list[int]) -> None:
    from .tasks import herinnering_versturen

    def inplannen(pk: int) -> None:
        transaction.on_commit(lambda: herinnering_versturen.enqueue(pk))

    for pk in ids:
        inplannen(pk)


def versturen(pk: int) -> bool:
    """Send one queued message (the task's body). Sends nothing when it was sent already;
    marks it sent in the same transaction that locks it."""
    from django.core.mail import send_mail

    with transaction.atomic():
        # Claim the row with one conditional UPDATE before sending: of two workers with the
        # same row only one gets 1 back, also on SQLite, where select_for_update() is a no-op.
        # If the mail fails, the transaction rolls back and the row stays unsent.
        rij = Herinnering.objects.filter(
            pk=pk, verzonden_op__isnull=True, vervallen_op__isnull=True
        ).first()
        if rij is None:
            return False
        if not nog_geldig(rij):
            Herinnering.objects.filter(pk=pk).update(vervallen_op=timezone.now())
            return False
        if not Herinnering.objects.filter(
            pk=pk, verzonden_op__isnull=True, vervallen_op__isnull=True
        ).update(verzonden_op=timezone.now()):
            return False
        send_mail(rij.onderwerp, rij.tekst, settings.DEFAULT_FROM_EMAIL, [rij.ontvanger])
    return True


def nog_geldig(rij: Herinnering) -> bool:
    """Whether a queued reminder still says what is true: the meeting is still planned on that
    date, the peilmoment still open with that deadline, the action item still
    open with that deadline. A notice of a change or a publication always holds."""
    soort, _, rest = rij.sleutel.partition(":")
    sleutel, _, datum = rest.rpartition(":")
    try:
        dag = dt.date.fromisoformat(datum)
    except ValueError:
        return True
    if soort == "overleg":
        return Overleg.objects.filter(
            uid=sleutel,
            datum=dag,
            status=OverlegStatus.GEPLAND,
            planning__status=PlanningStatus.GEPUBLICEERD,
        ).exists()
    if soort == "deadline":
        return Peilmoment.objects.filter(
            pk=sleutel, deadline=dag, status=PeilmomentStatus.OPEN
        ).exists()
    if soort == "actiepunt":
        return Actiepunt.objects.filter(
            uid=sleutel, deadline=dag, status=ActiepuntStatus.OPEN
        ).exists()
    return True


def onverzonden_versturen(*, ouder_dan: dt.timedelta = dt.timedelta(hours=1)) -> int:
    """Queue again the messages that were written more than ``ouder_dan`` ago and are still
    unsent: their task was lost (a worker stopped) or failed (the mail server was down; the
    immediate backend swallows the error). ``versturen`` sends each at most once. Run daily
    with ``herinneringen_plannen`` (``prestatiemonitor herinneringen``)."""
    grens = timezone.now() - ouder_dan
    ids = list(
        Herinnering.objects.filter(
            verzonden_op__isnull=True, vervallen_op__isnull=True, aangemaakt_op__lt=grens
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        _versturen_na_commit(ids)
    return len(ids)


# ---------------------------------------------------------------------------------------------
# Texts


def _tijd(overleg: Overleg) -> str:
    return f"{datum_lang(overleg.datum)}, {overleg.aanvang:%H:%M}–{overleg.einde:%H:%M}" + (
        f", {overleg.locatie}" if overleg.locatie else ""
    )


def _agenda_tekst(overleg: Overleg) -> str:
    regels = [f"{i}. {p.titel}" for i, p in enumerate(overleg.agendapunten.order_by("volgorde"), 1)]
    return "\n".join(regels) if regels else "(nog geen agendapunten)"


def overleg_url(overleg: Overleg) -> str:
    return _url(reverse("overleg:overleg", args=[overleg.kader.slug, overleg.pk]))


def _deelnemers(overleg: Overleg):
    from .selectors import deelnemers

    return deelnemers(overleg)


# ---------------------------------------------------------------------------------------------
# Notices sent by the services


def planning_melden(planning: Jaarplanning) -> int:
    """Tell every participant of each meeting to come that the year's planning is published
    (meetings already past are not announced)."""
    overleggen = list(
        planning.overleggen.filter(datum__gte=timezone.localdate())
        .select_related("overlegvorm", "kader")
        .order_by("datum", "aanvang")
    )
    per_adres: dict[str, list[Overleg]] = {}
    for overleg in overleggen:
        for adres in _adressen(_deelnemers(overleg)):
            per_adres.setdefault(adres, []).append(overleg)
    ids = []
    for adres, eigen in per_adres.items():
        tekst = (
            f"De gemeente heeft de overleggen van {planning.jaar} gepland "
            f"({planning.kader.titel}). U neemt deel aan:\n\n"
            + "\n".join(f"- {o.titel}: {_tijd(o)}" for o in eigen)
            + "\n\nZet ze in uw agenda met een agenda-abonnement: "
            + _url(reverse("agenda:beheer"))
            + "\n"
        )
        ids += _vastleggen(
            Bericht(
                sleutel=f"planning:{planning.pk}",
                soort=HerinneringSoort.PLANNING,
                onderwerp=f"Overleggen {planning.jaar} gepland: {planning.kader.titel}",
                tekst=tekst,
                kader_id=planning.kader_id,
            ),
            [adres],
        )
    _versturen_na_commit(ids)
    return len(ids)


def wijziging_melden(overleg: Overleg) -> int:
    """A published meeting was moved or cancelled: tell its participants (once per version)."""
    if overleg.status == OverlegStatus.AFGELAST:
        onderwerp = f"Afgelast: {overleg.titel} van {datum_lang(overleg.datum)}"
        tekst = (
            f"Het {overleg.overlegvorm.naam} van {datum_lang(overleg.datum)} gaat niet door.\n"
            f"Reden: {overleg.reden_wijziging}\n"
        )
    else:
        onderwerp = f"Gewijzigd: {overleg.titel}, nu {datum_lang(overleg.datum)}"
        tekst = (
            f"Het {overleg.overlegvorm.naam} is gewijzigd en is nu op {_tijd(overleg)}.\n"
            f"Reden: {overleg.reden_wijziging}\n"
        )
    tekst += f"\n{overleg_url(overleg)}\n"
    ids = _vastleggen(
        Bericht(
            sleutel=f"wijziging:{overleg.uid}:{overleg.sequence}",
            soort=HerinneringSoort.WIJZIGING,
            onderwerp=onderwerp,
            tekst=tekst,
            kader_id=overleg.kader_id,
        ),
        _adressen(_deelnemers(overleg)),
    )
    _versturen_na_commit(ids)
    return len(ids)


# ---------------------------------------------------------------------------------------------
# The daily run


def _dagen(kader_id: int, cache: dict[int, int]) -> int:
    if kader_id not in cache:
        inst = Overleginstellingen.objects.filter(kader_id=kader_id).first()
        cache[kader_id] = inst.herinnering_dagen if inst else 7
    return cache[kader_id]


@transaction.atomic
def herinneringen_plannen(*, vandaag: dt.date | None = None) -> dict[str, int]:
    """Queue the reminders that are due on ``vandaag`` (default: today). Returns the number of
    new messages per kind; a second call on the same day returns zeros."""
    vandaag = vandaag or timezone.localdate()
    dagen: dict[int, int] = {}
    telling = {"overleg": 0, "deadline": 0, "actiepunt": 0}
    ids: list[int] = []

    horizon = vandaag + dt.timedelta(days=60)
    for overleg in (
        Overleg.objects.filter(
            planning__status=PlanningStatus.GEPUBLICEERD,
            status=OverlegStatus.GEPLAND,
            datum__gte=vandaag,
            datum__lte=horizon,
        )
        .select_related("overlegvorm", "kader")
        .order_by("datum")
    ):
        if (overleg.datum - vandaag).days > _dagen(overleg.kader_id, dagen):
            continue
        nieuw = _vastleggen(
            Bericht(
                sleutel=f"overleg:{overleg.uid}:{overleg.datum.isoformat()}",
                soort=HerinneringSoort.OVERLEG,
                onderwerp=f"Herinnering: {overleg.titel} op {datum_lang(overleg.datum)}",
                tekst=f"{overleg.titel} ({overleg.kader.titel})\n{_tijd(overleg)}\n\n"
                f"Agenda:\n{_agenda_tekst(overleg)}\n\nStukken en details: "
                f"{overleg_url(overleg)}\n",
                kader_id=overleg.kader_id,
            ),
            _adressen(_deelnemers(overleg)),
        )
        telling["overleg"] += len(nieuw)
        ids += nieuw

    for pm in Peilmoment.objects.filter(
        status=PeilmomentStatus.OPEN, deadline__gte=vandaag, deadline__lte=horizon
    ).select_related("jaarschijf__kader"):
        kader = pm.jaarschijf.kader
        if (pm.deadline - vandaag).days > _dagen(kader.pk, dagen):
            continue
        organisaties = Organisatie.objects.filter(partij_set__kader=kader)
        nieuw = _vastleggen(
            Bericht(
                sleutel=f"deadline:{pm.pk}:{pm.deadline.isoformat()}",
                soort=HerinneringSoort.DEADLINE,
                onderwerp=f"Herinnering: voortgang melden vóór {datum_lang(pm.deadline)}",
                tekst=f"De uiterste meldingsdatum van {pm.naam} ({kader.titel}) is "
                f"{datum_lang(pm.deadline)}.\nMeld de voortgang van de activiteiten van uw "
                "organisatie: "
                + _url(reverse("jaarschijven:peilmoment", args=[kader.slug, pm.code]))
                + "\n",
                kader_id=kader.pk,
            ),
            _adressen(organisaties, capability=VOORTGANG_RAPPORTEREN),
        )
        telling["deadline"] += len(nieuw)
        ids += nieuw

    for actie in Actiepunt.objects.filter(
        status=ActiepuntStatus.OPEN,
        deadline__gte=vandaag,
        deadline__lte=horizon,
        overleg__planning__status=PlanningStatus.GEPUBLICEERD,
    ).select_related("overleg__kader", "overleg__overlegvorm", "eigenaar"):
        kader = actie.overleg.kader
        if (actie.deadline - vandaag).days > _dagen(kader.pk, dagen):
            continue
        nieuw = _vastleggen(
            Bericht(
                sleutel=f"actiepunt:{actie.uid}:{actie.deadline.isoformat()}",
                soort=HerinneringSoort.ACTIEPUNT,
                onderwerp=f"Herinnering: actiepunt voor {actie.eigenaar} vóór "
                f"{datum_lang(actie.deadline)}",
                tekst=f"Actiepunt uit het {actie.overleg.titel} van "
                f"{datum_lang(actie.overleg.datum)}:\n{actie.omschrijving}\n\nDeadline: "
                f"{datum_lang(actie.deadline)}\n{overleg_url(actie.overleg)}\n",
                kader_id=kader.pk,
            ),
            _adressen([actie.eigenaar]),
        )
        telling["actiepunt"] += len(nieuw)
        ids += nieuw
    _versturen_na_commit(ids)
    return telling
