"""Test data for the overleg app: the matrix world (``maak_overleg_wereld``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from prestatiemonitor.organisaties.permissions import SYSTEEM

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(naam: str = "stuk.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, PDF, content_type="application/pdf")


@dataclass
class OverlegMatrix:
    smal_pk: int  # an ambtelijk overleg smal of 2026 (published): gemeente and corporations
    breed_pk: int  # a bestuurlijk overleg breed of 2026 (published): also the tenants
    concept_pk: int  # a meeting of the concept planning 2027: only the gemeente
    agendapunt_pk: int  # a hand-made item on the breed meeting
    document_smal_pk: int
    document_breed_pk: int
    besluit_openbaar_pk: int  # on the breed meeting
    besluit_intern_pk: int  # on the smal meeting
    actiepunt_pk: int  # WSN's, on the breed meeting
    vorm_pk: int  # the ambtelijk overleg smal (has meetings)
    mijlpaal_pk: int
    feed_token: str  # WSN's calendar address
    feed_ingetrokken: str  # an address of WSN that was renewed (no longer works)


def maak_overleg_wereld(ks) -> OverlegMatrix:
    """On the kader of ``afspraken.tests.factories.maak_kader``: the standard structure, the
    planning 2026 published and 2027 as concept, with documents, decisions and an action."""
    from prestatiemonitor.overleg import services
    from prestatiemonitor.overleg.models import Overleg

    kader = ks.kader
    services.structuur_inrichten(kader=kader, acting_user=SYSTEEM)
    p2026 = services.jaar_plannen(kader=kader, jaar=2026, acting_user=SYSTEEM)
    services.planning_publiceren(planning=p2026, acting_user=SYSTEEM)
    p2027 = services.jaar_plannen(kader=kader, jaar=2027, acting_user=SYSTEEM)
    smal = Overleg.objects.filter(planning=p2026, overlegvorm__naam="ambtelijk overleg smal")[0]
    breed = Overleg.objects.filter(planning=p2026, overlegvorm__naam="bestuurlijk overleg breed")[0]
    punt = services.agendapunt_toevoegen(
        overleg=breed, titel="Woonwagenbeleid", acting_user=SYSTEEM
    )
    doc_smal = services.document_toevoegen(
        overleg=smal, bestand=pdf("smal.pdf"), organisatie=ks.gemeente, acting_user=SYSTEEM
    )
    doc_breed = services.document_toevoegen(
        overleg=breed, bestand=pdf("breed.pdf"), organisatie=ks.wsn, acting_user=SYSTEEM
    )
    openbaar = services.besluit_vastleggen(
        overleg=breed, tekst="De jaarschijf wordt vastgesteld.", openbaar=True, acting_user=SYSTEEM
    )
    intern = services.besluit_vastleggen(overleg=smal, tekst="Intern besluit.", acting_user=SYSTEEM)
    actie = services.actiepunt_toevoegen(
        overleg=breed,
        omschrijving="Slaagkansen aanleveren.",
        eigenaar=ks.wsn,
        deadline=dt.date(2026, 9, 1),
        acting_user=SYSTEEM,
    )
    _, oud = services.feed_aanmaken(organisatie=ks.wsn, acting_user=SYSTEEM)
    _, token = services.feed_aanmaken(organisatie=ks.wsn, acting_user=SYSTEEM)
    return OverlegMatrix(
        smal_pk=smal.pk,
        breed_pk=breed.pk,
        concept_pk=Overleg.objects.filter(planning=p2027)[0].pk,
        agendapunt_pk=punt.pk,
        document_smal_pk=doc_smal.pk,
        document_breed_pk=doc_breed.pk,
        besluit_openbaar_pk=openbaar.pk,
        besluit_intern_pk=intern.pk,
        actiepunt_pk=actie.pk,
        vorm_pk=smal.overlegvorm_id,
        mijlpaal_pk=kader.mijlpalen.first().pk,
        feed_token=token,
        feed_ingetrokken=oud,
    )
