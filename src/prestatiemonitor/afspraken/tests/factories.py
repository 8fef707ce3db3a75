"""Factories for the register, and ``maak_kader`` which builds a small but realistic kader.

Other apps' tests may import these. ``maak_kader`` follows the shape of the Nijkerk document
(gemeente, two corporations with their tenants' organisations, themes with doel, ambities and
numbered afspraken, begrippen with the plan-hardness sub-items, a convenant, a checked table).
"""

import datetime
from dataclasses import dataclass, field

import factory
from factory.django import DjangoModelFactory

from prestatiemonitor.afspraken.constants import (
    AfspraakSoort,
    ControleSoort,
    KaderStatus,
    PartijHerkenning,
    PartijRol,
    WijzigingActie,
)
from prestatiemonitor.afspraken.models import (
    Afspraak,
    AfspraakPartij,
    Afsprakenkader,
    Ambitie,
    Begrip,
    BegripOnderdeel,
    Bijstelling,
    BijstellingWijziging,
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
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.tests.factories import (
    GebiedFactory,
    GemeenteOrganisatieFactory,
    HuurdersorganisatieFactory,
    OrganisatieFactory,
)


class AfsprakenkaderFactory(DjangoModelFactory):
    class Meta:
        model = Afsprakenkader

    gemeente = factory.SubFactory(GebiedFactory)
    titel = factory.LazyAttribute(lambda k: f"Prestatieafspraken {k.gemeente.naam} 2025–2027")
    slug = factory.Sequence(lambda n: f"kader-{n}-2025-2027")
    periode_van = 2025
    periode_tot = 2027
    ondertekend_op = datetime.date(2025, 2, 20)
    ondertekend_te = factory.LazyAttribute(lambda k: k.gemeente.naam)
    status = KaderStatus.ONDERTEKEND
    gepubliceerd = True


class PartijFactory(DjangoModelFactory):
    class Meta:
        model = Partij

    kader = factory.SubFactory(AfsprakenkaderFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    aanduiding = factory.LazyAttribute(lambda p: p.organisatie.korte_naam)
    volgorde = factory.Sequence(lambda n: n)


class OndertekenaarFactory(DjangoModelFactory):
    class Meta:
        model = Ondertekenaar

    kader = factory.SubFactory(AfsprakenkaderFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    organisatie_naam = factory.LazyAttribute(lambda o: o.organisatie.naam if o.organisatie else "")
    naam = factory.Sequence(lambda n: f"Ondertekenaar {n}")
    functie = "Directeur-bestuurder"
    volgorde = factory.Sequence(lambda n: n)


class ThemaFactory(DjangoModelFactory):
    class Meta:
        model = Thema

    kader = factory.SubFactory(AfsprakenkaderFactory)
    nummer = factory.Sequence(lambda n: n + 1)
    titel = factory.Sequence(lambda n: f"Thema {n + 1}")
    opgave = "Door de toenemende druk op de woningmarkt is een passende woning moeilijk bereikbaar."
    doel = "Er zijn voldoende passende, betaalbare huurwoningen beschikbaar."


class AmbitieFactory(DjangoModelFactory):
    class Meta:
        model = Ambitie

    thema = factory.SubFactory(ThemaFactory)
    volgorde = factory.Sequence(lambda n: n)
    tekst = factory.Sequence(lambda n: f"We streven samen naar ambitie nummer {n}.")


class AfspraakFactory(DjangoModelFactory):
    class Meta:
        model = Afspraak

    thema = factory.SubFactory(ThemaFactory)
    kader = factory.LazyAttribute(lambda a: a.thema.kader if a.thema else None)
    soort = AfspraakSoort.STRATEGISCH
    nummer = factory.Sequence(lambda n: str(n + 1))
    volgorde = factory.LazyAttribute(lambda a: int(a.nummer) if a.nummer.isdigit() else 0)
    tekst = factory.Sequence(lambda n: f"Partijen maken afspraak nummer {n} over wonen.")


class AfspraakPartijFactory(DjangoModelFactory):
    class Meta:
        model = AfspraakPartij

    afspraak = factory.SubFactory(AfspraakFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    herkenning = PartijHerkenning.GENOEMD
    herkend_woord = factory.LazyAttribute(lambda p: p.organisatie.korte_naam)
    rol = PartijRol.UITVOEREND


class BegripFactory(DjangoModelFactory):
    class Meta:
        model = Begrip

    kader = factory.SubFactory(AfsprakenkaderFactory)
    term = factory.Sequence(lambda n: f"Begrip {n}")
    slug = factory.Sequence(lambda n: f"begrip-{n}")
    definitie = "Een omschrijving van het begrip."
    zoektermen = factory.LazyAttribute(lambda b: [b.term.lower()])
    volgorde = factory.Sequence(lambda n: n)


class BegripOnderdeelFactory(DjangoModelFactory):
    class Meta:
        model = BegripOnderdeel

    begrip = factory.SubFactory(BegripFactory)
    groep = "Hard"
    code = factory.Sequence(lambda n: f"{n}A")
    omschrijving = "Onherroepelijk bestemmingsplan of inpassingsplan"
    volgorde = factory.Sequence(lambda n: n)


class ConvenantFactory(DjangoModelFactory):
    class Meta:
        model = Convenant

    kader = factory.SubFactory(AfsprakenkaderFactory)
    naam = factory.Sequence(lambda n: f"Convenant {n}")
    jaar = 2019
    partijnamen = factory.LazyFunction(list)
    volgorde = factory.Sequence(lambda n: n)


class TabelFactory(DjangoModelFactory):
    class Meta:
        model = Tabel

    kader = factory.SubFactory(AfsprakenkaderFactory)
    nummer = factory.Sequence(lambda n: str(n + 1))
    titel = "Prognose ontwikkeling sociale voorraad 2025 t/m 2027"
    kolommen = factory.LazyFunction(lambda: ["Nieuwbouw", "Onttrekking", "Netto toename"])
    volgorde = factory.Sequence(lambda n: n)


class TabelRijFactory(DjangoModelFactory):
    class Meta:
        model = TabelRij

    tabel = factory.SubFactory(TabelFactory)
    volgorde = factory.Sequence(lambda n: n)
    label = factory.Sequence(lambda n: f"Rij {n}")
    waarden = factory.LazyFunction(lambda: [1, 2, 3])


class TekstblokFactory(DjangoModelFactory):
    class Meta:
        model = Tekstblok

    kader = factory.SubFactory(AfsprakenkaderFactory)
    titel = factory.Sequence(lambda n: f"Tekstblok {n}")
    tekst = "De woningcorporaties monitoren jaarlijks de beschikbaarheid (slaagkans)."
    volgorde = factory.Sequence(lambda n: n)


class BijstellingFactory(DjangoModelFactory):
    class Meta:
        model = Bijstelling

    kader = factory.SubFactory(AfsprakenkaderFactory)
    datum = datetime.date(2025, 12, 11)
    reden = "Bijgesteld in het bestuurlijk overleg breed."
    besloten_in = "bestuurlijk overleg breed"


class BijstellingWijzigingFactory(DjangoModelFactory):
    """One change of a bijstelling; pass ``afspraak`` for a change to an afspraak."""

    class Meta:
        model = BijstellingWijziging

    bijstelling = factory.SubFactory(BijstellingFactory)
    afspraak = None
    onderdeel = factory.LazyAttribute(
        lambda w: (
            ("systematiek" if w.afspraak.soort == AfspraakSoort.SYSTEMATIEK else "afspraak")
            if w.afspraak
            else "afspraak"
        )
    )
    sleutel = factory.LazyAttribute(lambda w: w.afspraak.nummer if w.afspraak else "1")
    actie = WijzigingActie.GEWIJZIGD
    veld = "tekst"
    oud = ""
    nieuw = ""
    volgorde = factory.Sequence(lambda n: n)


class TabelControleFactory(DjangoModelFactory):
    class Meta:
        model = TabelControle

    tabel = factory.SubFactory(TabelFactory)
    soort = ControleSoort.KOLOMTOTAAL
    rij = "Totaal"
    kolom = factory.LazyAttribute(lambda c: c.tabel.kolommen[0] if c.tabel.kolommen else "")
    gedrukt = 0
    berekend = 0
    volgorde = factory.Sequence(lambda n: n)


class VoetnootFactory(DjangoModelFactory):
    class Meta:
        model = Voetnoot

    kader = factory.SubFactory(AfsprakenkaderFactory)
    nummer = factory.Sequence(lambda n: str(n + 1))
    tekst = "Deze cijfers zijn prognoses."
    volgorde = factory.Sequence(lambda n: n)


class ImportVerslagFactory(DjangoModelFactory):
    class Meta:
        model = ImportVerslag

    kader = factory.SubFactory(AfsprakenkaderFactory)
    bestandsnaam = "prestatieafspraken.md"
    bron_sha256 = "0" * 64
    samenvatting = factory.LazyFunction(lambda: {"afspraken": 3})
    meldingen = factory.LazyFunction(list)


@dataclass
class KaderSet:
    """What ``maak_kader`` built, by name, for assertions in tests."""

    kader: Afsprakenkader
    gemeente: Organisatie
    wsn: Organisatie
    alliantie: Organisatie
    hon: Organisatie
    hbva: Organisatie
    themas: list[Thema] = field(default_factory=list)
    afspraken: dict[str, Afspraak] = field(default_factory=dict)
    begrippen: dict[str, Begrip] = field(default_factory=dict)
    tabel: Tabel | None = None

    @property
    def organisaties(self) -> list[Organisatie]:
        return [self.gemeente, self.wsn, self.alliantie, self.hon, self.hbva]


# Texts taken from the Nijkerk document, so that pages and search have something real to show.
_THEMAS = [
    (
        "Balans in vraag en aanbod",
        "Er zijn in 2050 voldoende passende, betaalbare huurwoningen beschikbaar.",
        [
            "We bouwen voldoende woningen voor onze lokale woningzoekenden.",
            "Partijen streven ernaar netto minimaal 50 sociale huurwoningen per jaar toe te voegen.",
        ],
        [
            (
                "In ieder nieuwbouwproject is 35% van de woningen in de sociale huursector, "
                "inclusief maximaal 5% sociale koop. De gemeente neemt het initiatief hiertoe.",
                ["gemeente", "wsn", "alliantie", "hon", "hbva"],
                "gemeente",
            ),
            (
                "Jaarlijks actualiseren partijen het overzicht van 'zachte plannen' in de "
                "planmonitor.",
                ["gemeente", "wsn", "alliantie", "hon", "hbva"],
                None,
            ),
            (
                "De woningcorporaties behouden 15% vrije toewijzingsruimte.",
                ["wsn", "alliantie"],
                None,
            ),
        ],
    ),
    (
        "Wonen, zorg en aandachtsgroepen",
        "Nijkerk is een thuis voor iedereen. Niemand valt tussen wal en schip.",
        ["We streven naar een zachte landing in de wijk van aandachtsgroepen."],
        [
            (
                "De gemeente is verantwoordelijk voor het realiseren van de gemeentelijke "
                "taakstelling statushouders. WSN en de Alliantie dragen naar rato bij.",
                ["gemeente", "wsn", "alliantie"],
                "gemeente",
            ),
            (
                "De gemeente is trekker van de op te stellen Woonzorgvisie waarin de "
                "huisvestingsopgave van aandachtsgroepen wordt uitgewerkt.",
                ["gemeente"],
                "gemeente",
            ),
        ],
    ),
]


def _rol(organisatie: Organisatie, tekst: str, is_trekker: bool) -> str:
    """Uitvoerend when the text names the party as acting (by name, or 'de woningcorporaties'
    for a corporation) or it is trekker; betrokken when only 'we' / 'partijen' include it."""
    tekst = tekst.lower()
    genoemd = organisatie.korte_naam.lower() in tekst or (
        organisatie.soort == OrganisatieSoort.WONINGCORPORATIE and "woningcorporaties" in tekst
    )
    return PartijRol.UITVOEREND if genoemd or is_trekker else PartijRol.BETROKKEN


def maak_organisaties() -> dict[str, Organisatie]:
    """The five kinds of parties of a kader, with fresh slugs (several kaders can coexist)."""
    gemeente_gebied = GebiedFactory()
    gemeente = GemeenteOrganisatieFactory(
        naam=f"Gemeente {gemeente_gebied.naam}",
        korte_naam="gemeente",
        gemeente=gemeente_gebied,
        aliassen=["gemeente Nijkerk", "gemeente"],
    )
    wsn = OrganisatieFactory(naam="Woningstichting Nijkerk", korte_naam="WSN", aliassen=["WSN"])
    alliantie = OrganisatieFactory(
        naam="Stichting de Alliantie",
        korte_naam="de Alliantie",
        aliassen=["de Alliantie regio Amersfoort", "Alliantie"],
    )
    hon = HuurdersorganisatieFactory(
        naam="Huurdersorganisatie Nijkerk", korte_naam="HON", corporatie=wsn
    )
    hbva = HuurdersorganisatieFactory(
        naam="HuurdersBelangenVereniging de Alliantie regio Amersfoort",
        korte_naam="HBVA",
        corporatie=alliantie,
    )
    assert gemeente.soort == OrganisatieSoort.GEMEENTE
    return {"gemeente": gemeente, "wsn": wsn, "alliantie": alliantie, "hon": hon, "hbva": hbva}


def maak_kader(
    *,
    gepubliceerd: bool = True,
    extra_themas: int = 0,
    extra_afspraken_per_thema: int = 0,
    organisaties: dict[str, Organisatie] | None = None,
    **kader_velden,
) -> KaderSet:
    """A small realistic kader: 2 themes (plus ``extra_themas``), 5 afspraken (plus extras per
    theme), 1 systematiek, 2 begrippen (one with the hard/soft plan categories), 2 convenanten,
    Tabel 1 with a printed total that does not add up, a tekstblok and a bijstelling."""
    orgs = organisaties or maak_organisaties()
    gemeente_org = orgs["gemeente"]
    kader = AfsprakenkaderFactory(
        gemeente=gemeente_org.gemeente, gepubliceerd=gepubliceerd, **kader_velden
    )
    for volgorde, key in enumerate(["gemeente", "wsn", "alliantie", "hon", "hbva"]):
        PartijFactory(
            kader=kader,
            organisatie=orgs[key],
            aanduiding=orgs[key].korte_naam,
            volgorde=volgorde,
        )
        OndertekenaarFactory(
            kader=kader,
            organisatie=orgs[key],
            organisatie_naam=orgs[key].naam,
            naam=f"Ondertekenaar {orgs[key].korte_naam}",
            functie="Wethouder Wonen" if key == "gemeente" else "Voorzitter",
            volgorde=volgorde,
        )
    result = KaderSet(kader=kader, **orgs)

    plannen = BegripFactory(
        kader=kader,
        term="Harde en zachte plannen",
        slug="harde-en-zachte-plannen",
        definitie="Als corporaties hanteren we de eenduidige definities van harde en zachte plannen.",
        zoektermen=["zachte plannen", "harde plannen"],
        volgorde=1,
    )
    for volgorde, (groep, code, omschrijving) in enumerate(
        [
            ("Hard", "1A", "Onherroepelijk bestemmingsplan of inpassingsplan"),
            ("Hard", "2A", "Vastgesteld bestemmingsplan of inpassingsplan"),
            ("Zacht", "3", "Bestemmingsplan of inpassingsplan in voorbereiding"),
            ("Zacht", "4B", "Potentieel: Idee (zonder beginselbereidheid B&W)"),
        ]
    ):
        BegripOnderdeelFactory(
            begrip=plannen, groep=groep, code=code, omschrijving=omschrijving, volgorde=volgorde
        )
    aandachtsgroepen = BegripFactory(
        kader=kader,
        term="Aandachtsgroepen",
        slug="aandachtsgroepen",
        definitie="Mensen met een specifieke woonvraag of in een kwetsbare positie.",
        zoektermen=["aandachtsgroepen"],
        volgorde=2,
    )
    result.begrippen = {"plannen": plannen, "aandachtsgroepen": aandachtsgroepen}

    nummer = 0
    thema_specs = list(_THEMAS) + [
        (f"Extra thema {i + 1}", "Een extra doel.", ["Een extra ambitie."], [])
        for i in range(extra_themas)
    ]
    for thema_nummer, (titel, doel, ambities, afspraken) in enumerate(thema_specs, start=1):
        thema = ThemaFactory(kader=kader, nummer=thema_nummer, titel=titel, doel=doel)
        result.themas.append(thema)
        for volgorde, tekst in enumerate(ambities):
            AmbitieFactory(thema=thema, tekst=tekst, volgorde=volgorde)
        specs = list(afspraken) + [
            (f"Partijen maken extra afspraak {i + 1} over wonen.", ["gemeente", "wsn"], None)
            for i in range(extra_afspraken_per_thema)
        ]
        for tekst, partijen, trekker in specs:
            nummer += 1
            afspraak = AfspraakFactory(
                kader=kader,
                thema=thema,
                nummer=str(nummer),
                volgorde=nummer,
                tekst=tekst,
                trekker=orgs[trekker] if trekker else None,
            )
            for key in partijen:
                AfspraakPartijFactory(
                    afspraak=afspraak,
                    organisatie=orgs[key],
                    herkenning=PartijHerkenning.GENOEMD
                    if key in ("gemeente", "wsn", "alliantie") and key in tekst.lower()
                    else PartijHerkenning.GROEP,
                    herkend_woord=orgs[key].korte_naam,
                    rol=_rol(orgs[key], tekst, trekker == key),
                )
            if "zachte plannen" in tekst:
                afspraak.begrippen.add(plannen)
            if "aandachtsgroepen" in tekst:
                afspraak.begrippen.add(aandachtsgroepen)
            result.afspraken[str(nummer)] = afspraak

    samenwerking = ThemaFactory(
        kader=kader,
        nummer=len(thema_specs) + 1,
        titel="Samenwerking",
        doel="We zijn partners in het wonen.",
    )
    result.themas.append(samenwerking)
    systematiek = AfspraakFactory(
        kader=kader,
        thema=samenwerking,
        soort=AfspraakSoort.SYSTEMATIEK,
        nummer="1",
        volgorde=1,
        tekst="De woningcorporaties brengen in 2025 en 2026 geen BOD uit.",
        jaar=2027,
        termijn="in 2027",
    )
    AfspraakPartijFactory(afspraak=systematiek, organisatie=orgs["wsn"])
    result.afspraken["systematiek-1"] = systematiek
    TekstblokFactory(
        kader=kader,
        thema=samenwerking,
        titel="Monitoren beschikbaarheid",
        tekst=(
            "De woningcorporaties monitoren jaarlijks, halverwege het jaar, de beschikbaarheid "
            "(slaagkans) van verschillende doelgroepen: jongeren, gezinnen, urgenten en senioren."
        ),
    )

    convenant = ConvenantFactory(
        kader=kader,
        naam="Werkafspraken buurtbemiddeling",
        jaar=2016,
        partijnamen=["WSN", "Alliantie", "gemeente Nijkerk"],
        volgorde=1,
    )
    convenant.partijen.set([orgs["wsn"], orgs["alliantie"], orgs["gemeente"]])
    ConvenantFactory(
        kader=kader,
        naam="Samenwerkingsovereenkomst Wonen",
        jaar=2016,
        jaar_tot=2020,
        partijnamen=["gemeente Nijkerk", "WSN", "Vluchtelingenwerk"],
        volgorde=2,
    ).partijen.set([orgs["gemeente"], orgs["wsn"]])

    tabel = TabelFactory(
        kader=kader,
        thema=result.themas[0],
        nummer="1",
        titel="Prognose ontwikkeling sociale voorraad 2025 t/m 2027",
        kolommen=["Nieuwbouw (harde plannen)", "Onttrekking door sloop", "Netto toename"],
        volgorde=1,
    )
    # What the importer's table check writes for this table.
    TabelControleFactory(
        tabel=tabel,
        soort=ControleSoort.KOLOMTOTAAL,
        rij="Totaal",
        kolom="Onttrekking door sloop",
        gedrukt=0,
        berekend=-6,
        volgorde=1,
    )
    TabelRijFactory(
        tabel=tabel, volgorde=1, label="WSN", organisatie=orgs["wsn"], waarden=[526, 0, 401]
    )
    TabelRijFactory(
        tabel=tabel,
        volgorde=2,
        label="De Alliantie",
        organisatie=orgs["alliantie"],
        waarden=[30, -6, 14],
    )
    TabelRijFactory(tabel=tabel, volgorde=3, label="Totaal", is_totaal=True, waarden=[556, 0, 415])
    result.tabel = tabel

    BijstellingWijzigingFactory(
        bijstelling=BijstellingFactory(kader=kader),
        afspraak=result.afspraken["3"],
        onderdeel="afspraak",
        sleutel="3",
        actie=WijzigingActie.GEWIJZIGD,
        veld="tekst",
        oud="De woningcorporaties behouden 10% vrije toewijzingsruimte.",
        nieuw="De woningcorporaties behouden 15% vrije toewijzingsruimte.",
        volgorde=1,
    )
    return result
