"""Routes of the beschikbaarheidsmonitor, mounted under /afspraken/<kader>/beschikbaarheid/.

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path

from .views import monitor

app_name = "woonruimte"

urlpatterns = [
    path("", monitor.overzicht, name="overzicht"),
    path("<int:jaar>/", monitor.monitor, name="monitor"),
    path("publiceren/", monitor.publiceren, name="publiceren"),
]
