"""Routes of the jaarschijf and the voortgangsmonitor, mounted under /afspraken/<kader>/.

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path  # noqa: F401 — each section adds its routes

from .views import dashboard, excel, jaarschijf, peilmoment  # noqa: F401

app_name = "jaarschijven"

urlpatterns = [
    # --- Jaarschijf and activities (views/jaarschijf.py) ---
    # --- end jaarschijf ---
    #
    # --- Peilmomenten, meldingen, reacties, advies (views/peilmoment.py) ---
    path("peilmomenten/", peilmoment.peilmomenten, name="peilmomenten"),
    path("peilmomenten/vergelijken/", peilmoment.vergelijken, name="vergelijken"),
    path("peilmoment/<str:code>/", peilmoment.peilmoment_pagina, name="peilmoment"),
    path(
        "peilmoment/<str:code>/activiteit/<int:nummer>/melden/",
        peilmoment.melden,
        name="melden",
    ),
    path("peilmoment/<str:code>/herinneren/", peilmoment.herinneren, name="herinneren"),
    path("peilmoment/<str:code>/sluiten/", peilmoment.sluiten, name="sluiten"),
    path("peilmoment/<str:code>/advies/", peilmoment.advies, name="advies"),
    path("bijlage/<int:pk>/", peilmoment.bijlage, name="bijlage"),
    path(
        "bijlage/<int:pk>/verwijderen/",
        peilmoment.bijlage_verwijderen,
        name="bijlage-verwijderen",
    ),
    path(
        "jaarschijf/<int:jaar>/activiteit/<int:nummer>/reageren/",
        peilmoment.reactie,
        name="reactie",
    ),
    # --- end peilmoment ---
    #
    # --- Excel and JSON in and out (views/excel.py) ---
    # --- end excel ---
    #
    # --- Dashboard (views/dashboard.py) ---
    # --- end dashboard ---
]
