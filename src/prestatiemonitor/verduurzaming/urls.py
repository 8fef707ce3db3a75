"""Routes of the verduurzaming page, mounted under /afspraken/<kader>/verduurzaming/.

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path

from . import views

app_name = "verduurzaming"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
]
