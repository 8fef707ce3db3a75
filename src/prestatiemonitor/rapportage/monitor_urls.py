"""Routes of the public monitor, mounted under /afspraken/<kader>/monitor/ (docs/monitor.md).

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path

from . import monitor_views

app_name = "monitor"

urlpatterns = [
    path("", monitor_views.pagina, name="pagina"),
    path("<str:code>.<str:formaat>", monitor_views.opendata_download, name="opendata"),
]
