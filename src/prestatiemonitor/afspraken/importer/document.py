"""What the parser finds in a document: plain dataclasses, no database."""

from dataclasses import dataclass, field
from datetime import date

TABELCONTROLE = "tabelcontrole"


@dataclass
class Melding:
    """A message for the import report: something the parser could not place or doubts."""

    regel: int | None
    tekst: str
    soort: str = "waarschuwing"  # waarschuwing | info | tabelcontrole (a sum mismatch)

    def __str__(self) -> str:
        return f"regel {self.regel}: {self.tekst}" if self.regel else self.tekst

    def as_dict(self) -> dict:
        return {"soort": self.soort, "regel": self.regel, "tekst": self.tekst}


@dataclass
class DocPartij:
    naam: str  # as printed, e.g. "Woningstichting Nijkerk"
    aanduiding: str  # "hierna te noemen", e.g. "WSN"
    regel: int | None = None
    soort: str = ""  # inferred: gemeente | woningcorporatie | huurdersorganisatie | ""


@dataclass
class DocOndertekenaar:
    organisatie_naam: str
    naam: str
    functie: str = ""
    namens: str = ""
    regel: int | None = None


@dataclass
class DocAmbitie:
    tekst: str
    regel: int | None = None


@dataclass
class DocAfspraak:
    nummer: str
    tekst: str
    thema_nummer: int | None
    soort: str = "strategisch"  # strategisch | systematiek
    regel: int | None = None
    voetnoten: list[str] = field(default_factory=list)


@dataclass
class DocThema:
    nummer: int
    titel: str
    opgave: str = ""
    doel: str = ""
    regel: int | None = None
    ambities: list[DocAmbitie] = field(default_factory=list)


@dataclass
class DocBegripOnderdeel:
    omschrijving: str
    groep: str = ""
    code: str = ""


@dataclass
class DocBegrip:
    term: str
    definitie: str = ""
    regel: int | None = None
    onderdelen: list[DocBegripOnderdeel] = field(default_factory=list)


@dataclass
class DocConvenant:
    naam: str
    jaar: int | None
    jaar_tot: int | None
    partijnamen: list[str]
    regel: int | None = None


@dataclass
class DocTabelRij:
    label: str
    waarden: list
    is_totaal: bool = False


@dataclass
class DocTabel:
    nummer: str
    titel: str
    kolommen: list[str]
    rijen: list[DocTabelRij]
    thema_nummer: int | None = None
    # the texts of the footnotes printed under it, without their numbers (derived: the
    # footnotes themselves, with their anchors, are in ParsedDocument.voetnoten)
    voetnoot: str = ""
    regel: int | None = None
    controles: list[dict] = field(default_factory=list)


@dataclass
class DocTekstblok:
    titel: str
    tekst: str
    thema_nummer: int | None = None
    regel: int | None = None


@dataclass
class DocVoetnoot:
    """A footnote and the records it annotates: where its marker ('[^2]') stands in a text,
    and the tables it is printed under (footnote 1 of Nijkerk belongs to Tabel 1 and 2)."""

    nummer: str
    tekst: str
    regel: int | None = None
    afspraken: list[tuple[str, str]] = field(default_factory=list)  # (soort, nummer)
    ambities: list[tuple[int, int]] = field(default_factory=list)  # (thema, volgorde from 1)
    tabellen: list[str] = field(default_factory=list)  # tabel nummers
    tekstblokken: list[int] = field(default_factory=list)  # index in tekstblokken, from 1


@dataclass
class ParsedDocument:
    bestandsnaam: str
    titel: str = ""
    periode_van: int | None = None
    periode_tot: int | None = None
    ondertekend_op: date | None = None
    ondertekend_te: str = ""
    inleiding: str = ""
    partijen: list[DocPartij] = field(default_factory=list)
    ondertekenaars: list[DocOndertekenaar] = field(default_factory=list)
    themas: list[DocThema] = field(default_factory=list)
    afspraken: list[DocAfspraak] = field(default_factory=list)
    begrippen: list[DocBegrip] = field(default_factory=list)
    convenanten: list[DocConvenant] = field(default_factory=list)
    tabellen: list[DocTabel] = field(default_factory=list)
    tekstblokken: list[DocTekstblok] = field(default_factory=list)
    voetnoten: list[DocVoetnoot] = field(default_factory=list)
    meldingen: list[Melding] = field(default_factory=list)

    def thema(self, nummer: int | None) -> DocThema | None:
        return next((t for t in self.themas if t.nummer == nummer), None)

    @property
    def strategische_afspraken(self) -> list[DocAfspraak]:
        return [a for a in self.afspraken if a.soort == "strategisch"]

    @property
    def systematiek(self) -> list[DocAfspraak]:
        return [a for a in self.afspraken if a.soort == "systematiek"]

    @property
    def tabel_afwijkingen(self) -> list[dict]:
        return [c for t in self.tabellen for c in t.controles]
