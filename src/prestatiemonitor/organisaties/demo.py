"""The Nijkerk parties, areas and demo accounts. Idempotent: safe to run again."""

from dataclasses import dataclass

from django.db import transaction

from .constants import GebiedSoort, OrganisatieSoort, Rol
from .models import Gebied, Lidmaatschap, Organisatie, User

DEMO_WACHTWOORD = "demo-nijkerk-2025"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    voornaam: str
    achternaam: str
    organisatie_slug: str | None
    rol: str | None
    functie: str
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount(
        "beleid.nijkerk",
        "Bente",
        "Beleid",
        "gemeente-nijkerk",
        Rol.BEHEERDER,
        "Beleidsmedewerker wonen",
    ),
    DemoAccount(
        "wethouder.nijkerk", "Wim", "Wethouder", "gemeente-nijkerk", Rol.LEZER, "Wethouder wonen"
    ),
    DemoAccount(
        "adviseur.wsn", "Anouk", "Adviseur", "wsn", Rol.BEHEERDER, "Adviseur strategie en beleid"
    ),
    DemoAccount("medewerker.wsn", "Mark", "Medewerker", "wsn", Rol.REDACTEUR, "Medewerker wonen"),
    DemoAccount(
        "medewerker.alliantie",
        "Ali",
        "Alliantie",
        "de-alliantie",
        Rol.REDACTEUR,
        "Strategisch adviseur regio Amersfoort",
    ),
    DemoAccount("vrijwilliger.hon", "Henk", "Huurder", "hon", Rol.LEZER, "Bestuurslid HON"),
    DemoAccount("vrijwilliger.hbva", "Hanna", "Huurder", "hbva", Rol.LEZER, "Bestuurslid HBVA"),
    # Tenants who react (redacteur) and who give the formal advies (beheerder).
    DemoAccount("secretaris.hon", "Sanne", "Secretaris", "hon", Rol.REDACTEUR, "Secretaris HON"),
    DemoAccount("voorzitter.hbva", "Vera", "Voorzitter", "hbva", Rol.BEHEERDER, "Voorzitter HBVA"),
    DemoAccount("beheerder", "Sita", "Sitebeheer", None, None, "Sitebeheerder", superuser=True),
]


@transaction.atomic
def ensure_nijkerk_parties() -> dict[str, Organisatie]:
    """Gebied Nijkerk (GM0267) with its kernen, and the five parties."""
    gelderland, _ = Gebied.objects.get_or_create(
        soort=GebiedSoort.PROVINCIE, naam="Gelderland", defaults={"cbs_code": "PV25"}
    )
    nijkerk, _ = Gebied.objects.update_or_create(
        cbs_code="GM0267",
        defaults={
            "naam": "Nijkerk",
            "soort": GebiedSoort.GEMEENTE,
            "provincie": "Gelderland",
            "bovenliggend": gelderland,
        },
    )
    for kern in ("Nijkerk", "Hoevelaken", "Nijkerkerveen"):
        Gebied.objects.get_or_create(soort=GebiedSoort.KERN, naam=kern, bovenliggend=nijkerk)

    def org(slug, **fields):
        obj, _ = Organisatie.objects.update_or_create(slug=slug, defaults=fields)
        return obj

    gemeente = org(
        "gemeente-nijkerk",
        naam="Gemeente Nijkerk",
        korte_naam="gemeente",
        soort=OrganisatieSoort.GEMEENTE,
        gemeente=nijkerk,
        aliassen=["gemeente Nijkerk", "gemeente"],
    )
    wsn = org(
        "wsn",
        naam="Woningstichting Nijkerk",
        korte_naam="WSN",
        soort=OrganisatieSoort.WONINGCORPORATIE,
        aliassen=["WSN"],
    )
    alliantie = org(
        "de-alliantie",
        naam="Stichting de Alliantie",
        korte_naam="de Alliantie",
        soort=OrganisatieSoort.WONINGCORPORATIE,
        aliassen=["de Alliantie regio Amersfoort", "de Alliantie", "Alliantie"],
    )
    hon = org(
        "hon",
        naam="Huurdersorganisatie Nijkerk",
        korte_naam="HON",
        soort=OrganisatieSoort.HUURDERSORGANISATIE,
        corporatie=wsn,
        aliassen=["HON"],
    )
    hbva = org(
        "hbva",
        naam="HuurdersBelangenVereniging de Alliantie regio Amersfoort",
        korte_naam="HBVA",
        soort=OrganisatieSoort.HUURDERSORGANISATIE,
        corporatie=alliantie,
        aliassen=["HBVA"],
    )
    return {o.slug: o for o in (gemeente, wsn, alliantie, hon, hbva)}


@transaction.atomic
def ensure_demo_accounts() -> list[User]:
    """The demo logins listed in the README. Resets their password to DEMO_WACHTWOORD."""
    organisaties = {o.slug: o for o in Organisatie.objects.all()}
    users = []
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.first_name = account.voornaam
        user.last_name = account.achternaam
        user.email = f"{account.username}@example.org"
        user.is_superuser = account.superuser
        user.is_staff = account.superuser
        user.set_password(DEMO_WACHTWOORD)
        user.save()
        if account.organisatie_slug:
            Lidmaatschap.objects.update_or_create(
                user=user,
                organisatie=organisaties[account.organisatie_slug],
                defaults={"rol": account.rol, "functie": account.functie},
            )
        users.append(user)
    return users
