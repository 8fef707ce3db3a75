"""The Django admin does not bypass the rules: register models and memberships are read-only
there, and publication from the admin goes through the service, with the audit row."""

import pytest
from django.contrib import admin
from django.urls import reverse

from prestatiemonitor.afspraken.models import Afspraak, Afsprakenkader, ImportVerslag
from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.organisaties.constants import Rol
from prestatiemonitor.organisaties.models import Lidmaatschap, Organisatie
from prestatiemonitor.organisaties.permissions import SYSTEEM

from .factories import ImportVerslagFactory, maak_kader

pytestmark = pytest.mark.django_db

READ_ONLY = [
    "afspraken.afsprakenkader",
    "afspraken.thema",
    "afspraken.ambitie",
    "afspraken.afspraak",
    "afspraken.begrip",
    "afspraken.convenant",
    "afspraken.tabel",
    "afspraken.tekstblok",
    "afspraken.voetnoot",
    "afspraken.bijstelling",
    "afspraken.importverslag",
    "afspraken.brondocument",
    "organisaties.lidmaatschap",
    "audit.auditrecord",
    "planmonitor.bouwproject",
    "planmonitor.voorraadmutatie",
    "planmonitor.peiling",
    "planmonitor.projectstand",
    "planmonitor.wijzigingsvoorstel",
    "planmonitor.hardheid",
    "normen.normdefinitie",
    "normen.normuitzondering",
    "rapportage.rapport",
]


def test_admin_refuses_a_normal_member_even_a_beheerder(client, make_member):
    ks = maak_kader()
    client.force_login(make_member(ks.gemeente, Rol.BEHEERDER))
    for url in ("/beheer/", "/beheer/afspraken/afspraak/", "/beheer/organisaties/user/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/beheer/login/"), url


def test_every_model_with_rules_is_read_only_for_the_site_administrator(admin_client, rf):
    request = rf.get("/beheer/")
    request.user = _superuser()
    registry = {m._meta.label_lower: a for m, a in admin.site._registry.items()}
    for label in READ_ONLY:
        model_admin = registry[label]
        assert not model_admin.has_add_permission(request), label
        assert not model_admin.has_change_permission(request), label
        assert not model_admin.has_delete_permission(request), label
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_add_permission(request, None), (label, inline)
            assert not inline.has_change_permission(request), (label, inline)
            assert not inline.has_delete_permission(request), (label, inline)


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(is_superuser=True)


def test_a_site_administrator_cannot_change_an_afspraak_in_the_admin(admin_client):
    ks = maak_kader()
    afspraak = ks.afspraken["1"]
    tekst = afspraak.tekst
    url = reverse("admin:afspraken_afspraak_change", args=[afspraak.pk])
    assert admin_client.get(url).status_code == 200  # it may look
    response = admin_client.post(
        url,
        {
            "kader": ks.kader.pk,
            "thema": afspraak.thema_id,
            "soort": afspraak.soort,
            "nummer": afspraak.nummer,
            "volgorde": afspraak.volgorde,
            "tekst": "Door de sitebeheerder herschreven.",
            "partij_links-TOTAL_FORMS": "0",
            "partij_links-INITIAL_FORMS": "0",
            "partij_links-MIN_NUM_FORMS": "0",
            "partij_links-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 403
    afspraak.refresh_from_db()
    assert afspraak.tekst == tekst
    assert not afspraak.history.filter(tekst="Door de sitebeheerder herschreven.").exists()
    delete = admin_client.post(
        reverse("admin:afspraken_afspraak_delete", args=[afspraak.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Afspraak.objects.filter(pk=afspraak.pk).exists()
    assert admin_client.get(reverse("admin:afspraken_afspraak_add")).status_code == 403


def test_a_site_administrator_cannot_change_or_remove_a_membership_in_the_admin(
    admin_client, make_member
):
    ks = maak_kader()
    beheerder = make_member(ks.gemeente, Rol.BEHEERDER)
    lid = Lidmaatschap.objects.get(user=beheerder)
    url = reverse("admin:organisaties_lidmaatschap_change", args=[lid.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"user": beheerder.pk, "organisatie": ks.gemeente.pk, "rol": "lezer", "functie": "x"}
    )
    assert response.status_code == 403
    delete = admin_client.post(
        reverse("admin:organisaties_lidmaatschap_delete", args=[lid.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    lid.refresh_from_db()
    assert (lid.rol, lid.functie) == (Rol.BEHEERDER, "")
    assert admin_client.get(reverse("admin:organisaties_lidmaatschap_add")).status_code == 403


def test_the_organisation_form_ignores_membership_rows_and_keeps_its_kind(
    admin_client, make_member
):
    """The inline of memberships is read-only: a posted row is neither added nor changed, and
    the kind and gemeente of an existing organisation (which decide capabilities) stay."""
    ks = maak_kader()
    beheerder = make_member(ks.gemeente, Rol.BEHEERDER)
    lid = Lidmaatschap.objects.get(user=beheerder)
    org = ks.gemeente
    response = admin_client.post(
        reverse("admin:organisaties_organisatie_change", args=[org.pk]),
        {
            "naam": "Gemeente Anders",
            "korte_naam": org.korte_naam,
            "slug": org.slug,
            "aliassen": "[]",
            "soort": "woningcorporatie",
            "lidmaatschappen-TOTAL_FORMS": "2",
            "lidmaatschappen-INITIAL_FORMS": "1",
            "lidmaatschappen-MIN_NUM_FORMS": "0",
            "lidmaatschappen-MAX_NUM_FORMS": "1000",
            "lidmaatschappen-0-id": lid.pk,
            "lidmaatschappen-0-organisatie": org.pk,
            "lidmaatschappen-0-rol": "lezer",
            "lidmaatschappen-0-DELETE": "on",
            "lidmaatschappen-1-user": beheerder.pk,
            "lidmaatschappen-1-organisatie": org.pk,
            "lidmaatschappen-1-rol": "beheerder",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    org.refresh_from_db()
    assert org.naam == "Gemeente Anders"  # the name is for the site administrator to repair
    assert org.soort == "gemeente"
    assert org.gemeente_id == ks.kader.gemeente_id
    assert list(Lidmaatschap.objects.filter(organisatie=org).values_list("pk", "rol")) == [
        (lid.pk, Rol.BEHEERDER)
    ]


def test_read_only_admins_cannot_add_or_change(admin_client):
    ks = maak_kader()
    verslag = ImportVerslagFactory(kader=ks.kader)
    assert admin_client.get(reverse("admin:afspraken_importverslag_add")).status_code == 403
    assert admin_client.get(reverse("admin:audit_auditrecord_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:afspraken_importverslag_change", args=[verslag.pk]),
        {"bestandsnaam": "anders.md"},
    )
    assert response.status_code == 403
    verslag.refresh_from_db()
    assert verslag.bestandsnaam == "prestatieafspraken.md"
    assert ImportVerslag.objects.count() == 1


def test_publishing_from_the_admin_goes_through_the_service_with_an_audit_row(admin_client):
    ks = maak_kader(gepubliceerd=False)
    response = admin_client.post(
        reverse("admin:afspraken_afsprakenkader_changelist"),
        {"action": "publiceren", "_selected_action": [ks.kader.pk]},
        follow=True,
    )
    assert response.status_code == 200
    kader = Afsprakenkader.objects.get(pk=ks.kader.pk)
    assert kader.gepubliceerd and kader.gepubliceerd_op is not None
    record = AuditRecord.objects.get(actie="kader.gepubliceerd")
    assert record.gebruiker.is_superuser and record.door == record.gebruiker.username
    assert record.object_id == str(kader.pk)
    admin_client.post(
        reverse("admin:afspraken_afsprakenkader_changelist"),
        {"action": "intrekken", "_selected_action": [ks.kader.pk]},
    )
    kader.refresh_from_db()
    assert not kader.gepubliceerd
    assert AuditRecord.objects.filter(actie="kader.ingetrokken").count() == 1


def test_admin_pages_of_every_model_load_for_a_site_administrator(admin_client):
    from prestatiemonitor.audit.services import audit_record_create

    ks = maak_kader()
    ImportVerslagFactory(kader=ks.kader)
    audit_record_create(acting_user=SYSTEEM, actie="test", omschrijving="Test", obj=ks.kader)

    index = admin_client.get("/beheer/")
    assert index.status_code == 200
    assert "Sitebeheer" in index.content.decode()
    checked = 0
    for model in admin.site._registry:
        if model._meta.app_label not in ("afspraken", "organisaties", "audit"):
            continue
        opts = model._meta
        changelist = admin_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        )
        assert changelist.status_code == 200, opts.label
        obj = model._default_manager.first()
        if obj is not None:
            change = admin_client.get(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            )
            assert change.status_code == 200, opts.label
        checked += 1
    assert checked == 17
    assert Organisatie.objects.exists()


def test_user_admin_shows_memberships_inline_and_does_not_delete_accounts(
    admin_client, make_member
):
    ks = maak_kader()
    user = make_member(ks.hon, Rol.LEZER)
    response = admin_client.get(reverse("admin:organisaties_user_change", args=[user.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lidmaatschappen" in html
    assert "Huurdersorganisatie Nijkerk" in html
    delete = admin_client.post(
        reverse("admin:organisaties_user_delete", args=[user.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Lidmaatschap.objects.filter(user=user).exists()
