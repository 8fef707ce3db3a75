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
