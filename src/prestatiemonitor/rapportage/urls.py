"""Routes of the rapportage, mounted under /afspraken/<kader>/rapportage/.

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path

from . import views

app_name = "rapportage"

urlpatterns = [
    path("<str:code>/", views.peilmoment, name="peilmoment"),
    path("<str:code>/maken/", views.maken, name="maken"),
    path("<int:pk>.<str:formaat>", views.download, name="download"),
]
