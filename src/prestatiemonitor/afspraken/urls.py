from django.urls import path

from .views import beheer, bijstellen, export, importeren, register

app_name = "afspraken"

urlpatterns = [
    # Import (views/importeren.py)
    path("importeren/", importeren.upload, name="importeren"),
    path("importeren/<uuid:token>/", importeren.preview, name="import-voorbeeld"),
    # Register pages (views/register.py)
    path("<slug:kader>/", register.kader, name="kader"),
    path("<slug:kader>/thema/<int:nummer>/", register.thema, name="thema"),
    path("<slug:kader>/afspraken/", register.afspraken, name="afspraken"),
    path("<slug:kader>/afspraak/<str:nummer>/", register.afspraak, name="afspraak"),
    path("<slug:kader>/systematiek/<str:nummer>/", register.systematiek, name="systematiek"),
    # Amending one afspraak through a recorded decision (views/bijstellen.py)
    path(
        "<slug:kader>/afspraak/<str:nummer>/bijstellen/",
        bijstellen.afspraak_bijstellen_view,
        name="afspraak-bijstellen",
    ),
    path(
        "<slug:kader>/systematiek/<str:nummer>/bijstellen/",
        bijstellen.systematiek_bijstellen_view,
        name="systematiek-bijstellen",
    ),
    path("<slug:kader>/zoeken/", register.zoeken, name="zoeken"),
    path("<slug:kader>/begrippen/", register.begrippen, name="begrippen"),
    path("<slug:kader>/begrippen/<slug:begrip>/", register.begrip, name="begrip"),
    path("<slug:kader>/convenanten/", register.convenanten, name="convenanten"),
    path("<slug:kader>/partijen/", register.partijen, name="partijen"),
    path("<slug:kader>/tabel/<str:nummer>/", register.tabel, name="tabel"),
    path("<slug:kader>/bijstellingen/", register.bijstellingen, name="bijstellingen"),
    # Import reports (views/importeren.py)
    path("<slug:kader>/importverslag/<int:pk>/", importeren.verslag, name="importverslag"),
    path("<slug:kader>/brondocument/", importeren.brondocument, name="brondocument"),
    # Exports (views/export.py)
    path("<slug:kader>/export.<str:formaat>", export.register_export, name="export"),
    # Management (views/beheer.py)
    path("<slug:kader>/publicatie/", beheer.publicatie, name="publicatie"),
]
