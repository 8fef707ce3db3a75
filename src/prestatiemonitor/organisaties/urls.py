"""Account pages. They take precedence over ``django.contrib.auth.urls`` (same paths and names),
which config/urls.py includes after this module for the pages not overridden here. Also the
members pages of an organisation (``/account/organisaties/<slug>/leden/``)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import forms, views

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=forms.LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(form_class=forms.WachtwoordWijzigenForm),
        name="password_change",
    ),
    path(
        "password_reset/",
        views.WachtwoordVergetenView.as_view(),
        name="password_reset",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=forms.NieuwWachtwoordForm),
        name="password_reset_confirm",
    ),
    path("organisaties/<slug:slug>/leden/", views.leden, name="organisatie-leden"),
    path(
        "organisaties/<slug:slug>/leden/toevoegen/",
        views.lid_toevoegen,
        name="organisatie-lid-toevoegen",
    ),
    path(
        "organisaties/<slug:slug>/leden/<int:pk>/wijzigen/",
        views.lid_wijzigen,
        name="organisatie-lid-wijzigen",
    ),
    path(
        "organisaties/<slug:slug>/leden/<int:pk>/verwijderen/",
        views.lid_verwijderen,
        name="organisatie-lid-verwijderen",
    ),
    path(
        "organisaties/<slug:slug>/leden/<int:pk>/uitnodigen/",
        views.lid_uitnodigen,
        name="organisatie-lid-uitnodigen",
    ),
    path(
        "organisaties/<slug:slug>/leden/uitnodigingen/<int:pk>/opnieuw/",
        views.uitnodiging_opnieuw,
        name="organisatie-uitnodiging-opnieuw",
    ),
    path(
        "organisaties/<slug:slug>/leden/uitnodigingen/<int:pk>/intrekken/",
        views.uitnodiging_intrekken,
        name="organisatie-uitnodiging-intrekken",
    ),
    path("uitnodiging/<str:token>/", views.uitnodiging, name="uitnodiging"),
]
