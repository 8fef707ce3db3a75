"""Routes of the planmonitor, mounted under /afspraken/<kader>/planmonitor/.

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path

from .views import overzicht

app_name = "planmonitor"

urlpatterns = [
    path("", overzicht.overzicht, name="overzicht"),
    path("cel/", overzicht.cel, name="cel"),
    path("projecten/", overzicht.projecten, name="projecten"),
    path("project/<str:code>/", overzicht.project, name="project"),
]
