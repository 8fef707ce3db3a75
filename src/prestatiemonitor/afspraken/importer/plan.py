"""Planning an import: read and parse the document, match its parties, compare it with the
kader in the database. Writes nothing.

``import_plan`` is the service; ``ImportPlan`` is what it returns (the document, the matched
parties, the desired, current and base states, the differences and conflicts) and what the
preview, the CLI report and the apply use. Kaders imported before the Brondocument existed
have no base: then the register is compared with the document directly (two-way) and the plan
says so (``basis_melding``).

The parsed document can be stored as JSON (``document_als_json``/``document_uit_json``), so
the web flow parses the upload once and plans again from the stored parse.

Separate from the apply (``toepassen.py``) because planning is read-only and runs on every
preview; the apply takes a plan and writes it.
"""

import copy
import dataclasses
import hashlib
import json
import types
import typing
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError

from prestatiemonitor.organisaties.models import Gebied, Organisatie

from ..constants import AfspraakSoort
from ..models import Afsprakenkader, Brondocument
from ..permissions import KADER_IMPORTEREN, check_capability
from .document import TABELCONTROLE, Melding, ParsedDocument
from .errors import ImportFout
from .matching import Koppeling, match_organisaties
from .parser import parse_document
from .reader import read_document
from .tables import getal_nl
from .vergelijking import (
    DOCUMENT,
    REGISTER,
    Conflict,
    Wijziging,
    _conflict_tonen,
    _short,
    _zet,
    build_gewenst,
    build_huidig,
    compute_wijzigingen,
    samenvoegen,
)


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
    if origin is tuple:
        # JSON has no tuples: a fixed tuple (e.g. a footnote's (thema, volgorde)) comes back as
        # a list and is made a tuple again, element by element.
        args = typing.get_args(soort)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_uit_json(args[0], v) for v in waarde)
        return tuple(_uit_json(a, v) for a, v in zip(args, waarde, strict=True))
    if soort is date and isinstance(waarde, str):
        return date.fromisoformat(waarde)
    return waarde


def document_uit_json(data: dict) -> ParsedDocument:
    return _uit_json(ParsedDocument, data)


# ---------------------------------------------------------------------------------------------
# The planning service


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
