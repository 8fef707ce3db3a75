"""Amending one afspraak through a recorded decision (a bijstelling), the write behind the form.

The document import records a bijstelling when a changed version of the whole document is
imported (``importer/services.py``); this service records a single decided change directly,
e.g. "the bestuurlijk overleg breed amends afspraak 7". Both write the same
``Bijstelling.wijzigingen`` format (``Wijziging.as_dict()``), so the register pages show either.

Concurrent edits are detected, not overwritten: the form carries the *versie* of the afspraak
it was filled from (``afspraak_versie``), and the service refuses to write when the afspraak
has changed since.
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.organisaties.models import Organisatie

from . import permissions
from .constants import AfspraakSoort, PartijHerkenning
from .importer.recognition import BegripMatcher
from .importer.services import GEWIJZIGD, Wijziging
from .models import Afspraak, AfspraakPartij, Bijstelling

JAAR_MIN = 1990
JAAR_MAX = 2100

# The history table's column for the reason is 100 characters; the full reason is in the
# Bijstelling.
_HISTORIE_REDEN_MAX = 100

CONFLICT = "conflict"
ONGEWIJZIGD = "ongewijzigd"


def _versie_van(*, tekst: str, partijen: Iterable[int], trekker: int | None, jaar, termijn) -> str:
    gezien = {
        "tekst": tekst,
        "partijen": sorted(partijen),
        "trekker": trekker,
        "jaar": jaar,
        "termijn": termijn,
    }
    return hashlib.sha256(json.dumps(gezien, sort_keys=True).encode()).hexdigest()[:32]


def afspraak_versie(afspraak: Afspraak) -> str:
    """Fingerprint of what the form lets a user change (text, parties, trekker, jaar, termijn).

    Read from the database, so that a change by someone else (or by an import, which may change
    only the parties and so leaves no history row) gives a different versie.
    """
    return _versie_van(
        tekst=afspraak.tekst,
        partijen=AfspraakPartij.objects.filter(afspraak=afspraak).values_list(
            "organisatie_id", flat=True
        ),
        trekker=afspraak.trekker_id,
        jaar=afspraak.jaar,
        termijn=afspraak.termijn,
    )


def jaar_fout(jaar: int | None) -> str | None:
    """The refusal of a year outside the sane range (also used by the form)."""
    if jaar is not None and not (JAAR_MIN <= jaar <= JAAR_MAX):
        return f"Vul een jaar tussen {JAAR_MIN} en {JAAR_MAX} in, of laat het leeg."
    return None


def trekker_fout(trekker_id: int | None, partij_ids: Iterable[int]) -> str | None:
    """The refusal of a trekker that is not one of the afspraak's parties (also the form's)."""
    if trekker_id is not None and trekker_id not in set(partij_ids):
        return (
            "De trekker moet een van de betrokken partijen zijn: vink die partij ook aan, of "
            "kies ‘Geen trekker’."
        )
    return None


def _org_id(value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, Organisatie):
        return value.pk
    return int(value)


def _namen(ids: Iterable[int], aanduidingen: dict[int, str]) -> str:
    # Same as the importer: the short names the document uses, alphabetical.
    return ", ".join(sorted(aanduidingen.get(i, str(i)) for i in ids)) or "—"


def _toon(waarde) -> str:
    return "—" if waarde in (None, "") else str(waarde)


@transaction.atomic
def afspraak_bijstellen(
    *,
    afspraak: Afspraak,
    tekst: str,
    partijen: Iterable[Organisatie | int],
    trekker: Organisatie | int | None,
    jaar: int | None,
    termijn: str,
    reden: str,
    datum: date,
    besloten_in: str,
    versie: str,
    acting_user,
) -> Bijstelling:
    """Change the afspraak as decided, and record the decision as a Bijstelling.

    Only a beheerder of the kader's gemeente or a site administrator may do this. The afspraak
    is updated in place, so its history keeps the old text, with the reason and the acting
    user. Raises ValidationError (field errors keyed by the arguments' names) without writing
    anything when the input is not valid, when nothing changes (code ``ongewijzigd``) or when
    the afspraak changed since ``versie`` was read (code ``conflict``).
    """
    kader = afspraak.kader
    permissions.check_capability(
        acting_user,
        permissions.AFSPRAAK_BIJSTELLEN,
        kader=kader,
        melding="Alleen een beheerder van de gemeente mag een afspraak bijstellen.",
    )

    # Lock the row (PostgreSQL): two confirmations at the same moment are handled one after the
    # other, and the second one sees the first one's change. SQLite has no row locks; there the
    # second of two simultaneous writers fails with "database is locked" rather than overwrite.
    afspraak = Afspraak.objects.select_for_update().get(pk=afspraak.pk)
    huidige_versie = afspraak_versie(afspraak)
    if versie != huidige_versie:
        raise ValidationError(
            f"{afspraak} is gewijzigd sinds u het formulier opende, door iemand anders of in "
            "een ander venster. Uw bijstelling is niet opgeslagen, zodat die wijziging niet "
            "ongemerkt verloren gaat.",
            code=CONFLICT,
        )

    aanduidingen = dict(kader.partij_set.values_list("organisatie_id", "aanduiding"))
    fouten: dict[str, list[str]] = {}

    tekst = (tekst or "").replace("\r\n", "\n").strip()
    if not tekst:
        fouten["tekst"] = ["Vul de tekst van de afspraak in."]

    partij_ids: list[int] = []
    for partij in partijen or []:
        org_id = _org_id(partij)
        if org_id not in partij_ids:
            partij_ids.append(org_id)
    vreemd = [i for i in partij_ids if i not in aanduidingen]
    if vreemd:
        namen = ", ".join(
            Organisatie.objects.filter(pk__in=vreemd)
            .order_by("naam")
            .values_list("naam", flat=True)
        )
        fouten["partijen"] = [
            f"Geen partij van dit afsprakenkader: {namen or 'onbekende organisatie'}. Kies "
            "alleen partijen die de afspraken hebben ondertekend."
        ]

    trekker_id = _org_id(trekker)
    if fout := trekker_fout(trekker_id, partij_ids):
        fouten["trekker"] = [fout]

    if fout := jaar_fout(jaar):
        fouten["jaar"] = [fout]

    termijn = (termijn or "").strip()
    if len(termijn) > 200:
        fouten["termijn"] = ["De termijn is te lang: hoogstens 200 tekens."]

    reden = (reden or "").replace("\r\n", "\n").strip()
    if not reden:
        fouten["reden"] = ["Geef de reden van de bijstelling op."]

    if datum is None:
        fouten["datum"] = ["Vul de datum van het besluit in."]
    elif datum > timezone.localdate():
        fouten["datum"] = ["De datum van het besluit ligt in de toekomst."]
    elif kader.ondertekend_op and datum < kader.ondertekend_op:
        # Mostly a typing error (0026 for 2026, 2015 for 2025): an amendment is decided after
        # the agreements were signed.
        fouten["datum"] = [
            "De datum van het besluit ligt vóór de ondertekening van de afspraken op "
            f"{date_format(kader.ondertekend_op, 'j F Y')}. Controleer het jaar."
        ]
    elif datum.year < JAAR_MIN:
        fouten["datum"] = [f"Vul een datum na {JAAR_MIN} in. Controleer het jaar."]

    besloten_in = (besloten_in or "").strip()
    if not besloten_in:
        fouten["besloten_in"] = ["Vul in waar het besluit is genomen."]
    elif len(besloten_in) > 200:
        fouten["besloten_in"] = ["Hoogstens 200 tekens."]

    if fouten:
        raise ValidationError(fouten)

    oude_partijen = set(afspraak.partij_links.values_list("organisatie_id", flat=True))
    oud = {
        "tekst": afspraak.tekst,
        "partijen": oude_partijen,
        "trekker": afspraak.trekker_id,
        "jaar": afspraak.jaar,
        "termijn": afspraak.termijn,
    }
    nieuw = {
        "tekst": tekst,
        "partijen": set(partij_ids),
        "trekker": trekker_id,
        "jaar": jaar,
        "termijn": termijn,
    }
    velden = [veld for veld in oud if oud[veld] != nieuw[veld]]
    if not velden:
        raise ValidationError(
            "Er is niets gewijzigd: de tekst, de partijen, de trekker, het jaar en de termijn "
            "zijn gelijk aan de huidige afspraak.",
            code=ONGEWIJZIGD,
        )

    # The afspraak itself, in place: django-simple-history keeps the old values, with who and why.
    velden_afspraak = [v for v in velden if v != "partijen"]
    if velden_afspraak:
        afspraak.tekst = tekst
        afspraak.trekker_id = trekker_id
        afspraak.jaar = jaar
        afspraak.termijn = termijn
        if getattr(acting_user, "is_authenticated", False):
            afspraak._history_user = acting_user
        afspraak._change_reason = (
            reden if len(reden) <= _HISTORIE_REDEN_MAX else reden[: _HISTORIE_REDEN_MAX - 1] + "…"
        )
        afspraak.full_clean()
        afspraak.save()
        if "tekst" in velden:
            # The begrippen an afspraak uses follow from its text, as in the import.
            matcher = BegripMatcher()
            begrippen = list(kader.begrippen.all())
            for begrip in begrippen:
                matcher.add(begrip.pk, list(begrip.zoektermen or []))
            gevonden = set(matcher.find(tekst))
            afspraak.begrippen.set([b for b in begrippen if b.pk in gevonden])

    if "partijen" in velden:
        # Links the import recognised stay as they are; parties ticked by hand are marked so.
        afspraak.partij_links.exclude(organisatie_id__in=partij_ids).delete()
        AfspraakPartij.objects.bulk_create(
            AfspraakPartij(
                afspraak=afspraak, organisatie_id=org_id, herkenning=PartijHerkenning.HANDMATIG
            )
            for org_id in partij_ids
            if org_id not in oude_partijen
        )

    def beschrijf(waarden: dict, veld: str) -> str:
        if veld == "tekst":
            return waarden["tekst"]
        if veld == "partijen":
            return "partijen: " + _namen(waarden["partijen"], aanduidingen)
        if veld == "trekker":
            trekker_id = waarden["trekker"]
            return "trekker: " + (_toon(aanduidingen.get(trekker_id, trekker_id)))
        return f"{veld}: {_toon(waarden[veld])}"

    wijziging = Wijziging(
        onderdeel="systematiek" if afspraak.soort == AfspraakSoort.SYSTEMATIEK else "afspraak",
        sleutel=afspraak.nummer,
        actie=GEWIJZIGD,
        velden=velden,
        oud=" | ".join(beschrijf(oud, v) for v in velden),
        nieuw=" | ".join(beschrijf(nieuw, v) for v in velden),
    )
    bijstelling = Bijstelling(
        kader=kader,
        datum=datum,
        reden=reden,
        besloten_in=besloten_in,
        wijzigingen=[wijziging.as_dict()],
        vastgelegd_door=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    bijstelling.full_clean(exclude=["vastgelegd_door"])
    bijstelling.save()
    audit_record_create(
        acting_user=acting_user,
        actie="afspraak.bijgesteld",
        omschrijving=f"{afspraak} van {kader} bijgesteld ({', '.join(velden)}): {reden}",
        obj=afspraak,
        gegevens={
            "kader": kader.slug,
            "bijstelling": bijstelling.pk,
            "velden": velden,
            "datum": datum.isoformat(),
            "besloten_in": besloten_in,
        },
    )
    return bijstelling
