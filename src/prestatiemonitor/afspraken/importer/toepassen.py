"""Applying an import plan: one transaction that writes the kader from the plan.

``import_apply`` creates a new kader, or updates an existing one *in place* (so the history of
an Afspraak shows its old text) with a Bijstelling and one BijstellingWijziging row per changed
field. It refuses a plan the register has moved away from since it was made. Every apply writes
an ImportVerslag, a Brondocument (the imported bytes, the base of the next re-import) and an
audit record. ``import_document`` plans and applies in one go (CLI, demo, tests).

Separate because this is the only part of the import that writes: ``_sync`` and its helpers
(organisations, party links with history, footnotes, change rows) live here and nowhere else.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Gebied, Organisatie

from ..constants import AfspraakSoort, KaderStatus, PartijHerkenning
from ..historie import historie_markeren
from ..models import (
    Afspraak,
    AfspraakPartij,
    Afsprakenkader,
    Ambitie,
    Begrip,
    BegripOnderdeel,
    Bijstelling,
    BijstellingWijziging,
    Brondocument,
    Convenant,
    ImportVerslag,
    Ondertekenaar,
    Partij,
    Tabel,
    TabelControle,
    TabelRij,
    Tekstblok,
    Thema,
    Voetnoot,
)
from .document import TABELCONTROLE
from .plan import ImportPlan, _check_permission, _laatste_brondocument, import_plan
from .tables import getal_nl
from .vergelijking import REGISTER, Wijziging, build_huidig


def _kader_slug(gemeente: Gebied, van: int, tot: int) -> str:
    base = f"{slugify(gemeente.naam)}-{van}-{tot}"
    if not Afsprakenkader.objects.filter(slug=base).exclude(gemeente=gemeente).exists():
        return base
    return f"{slugify(gemeente.naam)}-{slugify(gemeente.cbs_code)}-{van}-{tot}"


def _create_organisaties(plan: ImportPlan) -> dict[object, Organisatie]:
    orgs: dict[object, Organisatie] = {
        k.key: k.organisatie for k in plan.koppelingen if k.organisatie
    }
    used = set(Organisatie.objects.values_list("slug", flat=True))
    # corporations before their tenants' organisations
    order = sorted(
        plan.nieuwe_organisaties, key=lambda k: k.soort == OrganisatieSoort.HUURDERSORGANISATIE
    )
    for k in order:
        slug = slugify(k.partij.naam)[:70] or "organisatie"
        candidate, n = slug, 2
        while candidate in used:
            candidate = f"{slug}-{n}"
            n += 1
        used.add(candidate)
        org = Organisatie(
            naam=k.partij.naam[:200],
            korte_naam=k.partij.aanduiding[:60],
            slug=candidate,
            soort=k.soort,
            aliassen=[k.partij.aanduiding] if k.partij.aanduiding != k.partij.naam else [],
            gemeente=plan.gemeente if k.soort == OrganisatieSoort.GEMEENTE else None,
            corporatie=orgs.get(k.corporatie_key)
            if k.soort == OrganisatieSoort.HUURDERSORGANISATIE
            else None,
        )
        org.full_clean()
        org.save()
        orgs[k.key] = org
    return orgs


def _save_changed(instance, values: dict, acting_user, reden: str) -> bool:
    changed = [f for f, v in values.items() if getattr(instance, f) != v]
    if not changed:
        return False
    if changed == ["volgorde"]:
        # a shifted position is not a change of the record: no history row for it
        type(instance).objects.filter(pk=instance.pk).update(volgorde=values["volgorde"])
        instance.volgorde = values["volgorde"]
        return False
    for f in changed:
        setattr(instance, f, values[f])
    historie_markeren(instance, acting_user, reden)
    instance.save()
    return True


def _partij_links_sync(*, afspraak: Afspraak, gewenst: dict, acting_user, reden: str) -> None:
    """Make the afspraak's party links what ``gewenst`` says ({organisatie_id: [herkenning,
    herkend_woord(, rol)]}), one link at a time through the model, so that every addition,
    change and removal leaves a history row with who and why. A role set by hand is kept
    unless the document states one."""
    bestaand = {link.organisatie_id: link for link in afspraak.partij_links.all()}
    for organisatie_id, link in bestaand.items():
        if organisatie_id not in gewenst:
            historie_markeren(link, acting_user, reden or "Import")
            link.delete()
    for organisatie_id, h in gewenst.items():
        herkenning = PartijHerkenning.GENOEMD if h[0] == "genoemd" else PartijHerkenning.GROEP
        if h[0] == PartijHerkenning.HANDMATIG:
            herkenning = PartijHerkenning.HANDMATIG
        waarden = {"herkenning": herkenning, "herkend_woord": h[1]}
        if len(h) > 2 and h[2]:
            waarden["rol"] = h[2]
        link = bestaand.get(organisatie_id)
        if link is None:
            link = AfspraakPartij(afspraak=afspraak, organisatie_id=organisatie_id, **waarden)
        elif all(getattr(link, f) == v for f, v in waarden.items()):
            continue
        else:
            for f, v in waarden.items():
                setattr(link, f, v)
        historie_markeren(link, acting_user, reden or "Import")
        link.save()


def _sync(*, kader: Afsprakenkader, plan: ImportPlan, orgs: dict, acting_user, reden: str) -> None:
    g = plan.doel  # the document's content, or the three-way merge with the register
    huidig = plan.huidig or {}

    def org(key):
        return orgs.get(key) if key is not None else None

    def org_id(key):
        o = org(key)
        return o.pk if o else None

    # partijen, ondertekenaars: no history of their own, replaced when they differ
    if huidig.get("partijen") != g["partijen"] or not huidig:
        kader.partij_set.all().delete()
        Partij.objects.bulk_create(
            Partij(
                kader=kader,
                organisatie=org(p["organisatie"]),
                aanduiding=p["aanduiding"],
                volgorde=i,
            )
            for i, p in enumerate(g["partijen"], start=1)
        )
    if huidig.get("ondertekenaars") != g["ondertekenaars"] or not huidig:
        kader.ondertekenaars.all().delete()
        Ondertekenaar.objects.bulk_create(
            Ondertekenaar(
                kader=kader,
                organisatie=org(o["organisatie"]),
                organisatie_naam=o["organisatie_naam"],
                naam=o["naam"],
                functie=o["functie"],
                namens=o["namens"],
                volgorde=i,
            )
            for i, o in enumerate(g["ondertekenaars"], start=1)
        )
    # thema's, updated in place
    themas = {t.nummer: t for t in kader.themas.all()}
    for nummer, values in g["themas"].items():
        if nummer in themas:
            _save_changed(themas[nummer], values, acting_user, reden)
        else:
            thema = Thema(kader=kader, nummer=nummer, **values)
            historie_markeren(thema, acting_user, reden)
            thema.full_clean(exclude=["kader"])
            thema.save()
            themas[nummer] = thema
    # ambities, by (thema, volgorde)
    ambities = {
        (a.thema.nummer, a.volgorde): a
        for a in Ambitie.objects.filter(thema__kader=kader).select_related("thema")
    }
    for key, tekst in g["ambities"].items():
        if key in ambities:
            _save_changed(ambities[key], {"tekst": tekst}, acting_user, reden)
        else:
            ambitie = Ambitie(thema=themas[key[0]], volgorde=key[1], tekst=tekst)
            historie_markeren(ambitie, acting_user, reden)
            ambitie.save()
    for key, ambitie in ambities.items():
        if key not in g["ambities"]:
            historie_markeren(ambitie, acting_user, reden)
            ambitie.delete()
    # begrippen, by slug
    begrippen = {b.slug: b for b in kader.begrippen.all()}
    for slug, values in g["begrippen"].items():
        fields = {k: v for k, v in values.items() if k != "onderdelen"}
        begrip = begrippen.get(slug)
        if begrip is None:
            begrip = Begrip(kader=kader, slug=slug, **fields)
            historie_markeren(begrip, acting_user, reden)
            begrip.save()
            begrippen[slug] = begrip
        else:
            _save_changed(begrip, fields, acting_user, reden)
        if (huidig.get("begrippen", {}).get(slug) or {}).get("onderdelen") != values["onderdelen"]:
            begrip.onderdelen.all().delete()
            BegripOnderdeel.objects.bulk_create(
                BegripOnderdeel(begrip=begrip, groep=o[0], code=o[1], omschrijving=o[2], volgorde=i)
                for i, o in enumerate(values["onderdelen"], start=1)
            )
    # afspraken, by (soort, nummer): updated in place so their history shows the old text
    afspraken = {(a.soort, a.nummer): a for a in kader.afspraken.all()}
    for key, values in g["afspraken"].items():
        fields = {
            "thema": themas.get(values["thema"]),
            "tekst": values["tekst"],
            "volgorde": values["volgorde"],
            "trekker": org(values["trekker"]),
            "jaar": values["jaar"],
            "termijn": values["termijn"],
        }
        afspraak = afspraken.get(key)
        old = (huidig.get("afspraken") or {}).get(key)
        if afspraak is None:
            afspraak = Afspraak(kader=kader, soort=key[0], nummer=key[1], **fields)
            historie_markeren(afspraak, acting_user, reden)
            afspraak.save()
        else:
            _save_changed(afspraak, fields, acting_user, reden)
        if old is None or old["partijen"] != values["partijen"]:
            _partij_links_sync(
                afspraak=afspraak,
                gewenst={org_id(key_): h for key_, h in values["partijen"].items()},
                acting_user=acting_user,
                reden=reden,
            )
        if old is None or old["begrippen"] != values["begrippen"]:
            afspraak.begrippen.set([begrippen[s] for s in values["begrippen"]])
    for key, afspraak in afspraken.items():
        if key not in g["afspraken"]:
            historie_markeren(afspraak, acting_user, reden)
            afspraak.delete()
    for slug, begrip in begrippen.items():
        if slug not in g["begrippen"]:
            historie_markeren(begrip, acting_user, reden)
            begrip.delete()
    # convenanten, tabellen, tekstblokken, voetnoten: no history, replaced when they differ
    if huidig.get("convenanten") != g["convenanten"]:
        kader.convenanten.all().delete()
        for i, c in enumerate(g["convenanten"], start=1):
            convenant = Convenant.objects.create(
                kader=kader,
                naam=c["naam"],
                jaar=c["jaar"],
                jaar_tot=c["jaar_tot"],
                partijnamen=c["partijnamen"],
                volgorde=i,
            )
            ids = [org_id(k) if isinstance(k, str) else k for k in c["partijen"]]
            convenant.partijen.set([i_ for i_ in ids if i_])
    vervangen = False  # tables or text blocks replaced: their footnote links went with them
    if huidig.get("tabellen") != g["tabellen"]:
        vervangen = True
        kader.tabellen.all().delete()
        for i, (nummer, t) in enumerate(g["tabellen"].items(), start=1):
            tabel = Tabel.objects.create(
                kader=kader,
                thema=themas.get(t["thema"]),
                nummer=nummer,
                titel=t["titel"],
                kolommen=t["kolommen"],
                voetnoot=t["voetnoot"],
                volgorde=i,
            )
            TabelControle.objects.bulk_create(
                TabelControle(
                    tabel=tabel,
                    soort=c["soort"],
                    rij=str(c["rij"])[:200],
                    kolom=str(c["kolom"])[:200],
                    gedrukt=c["gedrukt"],
                    berekend=c["berekend"],
                    volgorde=j,
                )
                for j, c in enumerate(t["controles"], start=1)
            )
            TabelRij.objects.bulk_create(
                TabelRij(
                    tabel=tabel,
                    volgorde=j,
                    label=r[0],
                    organisatie_id=org_id(r[1]),
                    is_totaal=r[2],
                    waarden=r[3],
                )
                for j, r in enumerate(t["rijen"], start=1)
            )
    if huidig.get("tekstblokken") != g["tekstblokken"]:
        vervangen = True
        kader.tekstblokken.all().delete()
        Tekstblok.objects.bulk_create(
            Tekstblok(
                kader=kader,
                thema=themas.get(t["thema"]),
                titel=t["titel"],
                tekst=t["tekst"],
                volgorde=i,
            )
            for i, t in enumerate(g["tekstblokken"], start=1)
        )
    if vervangen or huidig.get("voetnoten") != g["voetnoten"]:
        _sync_voetnoten(kader, g["voetnoten"])
    for nummer, thema in themas.items():
        if nummer not in g["themas"]:
            historie_markeren(thema, acting_user, reden)
            thema.delete()


def _sync_voetnoten(kader: Afsprakenkader, voetnoten: list[dict]) -> None:
    """Replace the kader's footnotes, each linked to the records where its marker stands."""
    kader.voetnoten.all().delete()
    afspraken = {(a.soort, a.nummer): a for a in kader.afspraken.all()}
    ambities = {
        (a.thema.nummer, a.volgorde): a
        for a in Ambitie.objects.filter(thema__kader=kader).select_related("thema")
    }
    tabellen = {t.nummer: t for t in kader.tabellen.all()}
    tekstblokken = {t.volgorde: t for t in kader.tekstblokken.all()}
    for volgorde, v in enumerate(voetnoten, start=1):
        voetnoot = Voetnoot.objects.create(
            kader=kader, nummer=v["nummer"], tekst=v["tekst"], volgorde=volgorde
        )
        voetnoot.afspraken.set(
            [afspraken[tuple(k)] for k in v.get("afspraken", []) if tuple(k) in afspraken]
        )
        voetnoot.ambities.set(
            [ambities[tuple(k)] for k in v.get("ambities", []) if tuple(k) in ambities]
        )
        voetnoot.tabellen.set([tabellen[n] for n in v.get("tabellen", []) if n in tabellen])
        voetnoot.tekstblokken.set(
            [tekstblokken[i] for i in v.get("tekstblokken", []) if i in tekstblokken]
        )


def _wijzigingen_vastleggen(
    *, bijstelling: Bijstelling, kader: Afsprakenkader, wijzigingen: list[Wijziging]
) -> None:
    """One BijstellingWijziging row per changed field, linked to the afspraak it is about."""
    afspraken = {(a.soort, a.nummer): a for a in kader.afspraken.only("pk", "soort", "nummer")}
    soorten = {"afspraak": AfspraakSoort.STRATEGISCH, "systematiek": AfspraakSoort.SYSTEMATIEK}
    rijen = []
    for w in wijzigingen:
        afspraak = (
            afspraken.get((soorten[w.onderdeel], w.sleutel)) if w.onderdeel in soorten else None
        )
        for rij in w.rijen():
            rijen.append(
                BijstellingWijziging(
                    bijstelling=bijstelling, afspraak=afspraak, volgorde=len(rijen) + 1, **rij
                )
            )
    BijstellingWijziging.objects.bulk_create(rijen)


def _verslag_meldingen(plan: ImportPlan) -> list[dict]:
    meldingen = [m.as_dict() for m in plan.meldingen if m.soort != TABELCONTROLE]
    meldingen += [
        {
            **c,
            "controle": c["soort"],
            "soort": "tabel",
            "regel": None,
            "tekst": f"Tabel {c['tabel']}, rij '{c['rij']}', kolom '{c['kolom']}': gedrukt "
            f"{getal_nl(c['gedrukt'])}, herberekend {getal_nl(c['berekend'])}.",
        }
        for c in plan.tabel_afwijkingen
    ]
    return meldingen


@transaction.atomic
def import_apply(
    *,
    plan: ImportPlan,
    acting_user,
    reden: str = "",
    datum: date | None = None,
    besloten_in: str = "",
    keuzes: dict[int, str] | None = None,
) -> ImportVerslag:
    """Write the plan. Changing an existing kader needs a reden and records a Bijstelling.

    ``keuzes``: per conflict (its index in ``plan.conflicten``) REGISTER or DOCUMENT; a
    conflict without a choice keeps the register.
    """
    _check_permission(acting_user, plan.gemeente)
    plan = plan.met_keuzes(keuzes or {})
    reden = (reden or "").strip()
    if plan.wijzigingen and not reden:
        raise ValidationError(
            {
                "reden": "Geef de reden van de bijstelling op; het document wijzigt een bestaand kader."
            }
        )
    if plan.wijzigingen and datum is not None:
        if datum > timezone.localdate():
            raise ValidationError({"datum": "De datum van het besluit ligt in de toekomst."})
        if (
            plan.kader is not None
            and plan.kader.ondertekend_op
            and datum < plan.kader.ondertekend_op
        ):
            raise ValidationError(
                {
                    "datum": "De datum van het besluit ligt vóór de ondertekening van de "
                    f"afspraken op {date_format(plan.kader.ondertekend_op, 'j F Y')}. "
                    "Controleer het jaar."
                }
            )
    g = plan.doel["kader"]
    kader = plan.kader
    bijstelling = None
    # The plan compared the document with the register as it was then. If the register changed
    # since (another import confirmed at the same time, an edit in the beheer), applying it would
    # record differences that are no longer true, twice or on top of that edit.
    verouderd = ValidationError(
        "Het register is gewijzigd sinds dit voorbeeld werd gemaakt (een andere import of een "
        "bewerking). Er is niets opgeslagen; lees het document opnieuw in om de actuele "
        "verschillen te zien."
    )
    if kader is not None:
        kader = Afsprakenkader.objects.select_for_update().get(pk=kader.pk)
        if build_huidig(kader) != plan.huidig:
            raise verouderd
    elif Afsprakenkader.objects.filter(
        gemeente=plan.gemeente, periode_van=g["periode_van"], periode_tot=g["periode_tot"]
    ).exists():
        raise verouderd
    if kader is None:
        orgs = _create_organisaties(plan)
        kader = Afsprakenkader(
            gemeente=plan.gemeente,
            titel=g["titel"] or f"Prestatieafspraken {plan.gemeente.naam}",
            slug=_kader_slug(plan.gemeente, g["periode_van"], g["periode_tot"]),
            periode_van=g["periode_van"],
            periode_tot=g["periode_tot"],
            ondertekend_op=plan.document.ondertekend_op,
            ondertekend_te=g["ondertekend_te"][:100],
            status=KaderStatus.ONDERTEKEND if plan.document.ondertekend_op else KaderStatus.CONCEPT,
            inleiding=g["inleiding"],
            bron_bestandsnaam=plan.bestandsnaam[:255],
            bron_sha256=plan.sha256,
        )
        kader.full_clean()
        try:
            kader.save()
        except IntegrityError as exc:  # the same kader, created by a simultaneous import
            raise verouderd from exc
        _sync(kader=kader, plan=plan, orgs=orgs, acting_user=acting_user, reden="")
        omschrijving = f"Kader {kader.titel} geïmporteerd uit {plan.bestandsnaam}"
    elif plan.wijzigingen:
        orgs = _create_organisaties(plan)
        kader.titel = g["titel"] or kader.titel
        kader.ondertekend_op = (
            date.fromisoformat(g["ondertekend_op"]) if g["ondertekend_op"] else None
        )
        kader.ondertekend_te = g["ondertekend_te"][:100]
        kader.inleiding = g["inleiding"]
        kader.bron_bestandsnaam = plan.bestandsnaam[:255]
        kader.bron_sha256 = plan.sha256
        kader.save()
        _sync(kader=kader, plan=plan, orgs=orgs, acting_user=acting_user, reden=reden)
        bijstelling = Bijstelling(
            kader=kader,
            datum=datum or timezone.localdate(),
            reden=reden,
            besloten_in=(besloten_in or "")[:200],
            vastgelegd_door=acting_user
            if getattr(acting_user, "is_authenticated", False)
            else None,
        )
        bijstelling.full_clean(exclude=["vastgelegd_door"])
        bijstelling.save()
        _wijzigingen_vastleggen(bijstelling=bijstelling, kader=kader, wijzigingen=plan.wijzigingen)
        omschrijving = (
            f"Bijstelling van {kader.titel} uit {plan.bestandsnaam}: {len(plan.wijzigingen)} "
            "wijziging(en)"
        )
    else:
        Afsprakenkader.objects.filter(pk=kader.pk).update(
            bron_bestandsnaam=plan.bestandsnaam[:255], bron_sha256=plan.sha256
        )
        omschrijving = f"{plan.bestandsnaam} opnieuw geïmporteerd: geen wijzigingen"
    laatste = _laatste_brondocument(kader)
    if plan.inhoud and (laatste is None or laatste.sha256 != plan.sha256):
        # The signed source readers may download, and the base of the next re-import.
        Brondocument.objects.create(
            kader=kader,
            bestandsnaam=plan.bestandsnaam[:255],
            sha256=plan.sha256,
            inhoud=plan.inhoud,
        )
    conflicten = [
        {**c.as_dict(), "keuze": plan.keuzes.get(i, REGISTER)}
        for i, c in enumerate(plan.conflicten)
    ]
    verslag = ImportVerslag.objects.create(
        kader=kader,
        bestandsnaam=plan.bestandsnaam[:255],
        bron_sha256=plan.sha256,
        uitgevoerd_door=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        samenvatting={
            **plan.samenvatting,
            "wijzigingen_lijst": [w.as_dict() for w in plan.wijzigingen],
            "conflicten_lijst": conflicten,
            "vergelijking": "drieweg"
            if plan.drieweg
            else ("nieuw" if plan.is_nieuw else "tweeweg"),
        },
        meldingen=_verslag_meldingen(plan),
        bijstelling=bijstelling,
    )
    audit_record_create(
        acting_user=acting_user,
        actie="afspraken.import",
        omschrijving=omschrijving,
        obj=kader,
        gegevens={
            "bestandsnaam": plan.bestandsnaam,
            "sha256": plan.sha256,
            "resultaat": plan.resultaat,
            "conflicten": conflicten,
            "importverslag": verslag.pk,
            "bijstelling": bijstelling.pk if bijstelling else None,
        },
    )
    return verslag


def import_document(
    *,
    data: bytes,
    bestandsnaam: str,
    gemeente: Gebied,
    acting_user,
    reden: str = "",
    datum: date | None = None,
    besloten_in: str = "",
) -> ImportVerslag:
    """Plan and apply in one go (CLI, demo, tests)."""
    plan = import_plan(
        data=data, bestandsnaam=bestandsnaam, gemeente=gemeente, acting_user=acting_user
    )
    return import_apply(
        plan=plan, acting_user=acting_user, reden=reden, datum=datum, besloten_in=besloten_in
    )
