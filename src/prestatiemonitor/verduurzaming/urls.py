"""Routes of the verduurzaming pages, mounted under /afspraken/<kader>/verduurzaming/.

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path

from .views import aanleveren, overzicht

app_name = "verduurzaming"

urlpatterns = [
    path("", overzicht.overzicht, name="overzicht"),
    path("aanleveren/", aanleveren.aanleveren, name="aanleveren"),
    path("woningen/", aanleveren.woningen, name="woningen"),
    path("export.<str:formaat>", aanleveren.export, name="export"),
]
