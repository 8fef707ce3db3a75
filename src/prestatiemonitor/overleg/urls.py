"""Routes of the overleg app, mounted under /afspraken/<kader>/overleg/ (docs/overleg.md).

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path

from .views import jaar, structuur, vergadering

app_name = "overleg"

urlpatterns = [
    path("", jaar.overzicht, name="overzicht"),
    path("<int:jaar>/", jaar.jaar, name="jaar"),
    path("<int:jaar>/plannen/", jaar.plannen, name="plannen"),
    path("<int:jaar>/publiceren/", jaar.publiceren, name="publiceren"),
    path("besluiten/", jaar.besluiten, name="besluiten"),
    path("actiepunten/", jaar.actiepunten, name="actiepunten"),
    path("structuur/", structuur.structuur, name="structuur"),
    path("structuur/inrichten/", structuur.inrichten, name="inrichten"),
    path("structuur/instellingen/", structuur.instellingen, name="instellingen"),
    path("structuur/vorm/nieuw/", structuur.vorm, name="vorm_nieuw"),
    path("structuur/vorm/<int:pk>/", structuur.vorm, name="vorm"),
    path(
        "structuur/vorm/<int:pk>/verwijderen/", structuur.vorm_verwijderen, name="vorm_verwijderen"
    ),
    path("structuur/mijlpaal/nieuw/", structuur.mijlpaal, name="mijlpaal_nieuw"),
    path("structuur/mijlpaal/<int:pk>/", structuur.mijlpaal, name="mijlpaal"),
    path(
        "structuur/mijlpaal/<int:pk>/verwijderen/",
        structuur.mijlpaal_verwijderen,
        name="mijlpaal_verwijderen",
    ),
    path("vergadering/<int:pk>/", vergadering.overleg, name="overleg"),
    path("vergadering/<int:pk>/wijzigen/", vergadering.wijzigen, name="wijzigen"),
    path("vergadering/<int:pk>/afgelasten/", vergadering.afgelasten, name="afgelasten"),
    path("vergadering/<int:pk>/agendapunt/", vergadering.agendapunt, name="agendapunt"),
    path(
        "agendapunt/<int:pk>/verwijderen/",
        vergadering.agendapunt_verwijderen,
        name="agendapunt_verwijderen",
    ),
    path("vergadering/<int:pk>/document/", vergadering.document, name="document"),
    path("document/<int:pk>/", vergadering.document_downloaden, name="document_downloaden"),
    path("vergadering/<int:pk>/aanwezigheid/", vergadering.aanwezigheid, name="aanwezigheid"),
    path("vergadering/<int:pk>/besluit/", vergadering.besluit, name="besluit"),
    path("besluit/<int:pk>/openbaar/", vergadering.besluit_openbaar, name="besluit_openbaar"),
    path("vergadering/<int:pk>/actiepunt/", vergadering.actiepunt, name="actiepunt"),
    path("actiepunt/<int:pk>/", vergadering.actiepunt_bijwerken, name="actiepunt_bijwerken"),
]
