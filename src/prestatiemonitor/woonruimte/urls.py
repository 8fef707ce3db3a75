"""Routes of the beschikbaarheidsmonitor, mounted under /afspraken/<kader>/beschikbaarheid/.

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path

from .views import aanleveren, monitor, toewijzingen

app_name = "woonruimte"

urlpatterns = [
    path("", monitor.overzicht, name="overzicht"),
    path("<int:jaar>/", monitor.monitor, name="monitor"),
    path("publiceren/", monitor.publiceren, name="publiceren"),
    path("<int:jaar>/reageren/", monitor.reageren, name="reageren"),
    path("aanleveren/", aanleveren.aanleveren, name="aanleveren"),
    path("aanleveringen/", aanleveren.aanleveringen, name="aanleveringen"),
    path("toewijzingen/", toewijzingen.toewijzingen, name="toewijzingen"),
    path("export/<str:soort>.<str:formaat>", aanleveren.export, name="export"),
]
