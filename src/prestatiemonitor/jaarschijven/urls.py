"""Routes of the jaarschijf and the voortgangsmonitor, mounted under /afspraken/<kader>/.

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path  # noqa: F401 — each section adds its routes

from .views import dashboard, excel, jaarschijf, peilmoment  # noqa: F401

app_name = "jaarschijven"

urlpatterns = [
    # --- Jaarschijf and activities (views/jaarschijf.py) ---
    path("jaarschijven/", jaarschijf.overzicht, name="overzicht"),
    path("jaarschijf/<int:jaar>/", jaarschijf.jaarschijf_pagina, name="jaarschijf"),
    path("jaarschijf/<int:jaar>/status/", jaarschijf.status, name="status"),
    path("jaarschijf/<int:jaar>/dekking/<str:afspraak>/", jaarschijf.dekking, name="dekking"),
    path("jaarschijf/<int:jaar>/volgend-jaar/", jaarschijf.volgend_jaar, name="volgend-jaar"),
    path(
        "jaarschijf/<int:jaar>/activiteit/nieuw/",
        jaarschijf.activiteit_nieuw,
        name="activiteit-nieuw",
    ),
    path(
        "jaarschijf/<int:jaar>/activiteit/<int:nummer>/",
        jaarschijf.activiteit_pagina,
        name="activiteit",
    ),
    path(
        "jaarschijf/<int:jaar>/activiteit/<int:nummer>/bewerken/",
        jaarschijf.activiteit_bewerken,
        name="activiteit-bewerken",
    ),
    path(
        "jaarschijf/<int:jaar>/activiteit/<int:nummer>/verwijderen/",
        jaarschijf.activiteit_verwijderen,
        name="activiteit-verwijderen",
    ),
    # --- end jaarschijf ---
    #
    # --- Peilmomenten, meldingen, reacties, advies (views/peilmoment.py) ---
    # --- end peilmoment ---
    #
    # --- Excel and JSON in and out (views/excel.py) ---
    path(
        "jaarschijf/<int:jaar>/export.<str:formaat>",
        excel.jaarschijf_export,
        name="export",
    ),
    path("jaarschijf/<int:jaar>/importeren/", excel.jaarschijf_import, name="import"),
    # --- end excel ---
    #
    # --- Dashboard (views/dashboard.py) ---
    # --- end dashboard ---
]
