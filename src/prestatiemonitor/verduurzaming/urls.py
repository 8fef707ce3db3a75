"""Routes of the verduurzaming pages, mounted under /afspraken/<kader>/verduurzaming/.

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path

from . import views

app_name = "verduurzaming"

urlpatterns = [
    path("aanleveren/", views.aanleveren, name="aanleveren"),
    path("woningen/", views.woningen, name="woningen"),
    path("export.<str:formaat>", views.export, name="export"),
]
