"""The comparison of an import: the register as the document describes it, as the database
holds it, and the differences between the two.

``build_gewenst`` turns a parsed document (with its matched parties) into the register
structure; ``build_huidig`` reads the same structure from the database; ``compute_wijzigingen``
lists the differences as ``Wijziging`` records (one per changed record, with old and new value
per field), which become the preview, the import report and the BijstellingWijziging rows.

A re-import is a three-way comparison. The *base* is the document imported last (its
Brondocument, parsed again); only what changed between the base and the new document is
applied, so a bijstelling made by hand since (a party added to an afspraak) survives an import
of the unchanged document. Where the new document and a manual bijstelling changed the same
field differently, ``samenvoegen`` records a ``Conflict`` and the beheerder chooses per conflict:
keep the register (``REGISTER``) or take the document (``DOCUMENT``).

Separate because it is pure comparison: it reads the database but writes nothing, so the plan
(``plan.py``) and the apply (``toepassen.py``) share it without depending on each other.
"""

import copy
import json
import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie

from ..constants import AfspraakSoort, PartijRol
from ..models import Afsprakenkader, Ambitie
from .document import ParsedDocument
from .matching import Koppeling, _index_organisaties, _koppeling_for_name, _name_keys, _org_names
from .recognition import (
    BegripMatcher,
    PartyRef,
    recognise_parties,
    recognise_termijn,
    recognise_trekker,
    zoektermen_for,
)

NIEUW = "nieuw"
GEWIJZIGD = "gewijzigd"
VERWIJDERD = "verwijderd"


@dataclass
class Wijziging:
    onderdeel: str  # kader | thema | ambitie | afspraak | systematiek | begrip | convenanten …
    sleutel: str
    actie: str  # nieuw | gewijzigd | verwijderd
    velden: list[str] = field(default_factory=list)
    oud: str = ""
    nieuw: str = ""
    # Per changed field its old and new value in words: (veld, oud, nieuw). ``oud``/``nieuw``
    # above are these joined for a one-line display; BijstellingWijziging rows use these.
    per_veld: list[tuple[str, str, str]] = field(default_factory=list)

    def rijen(self) -> list[dict]:
        """The BijstellingWijziging rows of this change: one per changed field."""
        basis = {
            "onderdeel": self.onderdeel[:30],
            "sleutel": self.sleutel[:200],
            "actie": self.actie,
        }
        if self.per_veld:
            return [
                {**basis, "veld": veld[:50], "oud": oud, "nieuw": nieuw}
                for veld, oud, nieuw in self.per_veld
            ]
        if self.velden:
            # No values per field (e.g. a table): one row per field, the values on the first.
            return [
                {
                    **basis,
                    "veld": veld[:50],
                    "oud": self.oud if i == 0 else "",
                    "nieuw": self.nieuw if i == 0 else "",
                }
                for i, veld in enumerate(self.velden)
            ]
        return [{**basis, "veld": "", "oud": self.oud, "nieuw": self.nieuw}]

    def as_dict(self) -> dict:
        return {
            "onderdeel": self.onderdeel,
            "sleutel": self.sleutel,
            "actie": self.actie,
            "velden": self.velden,
            "oud": self.oud,
            "nieuw": self.nieuw,
        }

    def __str__(self) -> str:
        label = {"afspraak": "Afspraak", "systematiek": "Systematiek"}.get(
            self.onderdeel, self.onderdeel.capitalize()
        )
        velden = f" ({', '.join(self.velden)})" if self.velden else ""
        return f"{label} {self.sleutel}: {self.actie}{velden}".replace(" : ", ": ")


# ---------------------------------------------------------------------------------------------
# Three-way comparison: base (the document imported last) → new document, applied to the register


class _Ontbreekt:
    """A record that is not there (in the base, the register or the document)."""

    def __repr__(self) -> str:
        return "ONTBREEKT"


ONTBREEKT = _Ontbreekt()

# How deep the merge looks into each part of the register: 2 = per record and per field,
# 1 = per record (or per field of the kader), 0 = the part as a whole (lists, whose items have
# no key of their own). Parts not named here are compared as a whole.
_DIEPTE = {"kader": 1, "themas": 2, "ambities": 1, "afspraken": 2, "begrippen": 2, "tabellen": 2}

REGISTER = "register"
DOCUMENT = "document"
KEUZES = ((REGISTER, "Register houden"), (DOCUMENT, "Document overnemen"))

_DEEL_LABEL = {
    "kader": "Kader",
    "themas": "Thema",
    "ambities": "Ambitie",
    "begrippen": "Begrip",
    "tabellen": "Tabel",
    "partijen": "Partijen",
    "ondertekenaars": "Ondertekenaars",
    "convenanten": "Convenanten",
    "tekstblokken": "Overige teksten",
    "voetnoten": "Voetnoten",
}


@dataclass
class Conflict:
    """A field the new document and a manual bijstelling both changed, each differently."""

    pad: tuple  # where in the register structure, e.g. ("afspraken", ("strategisch", "7"), "tekst")
    basis: object  # in the document imported last
    huidig: object  # in the register now
    document: object  # in the new document
    label: str = ""
    toon_basis: str = ""
    toon_huidig: str = ""
    toon_document: str = ""

    def as_dict(self) -> dict:
        return {
            "pad": [list(p) if isinstance(p, tuple) else p for p in self.pad],
            "label": self.label,
            "basis": self.toon_basis,
            "register": self.toon_huidig,
            "document": self.toon_document,
        }


def _drieweg(basis, huidig, gewenst, pad: tuple, diepte: int, conflicten: list[Conflict]):
    """The register with the document's changes since the base; conflicts keep the register."""
    if basis == gewenst:  # the document did not change this: whatever the register says stays
        return huidig
    if huidig in (basis, gewenst):
        return gewenst
    if diepte > 0 and all(isinstance(v, dict) for v in (basis, huidig, gewenst)):
        uit = {}
        for key in [*gewenst, *(k for k in huidig if k not in gewenst)]:
            waarde = _drieweg(
                basis.get(key, ONTBREEKT),
                huidig.get(key, ONTBREEKT),
                gewenst.get(key, ONTBREEKT),
                (*pad, key),
                diepte - 1,
                conflicten,
            )
            if waarde is not ONTBREEKT:
                uit[key] = waarde
        return uit
    conflicten.append(Conflict(pad=pad, basis=basis, huidig=huidig, document=gewenst))
    return huidig


def samenvoegen(basis: dict, huidig: dict, gewenst: dict) -> tuple[dict, list[Conflict]]:
    """The target state of a re-import and the conflicts in it (each resolved to the register)."""
    conflicten: list[Conflict] = []
    doel = {}
    for deel in gewenst:
        waarde = _drieweg(
            basis.get(deel, ONTBREEKT),
            huidig.get(deel, ONTBREEKT),
            gewenst[deel],
            (deel,),
            _DIEPTE.get(deel, 0),
            conflicten,
        )
        doel[deel] = gewenst[deel] if waarde is ONTBREEKT else waarde
    return doel, conflicten


def _zet(doel: dict, pad: tuple, waarde) -> None:
    plek = doel
    for key in pad[:-1]:
        plek = plek[key]
    if waarde is ONTBREEKT:
        plek.pop(pad[-1], None)
    else:
        plek[pad[-1]] = copy.deepcopy(waarde)


def _conflict_tonen(conflict: Conflict, koppelingen: list[Koppeling]) -> None:
    deel, *rest = conflict.pad
    veld = rest[1] if len(rest) > 1 else None

    def toon(waarde) -> str:
        if waarde is ONTBREEKT:
            return "(ontbreekt)"
        if deel == "afspraken" and veld:
            return _afspraak_waarde(veld, waarde, koppelingen)
        if deel == "afspraken" and isinstance(waarde, dict):
            return waarde.get("tekst", "")
        if isinstance(waarde, dict):
            return " | ".join(f"{k}: {_short(_tekst(v), 120)}" for k, v in waarde.items())
        return _tekst(waarde)

    if deel == "afspraken" and rest:
        soort, nummer = rest[0]
        label = ("Systematiek " if soort == AfspraakSoort.SYSTEMATIEK else "Afspraak ") + nummer
    elif deel == "ambities" and rest:
        label = f"Ambitie {rest[0][0]}.{rest[0][1]}"
    else:
        label = " ".join([_DEEL_LABEL.get(deel, deel.capitalize()), *(str(r) for r in rest[:1])])
    if deel == "kader" and rest:
        veld = rest[0]
    conflict.label = f"{label}, {veld}" if veld else label
    conflict.toon_basis = toon(conflict.basis)
    conflict.toon_huidig = toon(conflict.huidig)
    conflict.toon_document = toon(conflict.document)


# ---------------------------------------------------------------------------------------------
# The desired state (from the document) and the current state (from the database)


def _unique_slug(base: str, used: set[str]) -> str:
    slug = (slugify(base) or "begrip")[:110]
    candidate, n = slug, 2
    while candidate in used:
        candidate = f"{slug}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def build_gewenst(
    *,
    document: ParsedDocument,
    koppelingen: list[Koppeling],
    known: list[Organisatie],
    zoektermen: dict[str, list[str]] | None = None,
) -> dict:
    """The register as the document describes it. ``zoektermen``: the search words of the
    kader's existing begrippen by slug, as a beheerder may have adjusted them; they are kept
    (and used to recognise begrippen) instead of being derived from the term again."""
    party_refs = []
    k: Koppeling | None  # below also a party found by name, or none
    for k in koppelingen:
        names = {k.partij.aanduiding, k.partij.naam}
        if k.organisatie:
            names |= set(_org_names(k.organisatie))
            if k.soort == OrganisatieSoort.GEMEENTE:
                names.add(k.organisatie.korte_naam)
        party_refs.append(PartyRef(k.key, k.soort, tuple(sorted(n for n in names if n))))
    gewenst: dict = {
        "kader": {
            "titel": document.titel,
            "periode_van": document.periode_van,
            "periode_tot": document.periode_tot,
            "ondertekend_op": document.ondertekend_op.isoformat()
            if document.ondertekend_op
            else None,
            "ondertekend_te": document.ondertekend_te,
            "inleiding": document.inleiding,
        },
        "partijen": [
            {"organisatie": k.key, "aanduiding": k.partij.aanduiding[:100]} for k in koppelingen
        ],
    }
    gewenst["ondertekenaars"] = [
        {
            "organisatie": (lambda k: k.key if k else None)(
                _koppeling_for_name(o.organisatie_naam, koppelingen)
            ),
            "organisatie_naam": o.organisatie_naam[:200],
            "naam": o.naam[:200],
            "functie": o.functie[:200],
            "namens": o.namens[:200],
        }
        for o in document.ondertekenaars
    ]
    gewenst["themas"] = {
        t.nummer: {"titel": t.titel[:300], "opgave": t.opgave, "doel": t.doel}
        for t in document.themas
    }
    gewenst["ambities"] = {
        (t.nummer, i): a.tekst for t in document.themas for i, a in enumerate(t.ambities, start=1)
    }
    used: set[str] = set()
    matcher = BegripMatcher()
    begrippen: dict[str, dict] = {}
    for volgorde, b in enumerate(document.begrippen, start=1):
        slug = _unique_slug(b.term, used)
        termen = (zoektermen or {}).get(slug) or zoektermen_for(b.term)
        matcher.add(slug, termen)
        begrippen[slug] = {
            "term": b.term[:200],
            "definitie": b.definitie,
            "zoektermen": termen,
            "volgorde": volgorde,
            "onderdelen": [[o.groep[:100], o.code[:20], o.omschrijving] for o in b.onderdelen],
        }
    gewenst["begrippen"] = begrippen
    afspraken: dict[tuple[str, str], dict] = {}
    for volgorde, a in enumerate(document.afspraken, start=1):
        herkend = recognise_parties(a.tekst, party_refs)
        trekker = recognise_trekker(a.tekst, party_refs)
        termijn = recognise_termijn(a.tekst)
        if trekker:  # the trekker acts
            for h in herkend:
                if h.key == trekker[0]:
                    h.rol = PartijRol.UITVOEREND
        afspraken[(a.soort, a.nummer)] = {
            "thema": a.thema_nummer,
            "tekst": a.tekst,
            "volgorde": volgorde,
            # key → [herkenning, herkend woord, rol]
            "partijen": {h.key: [h.herkenning, h.woord[:100], h.rol] for h in herkend},
            "trekker": trekker[0] if trekker else None,
            "jaar": termijn[0] if termijn else None,
            "termijn": termijn[1][:200] if termijn else "",
            "begrippen": sorted(matcher.find(a.tekst)),
        }
    gewenst["afspraken"] = afspraken
    all_refs = list(koppelingen)
    gewenst["convenanten"] = []
    known_index = _index_organisaties(known)
    for c in document.convenanten:
        keys = []
        for name in c.partijnamen:
            k = _koppeling_for_name(name, all_refs)
            if k is not None:
                keys.append(k.key)
                continue
            matches = {o.pk for key in _name_keys(name) for o in known_index.get(key, [])}
            if len(matches) == 1:
                keys.append(matches.pop())
        gewenst["convenanten"].append(
            {
                "naam": c.naam[:300],
                "jaar": c.jaar,
                "jaar_tot": c.jaar_tot,
                "partijnamen": c.partijnamen,
                "partijen": sorted(set(keys), key=str),
            }
        )
    gewenst["tabellen"] = {}
    for t in document.tabellen:
        rijen = []
        for r in t.rijen:
            k = None if r.is_totaal else _koppeling_for_name(r.label, koppelingen)
            rijen.append([r.label[:200], k.key if k else None, r.is_totaal, r.waarden])
        gewenst["tabellen"][t.nummer[:20]] = {
            "titel": t.titel[:400],
            "thema": t.thema_nummer,
            "kolommen": t.kolommen,
            "voetnoot": t.voetnoot or "",
            "controles": t.controles,
            "rijen": rijen,
        }
    gewenst["tekstblokken"] = [
        {"titel": t.titel[:300], "thema": t.thema_nummer, "tekst": t.tekst}
        for t in document.tekstblokken
    ]
    gewenst["voetnoten"] = [
        {
            "nummer": v.nummer[:10],
            "tekst": v.tekst,
            # where it stands: afspraken by [soort, nummer], ambities by [thema, volgorde],
            # tabellen by nummer, tekstblokken by volgorde
            "afspraken": [list(a) for a in v.afspraken],
            "ambities": [list(a) for a in v.ambities],
            "tabellen": [n[:20] for n in v.tabellen],
            "tekstblokken": list(v.tekstblokken),
        }
        for v in document.voetnoten
    ]
    return gewenst


def build_huidig(kader: Afsprakenkader) -> dict:
    """The same structure as build_gewenst, read from the database."""
    huidig: dict = {
        "kader": {
            "titel": kader.titel,
            "periode_van": kader.periode_van,
            "periode_tot": kader.periode_tot,
            "ondertekend_op": kader.ondertekend_op.isoformat() if kader.ondertekend_op else None,
            "ondertekend_te": kader.ondertekend_te,
            "inleiding": kader.inleiding,
        },
        "partijen": [
            {"organisatie": p.organisatie_id, "aanduiding": p.aanduiding}
            for p in kader.partij_set.order_by("volgorde", "id")
        ],
        "ondertekenaars": [
            {
                "organisatie": o.organisatie_id,
                "organisatie_naam": o.organisatie_naam,
                "naam": o.naam,
                "functie": o.functie,
                "namens": o.namens,
            }
            for o in kader.ondertekenaars.order_by("volgorde", "id")
        ],
    }
    themas = list(kader.themas.all())
    # thema_id is None for a record without a thema: by_id.get(None) is None
    by_id: dict[int | None, int] = {t.pk: t.nummer for t in themas}
    huidig["themas"] = {
        t.nummer: {"titel": t.titel, "opgave": t.opgave, "doel": t.doel} for t in themas
    }
    huidig["ambities"] = {
        (by_id[a.thema_id], a.volgorde): a.tekst for a in Ambitie.objects.filter(thema__kader=kader)
    }
    begrippen = {}
    slug_by_id = {}
    for b in kader.begrippen.prefetch_related("onderdelen"):
        slug_by_id[b.pk] = b.slug
        begrippen[b.slug] = {
            "term": b.term,
            "definitie": b.definitie,
            "zoektermen": list(b.zoektermen or []),
            "volgorde": b.volgorde,
            "onderdelen": [[o.groep, o.code, o.omschrijving] for o in b.onderdelen.all()],
        }
    huidig["begrippen"] = begrippen
    afspraken = {}
    for a in kader.afspraken.prefetch_related("partij_links", "begrippen"):
        afspraken[(a.soort, a.nummer)] = {
            "thema": by_id.get(a.thema_id),
            "tekst": a.tekst,
            "volgorde": a.volgorde,
            "partijen": {
                p.organisatie_id: [p.herkenning, p.herkend_woord, p.rol]
                for p in a.partij_links.all()
            },
            "trekker": a.trekker_id,
            "jaar": a.jaar,
            "termijn": a.termijn,
            "begrippen": sorted(slug_by_id[b.pk] for b in a.begrippen.all()),
        }
    huidig["afspraken"] = afspraken
    huidig["convenanten"] = [
        {
            "naam": c.naam,
            "jaar": c.jaar,
            "jaar_tot": c.jaar_tot,
            "partijnamen": list(c.partijnamen or []),
            "partijen": sorted({o.pk for o in c.partijen.all()}, key=str),
        }
        for c in kader.convenanten.prefetch_related("partijen").order_by("volgorde", "id")
    ]
    huidig["tabellen"] = {
        t.nummer: {
            "titel": t.titel,
            "thema": by_id.get(t.thema_id),
            "kolommen": list(t.kolommen),
            "voetnoot": t.voetnoot,
            "controles": [
                {
                    "tabel": t.nummer,
                    "rij": c.rij,
                    "kolom": c.kolom,
                    "soort": c.soort,
                    "gedrukt": _getal(c.gedrukt),
                    "berekend": _getal(c.berekend),
                }
                for c in t.controle_set.all()
            ],
            "rijen": [
                [r.label, r.organisatie_id, r.is_totaal, list(r.waarden)] for r in t.rijen.all()
            ],
        }
        for t in kader.tabellen.prefetch_related("rijen", "controle_set")
    }
    huidig["tekstblokken"] = [
        {"titel": t.titel, "thema": by_id.get(t.thema_id), "tekst": t.tekst}
        for t in kader.tekstblokken.order_by("volgorde", "id")
    ]
    tekstblok_volgorde = {t.pk: t.volgorde for t in kader.tekstblokken.all()}
    huidig["voetnoten"] = [
        {
            "nummer": v.nummer,
            "tekst": v.tekst,
            "afspraken": [[a.soort, a.nummer] for a in v.afspraken.order_by("soort", "volgorde")],
            "ambities": [
                [by_id[a.thema_id], a.volgorde]
                for a in v.ambities.order_by("thema__nummer", "volgorde")
            ],
            "tabellen": [t.nummer for t in v.tabellen.order_by("volgorde")],
            "tekstblokken": sorted(tekstblok_volgorde[t.pk] for t in v.tekstblokken.all()),
        }
        for v in kader.voetnoten.order_by("volgorde", "id").prefetch_related(
            "afspraken", "ambities", "tabellen", "tekstblokken"
        )
    ]
    return huidig


def _getal(value):
    """A stored TabelControle figure as the table check writes it (415, not Decimal('415.00'))."""
    return int(value) if value == int(value) else float(value)


def _short(text, length: int = 300) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def _tekst(value) -> str:
    """A value of the register in words, for a BijstellingWijziging row."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_tekst(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _names(keys, koppelingen: list[Koppeling]) -> str:
    by_key = {k.key: k.partij.aanduiding for k in koppelingen}
    return ", ".join(sorted(str(by_key.get(k, k)) for k in keys))


def _list_wijzigingen(
    onderdeel: str, old: list, new: list, koppelingen: list[Koppeling]
) -> list[Wijziging]:
    """Item-by-item differences of a list part (convenanten, ondertekenaars, …), in order."""

    def label(item, index: int) -> str:
        if isinstance(item, dict):
            for f in ("naam", "titel", "aanduiding", "nummer"):
                if item.get(f):
                    return _short(str(item[f]), 80)
        return str(index + 1)

    def show(item: dict, f: str) -> str:
        if f == "partijen" and isinstance(item[f], list | dict):
            return "partijen: " + _names(item[f], koppelingen)
        return f"{f}: {_short(str(item[f]), 120)}"

    out: list[Wijziging] = []
    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) else None
        b = new[i] if i < len(new) else None
        if a == b:
            continue
        if a is None:
            out.append(Wijziging(onderdeel, label(b, i), NIEUW, nieuw=_short(str(b), 160)))
        elif b is None:
            out.append(Wijziging(onderdeel, label(a, i), VERWIJDERD, oud=_short(str(a), 160)))
        elif isinstance(a, dict) and isinstance(b, dict):
            velden = [f for f in b if b.get(f) != a.get(f)]
            out.append(
                Wijziging(
                    onderdeel,
                    label(b, i),
                    GEWIJZIGD,
                    velden,
                    " | ".join(show(a, f) for f in velden if f in a),
                    " | ".join(show(b, f) for f in velden),
                    per_veld=[
                        (
                            f,
                            show(a, f).split(": ", 1)[1] if f in a else "",
                            show(b, f).split(": ", 1)[1],
                        )
                        for f in velden
                    ],
                )
            )
        else:
            out.append(Wijziging(onderdeel, label(b, i), GEWIJZIGD, [], str(a), str(b)))
    return out


def _afspraak_waarde(veld: str, waarde, koppelingen: list[Koppeling]) -> str:
    """One field of an afspraak in words, as the preview and the bijstelling show it."""
    if veld == "partijen":
        return _names(waarde, koppelingen)
    if veld == "trekker":
        return _names([waarde], koppelingen) if waarde else "geen"
    if veld == "tekst":
        return waarde or ""
    return _tekst(waarde)


def compute_wijzigingen(
    huidig: dict, gewenst: dict, koppelingen: list[Koppeling]
) -> list[Wijziging]:
    out: list[Wijziging] = []
    velden_kader = [f for f in gewenst["kader"] if gewenst["kader"][f] != huidig["kader"][f]]
    if velden_kader:
        out.append(
            Wijziging(
                "kader",
                "",
                GEWIJZIGD,
                velden_kader,
                "; ".join(_short(huidig["kader"][f], 80) for f in velden_kader),
                "; ".join(_short(gewenst["kader"][f], 80) for f in velden_kader),
                per_veld=[
                    (f, _tekst(huidig["kader"][f]), _tekst(gewenst["kader"][f]))
                    for f in velden_kader
                ],
            )
        )
    for nummer in sorted(set(huidig["themas"]) | set(gewenst["themas"])):
        old, new = huidig["themas"].get(nummer), gewenst["themas"].get(nummer)
        if old == new:
            continue
        if old is None:
            out.append(Wijziging("thema", str(nummer), NIEUW, nieuw=new["titel"]))
        elif new is None:
            out.append(Wijziging("thema", str(nummer), VERWIJDERD, oud=old["titel"]))
        else:
            velden = [f for f in new if new[f] != old[f]]
            out.append(
                Wijziging(
                    "thema",
                    str(nummer),
                    GEWIJZIGD,
                    velden,
                    " / ".join(_short(old[f]) for f in velden),
                    " / ".join(_short(new[f]) for f in velden),
                    per_veld=[(f, _tekst(old[f]), _tekst(new[f])) for f in velden],
                )
            )
    for key in sorted(set(huidig["ambities"]) | set(gewenst["ambities"])):
        old, new = huidig["ambities"].get(key), gewenst["ambities"].get(key)
        if old == new:
            continue
        actie = NIEUW if old is None else VERWIJDERD if new is None else GEWIJZIGD
        out.append(
            Wijziging(
                "ambitie",
                f"{key[0]}.{key[1]}",
                actie,
                [],
                _short(old or ""),
                _short(new or ""),
                per_veld=[("tekst", old, new)] if actie == GEWIJZIGD else [],
            )
        )

    def afspraak_key(k):
        return (k[0], [int(p) if p.isdigit() else p for p in re.split(r"[.]", k[1])])

    for key in sorted(set(huidig["afspraken"]) | set(gewenst["afspraken"]), key=afspraak_key):
        old, new = huidig["afspraken"].get(key), gewenst["afspraken"].get(key)
        onderdeel = "afspraak" if key[0] == AfspraakSoort.STRATEGISCH else "systematiek"
        if old is None:
            out.append(Wijziging(onderdeel, key[1], NIEUW, nieuw=_short(new["tekst"])))
            continue
        if new is None:
            out.append(Wijziging(onderdeel, key[1], VERWIJDERD, oud=_short(old["tekst"])))
            continue
        velden = [f for f in new if f != "volgorde" and new[f] != old[f]]
        if not velden:
            continue
        oud, nieuw = [], []
        per_veld = []
        for f in velden:
            o, n = (
                _afspraak_waarde(f, old[f], koppelingen),
                _afspraak_waarde(f, new[f], koppelingen),
            )
            per_veld.append((f, o, n))
            if f == "tekst":
                oud.append(o)
                nieuw.append(n)
            else:
                oud.append(f"{f}: {o}")
                nieuw.append(f"{f}: {n}")
        out.append(
            Wijziging(
                onderdeel,
                key[1],
                GEWIJZIGD,
                velden,
                " | ".join(oud),
                " | ".join(nieuw),
                per_veld=per_veld,
            )
        )
    for slug in sorted(set(huidig["begrippen"]) | set(gewenst["begrippen"])):
        old, new = huidig["begrippen"].get(slug), gewenst["begrippen"].get(slug)
        if old == new:
            continue
        if old is None:
            out.append(Wijziging("begrip", new["term"], NIEUW, nieuw=_short(new["definitie"])))
        elif new is None:
            out.append(Wijziging("begrip", old["term"], VERWIJDERD, oud=_short(old["definitie"])))
        else:
            velden = [f for f in new if new[f] != old[f]]
            out.append(
                Wijziging(
                    "begrip",
                    new["term"],
                    GEWIJZIGD,
                    velden,
                    _short(old["definitie"]) if "definitie" in velden else "",
                    _short(new["definitie"]) if "definitie" in velden else "",
                    per_veld=[(f, _tekst(old[f]), _tekst(new[f])) for f in velden],
                )
            )
    for onderdeel in ("partijen", "ondertekenaars", "convenanten", "tekstblokken", "voetnoten"):
        out += _list_wijzigingen(onderdeel, huidig[onderdeel], gewenst[onderdeel], koppelingen)
    for nummer in sorted(set(huidig["tabellen"]) | set(gewenst["tabellen"])):
        old, new = huidig["tabellen"].get(nummer), gewenst["tabellen"].get(nummer)
        if old == new:
            continue
        actie = NIEUW if old is None else VERWIJDERD if new is None else GEWIJZIGD
        velden = [f for f in new if new[f] != old[f]] if old and new else []
        out.append(Wijziging("tabel", nummer, actie, velden))
    return out
