"""Calendar subscriptions (iCalendar feeds), mounted under /agenda/ (docs/agenda.md).

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path

from .views import agenda

app_name = "agenda"

urlpatterns = [
    path("", agenda.beheer, name="beheer"),
    path("nieuw/", agenda.aanmaken, name="aanmaken"),
    path("<int:pk>/intrekken/", agenda.intrekken, name="intrekken"),
    path("<str:token>.ics", agenda.feed, name="feed"),
]
