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
    path(
        "jaarschijf/<int:jaar>/export.<str:formaat>",
        excel.jaarschijf_export,
        name="export",
    ),
    path("jaarschijf/<int:jaar>/importeren/", excel.jaarschijf_import, name="import"),
    # --- end excel ---
    #
    # --- Dashboard (views/dashboard.py) ---
    path("dashboard/", dashboard.dashboard_actueel, name="dashboard-actueel"),
    path("dashboard/<int:jaar>/", dashboard.dashboard, name="dashboard"),
    # --- end dashboard ---
]
