"""Bijstelling.wijzigingen (JSON) → BijstellingWijziging rows, one per changed field.

Both writers stored ``Wijziging.as_dict()``: ``{"onderdeel", "sleutel", "actie", "velden",
"oud", "nieuw"}``, where ``oud``/``nieuw`` hold the values of all ``velden`` joined with " | "
(afspraken; each but the text prefixed "veld: "), " / " (thema's) or "; " (kader), or
"veld: waarde" items (lists such as convenanten). An entry whose values cannot be split per
field becomes one row with all fields named and the values as stored; nothing is dropped.
"""

from django.db import migrations

AFSPRAAK_SOORT = {"afspraak": "strategisch", "systematiek": "systematiek"}
SCHEIDERS = (" | ", " / ", "; ")


def _splits(waarde: str, velden: list[str]) -> list[str] | None:
    if len(velden) == 1:
        return [_zonder_voorvoegsel(waarde, velden[0])]
    for scheider in SCHEIDERS:
        delen = waarde.split(scheider) if waarde else [""] * len(velden)
        if len(delen) == len(velden):
            return [_zonder_voorvoegsel(d, v) for d, v in zip(delen, velden, strict=True)]
    return None


def _zonder_voorvoegsel(waarde: str, veld: str) -> str:
    voorvoegsel = f"{veld}: "
    return waarde[len(voorvoegsel) :] if waarde.startswith(voorvoegsel) else waarde


def _rijen(item) -> list[dict]:
    if not isinstance(item, dict):
        return [{"onderdeel": "", "sleutel": "", "actie": "gewijzigd", "veld": "", "oud": "",
                 "nieuw": str(item)}]
    onderdeel = str(item.get("onderdeel") or item.get("soort") or "")[:30]
    sleutel = str(item.get("sleutel") or item.get("nummer") or "")[:200]
    actie = str(item.get("actie") or "gewijzigd")[:20]
    velden = [str(v) for v in item.get("velden") or []]
    if item.get("veld"):
        velden = [str(item["veld"])]
    oud = "" if item.get("oud") is None else str(item["oud"])
    nieuw = "" if item.get("nieuw") is None else str(item["nieuw"])
    basis = {"onderdeel": onderdeel, "sleutel": sleutel, "actie": actie}
    if not velden:
        return [{**basis, "veld": "", "oud": oud, "nieuw": nieuw}]
    oude, nieuwe = _splits(oud, velden), _splits(nieuw, velden)
    if oude is None or nieuwe is None:
        return [{**basis, "veld": ", ".join(velden)[:50], "oud": oud, "nieuw": nieuw}]
    return [
        {**basis, "veld": v[:50], "oud": o, "nieuw": n}
        for v, o, n in zip(velden, oude, nieuwe, strict=True)
    ]


def naar_rijen(apps, schema_editor):
    Bijstelling = apps.get_model("afspraken", "Bijstelling")
    BijstellingWijziging = apps.get_model("afspraken", "BijstellingWijziging")
    Afspraak = apps.get_model("afspraken", "Afspraak")
    for bijstelling in Bijstelling.objects.all().iterator():
        afspraken = {
            (a.soort, a.nummer): a.pk
            for a in Afspraak.objects.filter(kader_id=bijstelling.kader_id).only(
                "pk", "soort", "nummer"
            )
        }
        rijen = []
        for item in bijstelling.wijzigingen or []:
            for rij in _rijen(item):
                soort = AFSPRAAK_SOORT.get(rij["onderdeel"].lower())
                rijen.append(
                    BijstellingWijziging(
                        bijstelling_id=bijstelling.pk,
                        afspraak_id=afspraken.get((soort, rij["sleutel"])) if soort else None,
                        volgorde=len(rijen) + 1,
                        **rij,
                    )
                )
        BijstellingWijziging.objects.bulk_create(rijen)


def naar_json(apps, schema_editor):
    Bijstelling = apps.get_model("afspraken", "Bijstelling")
    BijstellingWijziging = apps.get_model("afspraken", "BijstellingWijziging")
    for bijstelling in Bijstelling.objects.all().iterator():
        items: list[dict] = []
        for w in BijstellingWijziging.objects.filter(bijstelling_id=bijstelling.pk).order_by(
            "volgorde", "pk"
        ):
            vorige = items[-1] if items else None
            if vorige and (vorige["onderdeel"], vorige["sleutel"], vorige["actie"]) == (
                w.onderdeel,
                w.sleutel,
                w.actie,
            ):
                vorige["velden"].append(w.veld)
                vorige["oud"] += f" | {w.veld}: {w.oud}"
                vorige["nieuw"] += f" | {w.veld}: {w.nieuw}"
                continue
            items.append(
                {
                    "onderdeel": w.onderdeel,
                    "sleutel": w.sleutel,
                    "actie": w.actie,
                    "velden": [w.veld] if w.veld else [],
                    "oud": w.oud,
                    "nieuw": w.nieuw,
                }
            )
        bijstelling.wijzigingen = items
        bijstelling.save(update_fields=["wijzigingen"])
        BijstellingWijziging.objects.filter(bijstelling_id=bijstelling.pk).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("afspraken", "0005_importflow_importconcept_document"),
    ]

    operations = [migrations.RunPython(naar_rijen, naar_json)]
