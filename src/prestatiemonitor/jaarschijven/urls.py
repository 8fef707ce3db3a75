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
    # --- end excel ---
    #
    # --- Dashboard (views/dashboard.py) ---
    path("dashboard/", dashboard.dashboard_actueel, name="dashboard-actueel"),
    path("dashboard/<int:jaar>/", dashboard.dashboard, name="dashboard"),
    # --- end dashboard ---
]
