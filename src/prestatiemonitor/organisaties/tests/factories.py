from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from prestatiemonitor.organisaties.constants import GebiedSoort, OrganisatieSoort, Rol
from prestatiemonitor.organisaties.models import (
    Gebied,
    Lidmaatschap,
    Organisatie,
    Uitnodiging,
    User,
)


class GebiedFactory(DjangoModelFactory):
    class Meta:
        model = Gebied

    naam = factory.Sequence(lambda n: f"Gemeente {n}")
    soort = GebiedSoort.GEMEENTE
    cbs_code = factory.Sequence(lambda n: f"GM9{n:03d}")


class OrganisatieFactory(DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    korte_naam = factory.Sequence(lambda n: f"ORG{n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    soort = OrganisatieSoort.WONINGCORPORATIE


class GemeenteOrganisatieFactory(OrganisatieFactory):
    soort = OrganisatieSoort.GEMEENTE
    gemeente = factory.SubFactory(GebiedFactory)


class HuurdersorganisatieFactory(OrganisatieFactory):
    soort = OrganisatieSoort.HUURDERSORGANISATIE
    corporatie = factory.SubFactory(OrganisatieFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord-1")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class LidmaatschapFactory(DjangoModelFactory):
    class Meta:
        model = Lidmaatschap

    user = factory.SubFactory(UserFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    rol = Rol.LEZER


class UitnodigingFactory(DjangoModelFactory):
    class Meta:
        model = Uitnodiging

    organisatie = factory.SubFactory(OrganisatieFactory)
    email = factory.Sequence(lambda n: f"uitgenodigd{n}@example.org")
    voornaam = "Uma"
    achternaam = "Uitgenodigd"
    rol = Rol.LEZER
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    verloopt_op = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
