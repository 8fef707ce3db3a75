"""Amending one afspraak through a recorded decision (a bijstelling), the write behind the form.

The document import records a bijstelling when a changed version of the whole document is
imported (``importer/services.py``); this service records a single decided change directly,
e.g. "the bestuurlijk overleg breed amends afspraak 7". Both record the changes as
``BijstellingWijziging`` rows (one per changed field, with its old and new value, linked to the
afspraak), so the register pages show either.

Parties and their role (uitvoerend / betrokken) are changed one link at a time through the
model, so the history of the links shows who added, changed or removed which party, and why.

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
from .constants import AfspraakSoort, PartijHerkenning, PartijRol, WijzigingActie
from .historie import historie_markeren
from .importer.recognition import BegripMatcher
from .models import Afspraak, AfspraakPartij, Bijstelling, BijstellingWijziging

JAAR_MIN = 1990
JAAR_MAX = 2100

# The history table's column for the reason is 100 characters; the full reason is in the
# Bijstelling.
_HISTORIE_REDEN_MAX = 100

CONFLICT = "conflict"
ONGEWIJZIGD = "ongewijzigd"


def _versie_van(
    *, tekst: str, partijen: Iterable[tuple[int, str]], trekker: int | None, jaar, termijn
) -> str:
    gezien = {
        "tekst": tekst,
        "partijen": sorted([org_id, rol] for org_id, rol in partijen),
        "trekker": trekker,
        "jaar": jaar,
        "termijn": termijn,
    }
    return hashlib.sha256(json.dumps(gezien, sort_keys=True).encode()).hexdigest()[:32]


def afspraak_versie(afspraak: Afspraak) -> str:
    """Fingerprint of what the form lets a user change (text, parties and their roles, trekker,
    jaar, termijn).

    Read from the database, so that a change by someone else (or by an import, which may change
    only the parties and so leaves no history row) gives a different versie.
    """
    return _versie_van(
        tekst=afspraak.tekst,
        partijen=AfspraakPartij.objects.filter(afspraak=afspraak).values_list(
            "organisatie_id", "rol"
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


def _rollen_tekst(rollen: dict[int, str], aanduidingen: dict[int, str]) -> str:
    return (
        ", ".join(
            sorted(
                f"{aanduidingen.get(i, str(i))}: {PartijRol(r).label}" for i, r in rollen.items()
            )
        )
        or "—"
    )


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
    rollen: dict[int, str] | None = None,
) -> Bijstelling:
    """Change the afspraak as decided, and record the decision as a Bijstelling.

    ``rollen``: per party (organisation id) its role, PartijRol; a party without one keeps its
    role, a party added without one is uitvoerend.

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
        if org_id is not None and org_id not in partij_ids:
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

    bestaande_rollen = dict(afspraak.partij_links.values_list("organisatie_id", "rol"))
    gekozen_rollen = {int(k): v for k, v in (rollen or {}).items()}
    if any(r not in PartijRol.values for r in gekozen_rollen.values()):
        fouten.setdefault("partijen", []).append(
            "Kies per partij de rol ‘uitvoerend’ of ‘betrokken’."
        )
    nieuwe_rollen = {
        i: gekozen_rollen.get(i) or bestaande_rollen.get(i) or PartijRol.UITVOEREND
        for i in partij_ids
    }

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

    oude_partijen = set(bestaande_rollen)
    oud = {
        "tekst": afspraak.tekst,
        "partijen": oude_partijen,
        "rollen": {i: r for i, r in bestaande_rollen.items() if i in partij_ids},
        "trekker": afspraak.trekker_id,
        "jaar": afspraak.jaar,
        "termijn": afspraak.termijn,
    }
    nieuw = {
        "tekst": tekst,
        "partijen": set(partij_ids),
        # only the roles of parties that stay: a new party's role shows under "partijen"
        "rollen": {i: r for i, r in nieuwe_rollen.items() if i in oude_partijen},
        "trekker": trekker_id,
        "jaar": jaar,
        "termijn": termijn,
    }
    velden = [veld for veld in oud if oud[veld] != nieuw[veld]]
    if not velden:
        raise ValidationError(
            "Er is niets gewijzigd: de tekst, de partijen en hun rol, de trekker, het jaar en "
            "de termijn zijn gelijk aan de huidige afspraak.",
            code=ONGEWIJZIGD,
        )
    historie_reden = (
        reden if len(reden) <= _HISTORIE_REDEN_MAX else reden[: _HISTORIE_REDEN_MAX - 1] + "…"
    )
    historie_user = acting_user if getattr(acting_user, "is_authenticated", False) else None

    # The afspraak itself, in place: django-simple-history keeps the old values, with who and why.
    velden_afspraak = [v for v in velden if v not in ("partijen", "rollen")]
    if velden_afspraak:
        afspraak.tekst = tekst
        afspraak.trekker_id = trekker_id
        afspraak.jaar = jaar
        afspraak.termijn = termijn
        historie_markeren(afspraak, historie_user, historie_reden)
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

    if "partijen" in velden or "rollen" in velden:
        # One link at a time through the model, so each leaves a history row with who and
        # why. Links the import recognised keep how they were recognised; parties ticked by
        # hand are marked so.
        for link in afspraak.partij_links.all():
            if link.organisatie_id not in nieuwe_rollen:
                historie_markeren(link, historie_user, historie_reden)
                link.delete()
            elif link.rol != nieuwe_rollen[link.organisatie_id]:
                link.rol = nieuwe_rollen[link.organisatie_id]
                historie_markeren(link, historie_user, historie_reden)
                link.full_clean()
                link.save()
        for org_id in partij_ids:
            if org_id in oude_partijen:
                continue
            link = AfspraakPartij(
                afspraak=afspraak,
                organisatie_id=org_id,
                herkenning=PartijHerkenning.HANDMATIG,
                rol=nieuwe_rollen[org_id],
            )
            historie_markeren(link, historie_user, historie_reden)
            link.full_clean()
            link.save()

    def beschrijf(waarden: dict, veld: str) -> str:
        if veld == "tekst":
            return waarden["tekst"]
        if veld == "partijen":
            return _namen(waarden["partijen"], aanduidingen)
        if veld == "rollen":
            return _rollen_tekst(waarden["rollen"], aanduidingen)
        if veld == "trekker":
            trekker_id = waarden["trekker"]
            return _toon(aanduidingen.get(trekker_id, trekker_id))
        return _toon(waarden[veld])

    bijstelling = Bijstelling(
        kader=kader,
        datum=datum,
        reden=reden,
        besloten_in=besloten_in,
        vastgelegd_door=historie_user,
    )
    bijstelling.full_clean(exclude=["vastgelegd_door"])
    bijstelling.save()
    BijstellingWijziging.objects.bulk_create(
        BijstellingWijziging(
            bijstelling=bijstelling,
            afspraak=afspraak,
            onderdeel="systematiek" if afspraak.soort == AfspraakSoort.SYSTEMATIEK else "afspraak",
            sleutel=afspraak.nummer,
            actie=WijzigingActie.GEWIJZIGD,
            veld=veld,
            oud=beschrijf(oud, veld),
            nieuw=beschrijf(nieuw, veld),
            volgorde=volgorde,
        )
        for volgorde, veld in enumerate(velden, start=1)
    )
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
