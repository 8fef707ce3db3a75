"""Planning and applying a document import (HackSoft style: keyword-only, atomic, audited).

``import_plan`` reads, parses, matches the organisations and computes the differences with the
kader already in the database; it writes nothing. ``import_apply`` writes the plan in one
transaction: a new kader is created; an existing one is updated *in place* (so the history of
an Afspraak shows its old text), with a Bijstelling recording the differences. Every apply
writes an ImportVerslag, a Brondocument (the imported bytes) and an audit record.

A re-import is a three-way comparison. The *base* is the document imported last (its
Brondocument, parsed again); only what changed between the base and the new document is
applied, so a bijstelling made by hand since (a party added to an afspraak) survives an import
of the unchanged document. Where the new document and a manual bijstelling changed the same
field differently, the plan holds a ``Conflict`` and the beheerder chooses per conflict: keep
the register or take the document. Kaders imported before the Brondocument existed have no
base: then the register is compared with the document directly (two-way) and the preview says
so.

The web flow parses once: the upload stores the parsed document (and the parsed base) with the
``ImportConcept``; the preview and the confirmation rebuild the plan from that, without reading
the bytes again, and the confirmation still refuses a plan the register has moved away from.
"""

import copy
import dataclasses
import hashlib
import json
import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from prestatiemonitor.audit.services import audit_record_create
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Gebied, Organisatie

from ..constants import AfspraakSoort, KaderStatus, PartijHerkenning, PartijRol
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
    ImportConcept,
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
from ..permissions import KADER_IMPORTEREN, can_view_import_concept, check_capability
from .document import TABELCONTROLE, DocPartij, Melding, ParsedDocument
from .errors import Fout, ImportFout
from .parser import parse_document
from .reader import read_document
from .recognition import (
    BegripMatcher,
    PartyRef,
    recognise_parties,
    recognise_termijn,
    recognise_trekker,
    zoektermen_for,
)
from .tables import getal_nl
from .text import normalise

NIEUW = "nieuw"
GEWIJZIGD = "gewijzigd"
VERWIJDERD = "verwijderd"


@dataclass
class Koppeling:
    """A party of the document matched to an organisation (or one to be created)."""

    partij: DocPartij
    organisatie: Organisatie | None
    soort: str
    corporatie_key: object = None

    @property
    def key(self) -> object:
        return self.organisatie.pk if self.organisatie else f"nieuw:{self.partij.aanduiding}"

    @property
    def nieuw(self) -> bool:
        return self.organisatie is None

    @property
    def naam(self) -> str:
        return self.organisatie.naam if self.organisatie else self.partij.naam


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


@dataclass
class ImportPlan:
    gemeente: Gebied
    document: ParsedDocument
    bestandsnaam: str
    sha256: str
    kader: Afsprakenkader | None
    koppelingen: list[Koppeling]
    gewenst: dict
    huidig: dict | None
    wijzigingen: list[Wijziging]
    meldingen: list[Melding]
    inhoud: bytes = b""
    # The register as the document imported last describes it (the base of the three-way
    # comparison); None for a new kader and for a kader without a Brondocument (two-way).
    basis: dict | None = None
    basis_document: ParsedDocument | None = None
    basis_sha256: str = ""
    # Why a re-import compares two-way (shown in the preview); empty otherwise.
    basis_melding: str = ""
    # What the import writes: the document for a new kader or a two-way comparison, the
    # three-way merge otherwise (conflicts as in the register until the beheerder chooses).
    doel: dict | None = None
    conflicten: list[Conflict] = field(default_factory=list)
    keuzes: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.doel is None:
            self.doel = self.gewenst

    @property
    def is_nieuw(self) -> bool:
        return self.kader is None

    @property
    def drieweg(self) -> bool:
        return self.basis is not None

    @property
    def ongewijzigd(self) -> bool:
        return self.kader is not None and not self.wijzigingen and not self.conflicten

    @property
    def ongewijzigd_tekst(self) -> str:
        if self.huidig == self.gewenst or not self.drieweg:
            return "Geen wijzigingen: het register komt al overeen met dit document."
        return (
            "Geen wijzigingen: het document is niet gewijzigd ten opzichte van de vorige import. "
            "Bijstellingen die sindsdien in het register zijn vastgelegd, blijven staan."
        )

    def met_keuzes(self, keuzes: dict[int, str]) -> "ImportPlan":
        """This plan with the beheerder's choice per conflict (index → REGISTER | DOCUMENT)."""
        onbekend = [i for i in keuzes if not 0 <= i < len(self.conflicten)]
        if onbekend or any(k not in (REGISTER, DOCUMENT) for k in keuzes.values()):
            raise ValidationError("Onbekende keuze bij een conflict.")
        doel = copy.deepcopy(self.doel)
        for index, conflict in enumerate(self.conflicten):
            if keuzes.get(index) == DOCUMENT:
                _zet(doel, conflict.pad, conflict.document)
        return dataclasses.replace(
            self,
            doel=doel,
            keuzes=dict(keuzes),
            wijzigingen=compute_wijzigingen(self.huidig, doel, self.koppelingen)
            if self.huidig
            else [],
        )

    @property
    def nieuwe_organisaties(self) -> list[Koppeling]:
        return [k for k in self.koppelingen if k.nieuw]

    @property
    def tabel_afwijkingen(self) -> list[dict]:
        return self.document.tabel_afwijkingen

    @property
    def resultaat(self) -> str:
        if self.is_nieuw:
            return "nieuw"
        return "geen wijzigingen" if self.ongewijzigd else "gewijzigd"

    @property
    def samenvatting(self) -> dict:
        g = self.gewenst
        return {
            "resultaat": self.resultaat,
            "themas": len(g["themas"]),
            "ambities": len(g["ambities"]),
            "afspraken": sum(1 for k in g["afspraken"] if k[0] == AfspraakSoort.STRATEGISCH),
            "systematiek": sum(1 for k in g["afspraken"] if k[0] == AfspraakSoort.SYSTEMATIEK),
            "begrippen": len(g["begrippen"]),
            "convenanten": len(g["convenanten"]),
            "tabellen": len(g["tabellen"]),
            "tekstblokken": len(g["tekstblokken"]),
            "voetnoten": len(g["voetnoten"]),
            "ondertekenaars": len(g["ondertekenaars"]),
            "partijen": len(g["partijen"]),
            "wijzigingen": len(self.wijzigingen),
            "conflicten": len(self.conflicten),
            "tabelafwijkingen": len(self.tabel_afwijkingen),
            "waarschuwingen": sum(1 for m in self.meldingen if m.soort == "waarschuwing"),
            "nieuwe_organisaties": [f"{k.naam} ({k.soort})" for k in self.nieuwe_organisaties],
        }

    @property
    def vingerafdruk(self) -> str:
        """Identifies what the user saw in the preview; differs when the register changed since."""
        seen = {
            "sha": self.sha256,
            "nieuw": self.is_nieuw,
            "wijzigingen": [w.as_dict() for w in self.wijzigingen],
            "organisaties": [k.naam for k in self.nieuwe_organisaties],
            "conflicten": [c.as_dict() for c in self.conflicten],
            "drieweg": self.drieweg,
        }
        return hashlib.sha256(json.dumps(seen, sort_keys=True, default=str).encode()).hexdigest()

    def wijzigingen_per(self, onderdeel: str) -> list[Wijziging]:
        return [w for w in self.wijzigingen if w.onderdeel == onderdeel]

    def report_lines(self) -> list[str]:
        """The import report as text lines (CLI output, tests)."""
        s = self.samenvatting
        lines = [
            f"Document: {self.bestandsnaam} (sha256 {self.sha256[:12]}…)",
            f"Kader: {self.gewenst['kader']['titel']} ({self.gewenst['kader']['periode_van']}–"
            f"{self.gewenst['kader']['periode_tot']}), gemeente {self.gemeente.naam}",
            f"Resultaat: {self.resultaat}",
            f"Thema's: {s['themas']}, ambities: {s['ambities']}, afspraken: {s['afspraken']}, "
            f"systematiek: {s['systematiek']}, begrippen: {s['begrippen']}, convenanten: "
            f"{s['convenanten']}, tabellen: {s['tabellen']}, tekstblokken: {s['tekstblokken']}, "
            f"voetnoten: {s['voetnoten']}, ondertekenaars: {s['ondertekenaars']}",
        ]
        for k in self.koppelingen:
            status = "NIEUW aan te maken" if k.nieuw else "bestaand"
            lines.append(f"Partij '{k.partij.aanduiding}' = {k.naam} ({k.soort}, {status})")
        if self.basis_melding:
            lines.append(self.basis_melding)
        if self.ongewijzigd:
            lines.append(self.ongewijzigd_tekst)
        elif not self.is_nieuw:
            lines.append(f"Wijzigingen ({len(self.wijzigingen)}):")
            for w in self.wijzigingen:
                lines.append(f"  - {w}")
                if w.oud or w.nieuw:
                    lines.append(f"      oud:   {w.oud}")
                    lines.append(f"      nieuw: {w.nieuw}")
        if self.conflicten:
            lines.append(
                f"Conflicten ({len(self.conflicten)}): het document en een handmatige bijstelling "
                "wijzigden hetzelfde; zonder keuze blijft het register staan:"
            )
            for c in self.conflicten:
                lines.append(f"  - {c.label}")
                lines.append(f"      vorige import: {_short(c.toon_basis, 160)}")
                lines.append(f"      register:      {_short(c.toon_huidig, 160)}")
                lines.append(f"      document:      {_short(c.toon_document, 160)}")
        if self.tabel_afwijkingen:
            lines.append("Afwijkingen in tabellen (gedrukt ≠ herberekend):")
            for c in self.tabel_afwijkingen:
                lines.append(
                    f"  - Tabel {c['tabel']}, rij '{c['rij']}', kolom '{c['kolom']}': gedrukt "
                    f"{getal_nl(c['gedrukt'])}, herberekend {getal_nl(c['berekend'])}"
                )
        others = [m for m in self.meldingen if m.soort != TABELCONTROLE]
        if others:
            lines.append("Meldingen:")
            lines += [f"  - [{m.soort}] {m}" for m in others]
        return lines


# ---------------------------------------------------------------------------------------------
# Organisations


def _org_names(org: Organisatie) -> list[str]:
    names = [org.naam, *[a for a in (org.aliassen or []) if isinstance(a, str)]]
    if org.soort != OrganisatieSoort.GEMEENTE:
        names.append(org.korte_naam)
    return [n for n in names if n]


def _name_keys(name: str) -> set[str]:
    """Normalised forms of a name: as is, without '(HBVA)', the part in brackets, without 'de'."""
    keys = {normalise(name)}
    bare = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()
    keys.add(normalise(bare))
    inner = re.search(r"\(([^)]+)\)", name)
    if inner:
        keys.add(normalise(inner.group(1)))
    keys |= {re.sub(r"^(de|het|stichting)\s+", "", k) for k in list(keys)}
    return {k for k in keys if k}


def _index_organisaties(orgs: list[Organisatie]) -> dict[str, list[Organisatie]]:
    index: dict[str, list[Organisatie]] = {}
    for org in orgs:
        for name in _org_names(org):
            for key in _name_keys(name):
                bucket = index.setdefault(key, [])
                if org not in bucket:
                    bucket.append(org)
    return index


_STOP = {"de", "het", "regio", "stichting", "vereniging", "huurdersorganisatie", "huurders"}


def _tokens(name: str) -> set[str]:
    return {
        t
        for t in re.split(
            r"[^a-z0-9]+", normalise(name).replace("huurdersbelangenvereniging", "huurders")
        )
        if t and t not in _STOP
    }


def match_organisaties(
    *, document: ParsedDocument, gemeente: Gebied
) -> tuple[list[Koppeling], list[Melding]]:
    bestand = document.bestandsnaam
    orgs = list(Organisatie.objects.all())
    index = _index_organisaties([o for o in orgs if o.soort != OrganisatieSoort.GEMEENTE])
    gemeente_org = next(
        (o for o in orgs if o.soort == OrganisatieSoort.GEMEENTE and o.gemeente_id == gemeente.pk),
        None,
    )
    koppelingen: list[Koppeling] = []
    meldingen: list[Melding] = []
    fouten: list[Fout] = []
    for partij in document.partijen:
        if partij.soort == OrganisatieSoort.GEMEENTE:
            if normalise(gemeente.naam) not in normalise(partij.naam):
                fouten.append(
                    Fout(
                        bestand,
                        f"het document is van '{partij.naam}', maar u importeert voor gemeente "
                        f"{gemeente.naam} ({gemeente.cbs_code}).",
                        partij.regel,
                    )
                )
            koppelingen.append(Koppeling(partij, gemeente_org, OrganisatieSoort.GEMEENTE))
            continue
        candidates: list[Organisatie] = []
        for name in (partij.naam, partij.aanduiding):
            for key in _name_keys(name):
                for org in index.get(key, []):
                    if org not in candidates:
                        candidates.append(org)
            if candidates:
                break
        if len(candidates) > 1:
            exact = [o for o in candidates if normalise(o.naam) == normalise(partij.naam)]
            candidates = exact or candidates
        if len(candidates) > 1:
            fouten.append(
                Fout(
                    bestand,
                    f"partij '{partij.naam}' past bij meer dan één organisatie ("
                    + ", ".join(o.naam for o in candidates)
                    + "); maak de namen of andere namen in het beheer eenduidig.",
                    partij.regel,
                )
            )
            continue
        if candidates:
            koppelingen.append(Koppeling(partij, candidates[0], candidates[0].soort))
            continue
        if not partij.soort:
            fouten.append(
                Fout(
                    bestand,
                    f"partij '{partij.naam}' is onbekend en uit de naam valt niet af te leiden of "
                    "het een gemeente, woningcorporatie of huurdersorganisatie is. Voeg de "
                    "organisatie eerst toe in het beheer (of geef haar een andere naam of alias "
                    "die het document gebruikt).",
                    partij.regel,
                )
            )
            continue
        koppelingen.append(Koppeling(partij, None, partij.soort))
    seen: dict[object, Koppeling] = {}
    for k in koppelingen:
        if k.key in seen:
            fouten.append(
                Fout(
                    bestand,
                    f"partijen '{seen[k.key].partij.naam}' en '{k.partij.naam}' verwijzen naar "
                    f"dezelfde organisatie ({k.naam}).",
                    k.partij.regel,
                )
            )
        seen.setdefault(k.key, k)
    corporaties = [k for k in koppelingen if k.soort == OrganisatieSoort.WONINGCORPORATIE]
    for k in koppelingen:
        if not (k.nieuw and k.soort == OrganisatieSoort.HUURDERSORGANISATIE):
            continue
        scored = sorted(
            (
                (len(_tokens(k.partij.naam) & _tokens(c.partij.naam + " " + c.naam)), c)
                for c in corporaties
            ),
            key=lambda pair: -pair[0],
        )
        if scored and (scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0])):
            k.corporatie_key = scored[0][1].key
        elif len(corporaties) == 1:
            k.corporatie_key = corporaties[0].key
        else:
            fouten.append(
                Fout(
                    bestand,
                    f"bij welke corporatie huurdersorganisatie '{k.partij.naam}' hoort, is niet uit "
                    "het document af te leiden; voeg haar eerst toe in het beheer.",
                    k.partij.regel,
                )
            )
    if fouten:
        raise ImportFout(fouten)
    for k in koppelingen:
        if k.nieuw:
            meldingen.append(
                Melding(
                    k.partij.regel,
                    f"organisatie '{k.partij.naam}' ({k.soort}) is nog onbekend en wordt "
                    "aangemaakt.",
                    "info",
                )
            )
    return koppelingen, meldingen


# ---------------------------------------------------------------------------------------------
# The desired state (from the document) and the current state (from the database)


def _koppeling_for_name(name: str, koppelingen: list[Koppeling]) -> Koppeling | None:
    keys = _name_keys(name)
    for k in koppelingen:
        names = [k.partij.naam, k.partij.aanduiding]
        if k.organisatie:
            names += _org_names(k.organisatie)
        if k.soort == OrganisatieSoort.GEMEENTE:
            # Lists of gemeenten name them bare: "gemeente Amersfoort, Bunschoten, Nijkerk".
            names += [re.sub(r"^gemeente\s+", "", n, flags=re.IGNORECASE) for n in names]
        if any(keys & _name_keys(n) for n in names):
            return k
    return None


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
    by_id = {t.pk: t.nummer for t in themas}
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


# ---------------------------------------------------------------------------------------------
# The parsed document as JSON (stored with the ImportConcept, so the web flow parses once)


def _naar_json(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"niet op te slaan: {type(value).__name__}")


def document_als_json(document: ParsedDocument) -> dict:
    return json.loads(json.dumps(dataclasses.asdict(document), default=_naar_json))


def _uit_json(soort, waarde):
    if waarde is None:
        return None
    if dataclasses.is_dataclass(soort):
        hints = typing.get_type_hints(soort)
        return soort(
            **{
                f.name: _uit_json(hints.get(f.name, typing.Any), waarde[f.name])
                for f in dataclasses.fields(soort)
                if f.init and f.name in waarde
            }
        )
    origin = typing.get_origin(soort)
    if origin in (typing.Union, types.UnionType):
        opties = [a for a in typing.get_args(soort) if a is not type(None)]
        return _uit_json(opties[0], waarde) if len(opties) == 1 else waarde
    if origin is list:
        (item,) = typing.get_args(soort) or (typing.Any,)
        return [_uit_json(item, v) for v in waarde]
    if soort is date and isinstance(waarde, str):
        return date.fromisoformat(waarde)
    return waarde


def document_uit_json(data: dict) -> ParsedDocument:
    return _uit_json(ParsedDocument, data)


# ---------------------------------------------------------------------------------------------
# Services


def _check_permission(acting_user, gemeente: Gebied) -> None:
    """``kader.importeren`` for this gemeente; commands act as SYSTEEM, None is refused."""
    check_capability(
        acting_user,
        KADER_IMPORTEREN,
        gemeente=gemeente,
        melding="Alleen een beheerder van de gemeente mag een document importeren.",
    )


def _lees(data: bytes, bestandsnaam: str) -> ParsedDocument:
    text = read_document(
        data, bestandsnaam=bestandsnaam, max_bytes=settings.AFSPRAKEN_IMPORT_MAX_BYTES
    )
    return parse_document(text, bestandsnaam=bestandsnaam)


def _laatste_brondocument(kader: Afsprakenkader) -> Brondocument | None:
    return (
        Brondocument.objects.filter(kader=kader)
        .defer("inhoud")
        .order_by("-geimporteerd_op", "-id")
        .first()
    )


_GEEN_BASIS = (
    "Van dit kader is het vorige document niet bewaard (het is geïmporteerd voordat de "
    "import dat deed). Het register wordt daarom direct met dit document vergeleken: "
    "handmatige bijstellingen die niet in het document staan, worden teruggezet naar het "
    "document."
)


def _basis(
    kader: Afsprakenkader, bewaard: tuple[str, dict] | None
) -> tuple[ParsedDocument | None, str, str]:
    """The document imported last, parsed (or from ``bewaard``: its sha256 and parse as JSON)."""
    bron = _laatste_brondocument(kader)
    if bron is None:
        return None, "", _GEEN_BASIS
    if bewaard is not None and bewaard[0] == bron.sha256:
        return document_uit_json(bewaard[1]), bron.sha256, ""
    inhoud = Brondocument.objects.filter(pk=bron.pk).values_list("inhoud", flat=True).get()
    try:
        return _lees(bytes(inhoud), bron.bestandsnaam), bron.sha256, ""
    except ImportFout:
        return (
            None,
            "",
            f"Het vorige document ({bron.bestandsnaam}) kan niet meer worden gelezen. Het "
            "register wordt daarom direct met dit document vergeleken: handmatige "
            "bijstellingen die niet in het document staan, worden teruggezet naar het document.",
        )


def _plan(
    *,
    document: ParsedDocument,
    data: bytes,
    bestandsnaam: str,
    gemeente: Gebied,
    basis_bewaard: tuple[str, dict] | None = None,
) -> ImportPlan:
    koppelingen, meldingen = match_organisaties(document=document, gemeente=gemeente)
    known = list(Organisatie.objects.all())
    kader = Afsprakenkader.objects.filter(
        gemeente=gemeente, periode_van=document.periode_van, periode_tot=document.periode_tot
    ).first()
    huidig = build_huidig(kader) if kader else None
    zoektermen = {slug: b["zoektermen"] for slug, b in (huidig or {}).get("begrippen", {}).items()}
    gewenst = build_gewenst(
        document=document, koppelingen=koppelingen, known=known, zoektermen=zoektermen
    )
    basis = basis_document = None
    basis_sha256 = basis_melding = ""
    doel, conflicten = gewenst, []
    if huidig is not None:
        basis_document, basis_sha256, basis_melding = _basis(kader, basis_bewaard)
    if basis_document is not None:
        try:
            basis_koppelingen, _ = match_organisaties(document=basis_document, gemeente=gemeente)
        except ImportFout:
            basis_document, basis_sha256, basis_melding = None, "", _GEEN_BASIS
        else:
            basis = build_gewenst(
                document=basis_document,
                koppelingen=basis_koppelingen,
                known=known,
                zoektermen=zoektermen,
            )
            doel, conflicten = samenvoegen(basis, huidig, gewenst)
            for conflict in conflicten:
                _conflict_tonen(conflict, koppelingen)
    return ImportPlan(
        gemeente=gemeente,
        document=document,
        bestandsnaam=bestandsnaam,
        sha256=hashlib.sha256(data).hexdigest(),
        kader=kader,
        koppelingen=koppelingen,
        gewenst=gewenst,
        huidig=huidig,
        wijzigingen=compute_wijzigingen(huidig, doel, koppelingen) if huidig else [],
        meldingen=[*document.meldingen, *meldingen],
        inhoud=data,
        basis=basis,
        basis_document=basis_document,
        basis_sha256=basis_sha256,
        basis_melding=basis_melding,
        doel=doel,
        conflicten=conflicten,
    )


def import_plan(*, data: bytes, bestandsnaam: str, gemeente: Gebied, acting_user) -> ImportPlan:
    """Read, parse, match and compare. Writes nothing. Raises ImportFout for bad input."""
    _check_permission(acting_user, gemeente)
    document = _lees(data, bestandsnaam)
    return _plan(document=document, data=data, bestandsnaam=bestandsnaam, gemeente=gemeente)


# ---------------------------------------------------------------------------------------------
# Import concepts: the upload waiting for confirmation in the web flow

# Pending uploads nobody confirmed are not kept for long.
CONCEPT_BEWAARTERMIJN = timedelta(days=1)


def _check_concept(concept: ImportConcept, acting_user) -> None:
    if not can_view_import_concept(acting_user, concept):
        raise PermissionDenied("Dit importvoorstel is niet van u.")


@transaction.atomic
def import_concept_create(
    *, data: bytes, bestandsnaam: str, gemeente: Gebied, acting_user
) -> tuple[ImportConcept, ImportPlan]:
    """Plan the upload and keep it (bytes and parse) for the preview. Raises ImportFout."""
    plan = import_plan(
        data=data, bestandsnaam=bestandsnaam, gemeente=gemeente, acting_user=acting_user
    )
    ImportConcept.objects.filter(aangemaakt_op__lt=timezone.now() - CONCEPT_BEWAARTERMIJN).delete()
    concept = ImportConcept(
        gemeente=gemeente,
        bestandsnaam=bestandsnaam[:255],
        inhoud=data,
        aangemaakt_door=acting_user,
        document=document_als_json(plan.document),
        basis_document=document_als_json(plan.basis_document) if plan.basis_document else None,
        basis_sha256=plan.basis_sha256,
    )
    concept.full_clean(exclude=["inhoud"])
    concept.save()
    return concept, plan


def import_concept_plan(*, concept: ImportConcept, acting_user) -> ImportPlan:
    """The plan of a kept upload, against the register as it is now, without parsing again.

    Raises ImportFout when the organisations changed so that the document no longer matches.
    """
    _check_concept(concept, acting_user)
    data = bytes(concept.inhoud)
    if concept.document is None:  # kept before the parse was stored with the upload
        document = _lees(data, concept.bestandsnaam)
    else:
        document = document_uit_json(concept.document)
    bewaard = (
        (concept.basis_sha256, concept.basis_document)
        if concept.basis_document is not None
        else None
    )
    return _plan(
        document=document,
        data=data,
        bestandsnaam=concept.bestandsnaam,
        gemeente=concept.gemeente,
        basis_bewaard=bewaard,
    )


@transaction.atomic
def import_concept_delete(*, concept: ImportConcept, acting_user) -> None:
    _check_concept(concept, acting_user)
    concept.delete()


VEROUDERD_VOORBEELD = "verouderd_voorbeeld"


@transaction.atomic
def import_concept_confirm(
    *,
    concept: ImportConcept,
    plan: ImportPlan,
    vingerafdruk: str,
    acting_user,
    reden: str = "",
    datum: date | None = None,
    besloten_in: str = "",
    keuzes: dict[int, str] | None = None,
) -> ImportVerslag:
    """Apply the plan the user confirmed, and drop the concept.

    ``vingerafdruk`` is the plan the user saw; when the register changed since, nothing is
    written (ValidationError with code ``verouderd_voorbeeld``).
    """
    _check_concept(concept, acting_user)
    if vingerafdruk != plan.vingerafdruk:
        raise ValidationError(
            "Het register is gewijzigd sinds u dit voorbeeld opende. Controleer de bijgewerkte "
            "verschillen hieronder en bevestig opnieuw.",
            code=VEROUDERD_VOORBEELD,
        )
    verslag = import_apply(
        plan=plan,
        acting_user=acting_user,
        reden=reden,
        datum=datum,
        besloten_in=besloten_in,
        keuzes=keuzes,
    )
    concept.delete()
    return verslag


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


def _tag(instance, acting_user, reden: str) -> None:
    """Who and why, for django-simple-history."""
    if getattr(acting_user, "is_authenticated", False):
        instance._history_user = acting_user
    if reden:
        instance._change_reason = reden[:100]


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
    _tag(instance, acting_user, reden)
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
            _tag(link, acting_user, reden or "Import")
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
        _tag(link, acting_user, reden or "Import")
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
            _tag(thema, acting_user, reden)
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
            _tag(ambitie, acting_user, reden)
            ambitie.save()
    for key, ambitie in ambities.items():
        if key not in g["ambities"]:
            _tag(ambitie, acting_user, reden)
            ambitie.delete()
    # begrippen, by slug
    begrippen = {b.slug: b for b in kader.begrippen.all()}
    for slug, values in g["begrippen"].items():
        fields = {k: v for k, v in values.items() if k != "onderdelen"}
        begrip = begrippen.get(slug)
        if begrip is None:
            begrip = Begrip(kader=kader, slug=slug, **fields)
            _tag(begrip, acting_user, reden)
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
            _tag(afspraak, acting_user, reden)
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
            _tag(afspraak, acting_user, reden)
            afspraak.delete()
    for slug, begrip in begrippen.items():
        if slug not in g["begrippen"]:
            _tag(begrip, acting_user, reden)
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
            _tag(thema, acting_user, reden)
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


def gemeente_by_code(code: str) -> Gebied:
    from prestatiemonitor.organisaties.constants import GebiedSoort

    gemeente = Gebied.objects.filter(
        cbs_code__iexact=code.strip(), soort=GebiedSoort.GEMEENTE
    ).first()
    if gemeente is None:
        raise ImportFout(Fout(code, f"geen gemeente met CBS-code '{code}' gevonden."))
    return gemeente
