"""Managing the members of an organisation: the writes behind the members pages.

Each service checks the acting user's rights itself (``permissions.can_manage_members``),
validates, writes an audit row in the same transaction and is atomic. The invitation mail of a
new account is sent only after the transaction has committed.

Rules that protect an organisation from losing its management:
- the last beheerder of an organisation cannot be removed or demoted;
- nobody changes their own role (a beheerder would lock themselves out); they may leave the
  organisation as long as another beheerder remains.
"""

import re

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from prestatiemonitor.audit.services import audit_record_create

from . import permissions
from .constants import Rol
from .models import Lidmaatschap, Organisatie, User

GEEN_BEHEER = "Alleen een beheerder van de organisatie mag de leden beheren."


def _check_manage(acting_user, organisatie: Organisatie) -> None:
    permissions.check_capability(
        acting_user, permissions.LEDEN_BEHEREN, organisatie=organisatie, melding=GEEN_BEHEER
    )


def _lock(organisatie: Organisatie) -> Organisatie:
    """Serialise membership changes per organisation, so that two beheerders demoting or
    removing each other at the same moment cannot leave it without one."""
    return Organisatie.objects.select_for_update().get(pk=organisatie.pk)


def _andere_beheerders(lidmaatschap: Lidmaatschap) -> bool:
    return (
        Lidmaatschap.objects.filter(organisatie_id=lidmaatschap.organisatie_id, rol=Rol.BEHEERDER)
        .exclude(pk=lidmaatschap.pk)
        .exists()
    )


def _laatste_beheerder_fout(lidmaatschap: Lidmaatschap, handeling: str) -> ValidationError:
    return ValidationError(
        f"{lidmaatschap.user} is de enige beheerder van {lidmaatschap.organisatie}. Maak eerst "
        f"een ander lid beheerder; daarna kunt u {handeling}.",
        code="laatste_beheerder",
    )


def _gegevens(lidmaatschap: Lidmaatschap) -> dict:
    return {
        "organisatie": lidmaatschap.organisatie.slug,
        "gebruiker": lidmaatschap.user.get_username(),
        "rol": lidmaatschap.rol,
        "functie": lidmaatschap.functie,
    }


def _nieuwe_gebruikersnaam(email: str) -> str:
    """The e-mail address itself (people remember it), or its local part with a number when
    that is taken or too long for a username."""
    max_length = User._meta.get_field("username").max_length
    # Usernames allow letters, digits and @ . + - _ only; e-mail addresses allow more.
    email = re.sub(r"[^\w.@+-]", "", email.lower())
    if len(email) <= max_length and not User.objects.filter(username__iexact=email).exists():
        return email
    basis = email.split("@", 1)[0][: max_length - 6] or "gebruiker"
    nummer = 2
    while User.objects.filter(username__iexact=f"{basis}{nummer}").exists():
        nummer += 1
    return f"{basis}{nummer}"


def _uitnodiging_versturen(
    *, user: User, organisatie: Organisatie, uitnodiger, domain: str, use_https: bool
) -> None:
    """The Dutch invitation with a link to choose a password (Django's password-reset token:
    it works once, and for PASSWORD_RESET_TIMEOUT seconds)."""
    context = {
        "user": user,
        "organisatie": organisatie,
        "uitnodiger": uitnodiger,
        "link": "{protocol}://{domain}{pad}".format(
            protocol="https" if use_https else "http",
            domain=domain,
            pad=reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            ),
        ),
        "geldig_uren": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    onderwerp = render_to_string("organisaties/uitnodiging_onderwerp.txt", context)
    tekst = render_to_string("organisaties/uitnodiging_email.txt", context)
    send_mail(
        " ".join(onderwerp.split()),
        tekst,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def lid_toevoegen(
    *,
    organisatie: Organisatie,
    email: str,
    voornaam: str,
    achternaam: str,
    rol: str,
    functie: str = "",
    acting_user,
    domain: str,
    use_https: bool,
) -> Lidmaatschap:
    """Add a person to the organisation with this role and functie.

    The person is found by e-mail address (case-insensitive). An existing account only gets the
    membership (its name stays as it is; its password too). Otherwise a new account is created
    without a usable password. After commit, a person who has never chosen a password (new, or
    invited elsewhere before; ``kan_opnieuw_uitnodigen``) receives an invitation to choose one;
    ``domain`` and ``use_https`` make the link in it (as in Django's PasswordResetForm).
    """
    email = User.objects.normalize_email(email.strip())
    if rol not in Rol.values:
        raise ValidationError({"rol": "Kies een rol: beheerder, redacteur of lezer."})
    with transaction.atomic():
        organisatie = _lock(organisatie)
        _check_manage(acting_user, organisatie)
        bestaand = list(User.objects.filter(email__iexact=email)[:2])
        if len(bestaand) > 1:
            raise ValidationError(
                {
                    "email": "Er zijn meerdere accounts met dit e-mailadres. Vraag de "
                    "sitebeheerder om dat eerst op te lossen."
                }
            )
        nieuw = not bestaand
        if nieuw:
            user = User(
                username=_nieuwe_gebruikersnaam(email),
                email=email,
                first_name=voornaam.strip(),
                last_name=achternaam.strip(),
            )
            user.set_unusable_password()
            user.full_clean()
            user.save()
        else:
            user = bestaand[0]
            if not user.is_active:
                raise ValidationError(
                    {
                        "email": "Het account met dit e-mailadres is uitgeschakeld. Vraag de "
                        "sitebeheerder om het weer aan te zetten."
                    }
                )
            bestaand_lid = user.lidmaatschappen.filter(organisatie=organisatie).first()
            if bestaand_lid is not None:
                raise ValidationError(
                    {
                        "email": f"{user} ({user.email}) is al lid van {organisatie}, als "
                        f"{bestaand_lid.get_rol_display().lower()}."
                    }
                )
        lidmaatschap = Lidmaatschap(
            user=user, organisatie=organisatie, rol=rol, functie=functie.strip()
        )
        lidmaatschap.full_clean()
        lidmaatschap.save()
        # A new account, or an existing one that was invited elsewhere and never chose a
        # password: without the invitation the person cannot log in at all.
        uitnodigen = kan_opnieuw_uitnodigen(lidmaatschap)
        audit_record_create(
            acting_user=acting_user,
            actie="lidmaatschap.toegevoegd",
            omschrijving=(
                f"{user} toegevoegd aan {organisatie} als {lidmaatschap.get_rol_display().lower()}"
                + (
                    " (nieuw account, uitnodiging verstuurd)."
                    if nieuw
                    else " (uitnodiging verstuurd)."
                    if uitnodigen
                    else "."
                )
            ),
            obj=lidmaatschap,
            gegevens={**_gegevens(lidmaatschap), "nieuw_account": nieuw},
        )
        if uitnodigen:
            transaction.on_commit(
                lambda: _uitnodiging_versturen(
                    user=user,
                    organisatie=organisatie,
                    uitnodiger=acting_user,
                    domain=domain,
                    use_https=use_https,
                ),
                robust=True,  # as below: a failing mail server does not undo the membership
            )
    return lidmaatschap


def kan_opnieuw_uitnodigen(lidmaatschap: Lidmaatschap) -> bool:
    """The person has never chosen a password (and never logged in): an invitation helps."""
    user = lidmaatschap.user
    return user.is_active and user.last_login is None and not user.has_usable_password()


def uitnodiging_opnieuw_versturen(
    *, lidmaatschap: Lidmaatschap, acting_user, domain: str, use_https: bool
) -> None:
    """Send the invitation again, e.g. when the first link has expired. Only for a member who
    has not chosen a password yet (``wachtwoord vergeten`` does not mail such accounts)."""
    organisatie = lidmaatschap.organisatie
    _check_manage(acting_user, organisatie)
    if not kan_opnieuw_uitnodigen(lidmaatschap):
        raise ValidationError(
            f"{lidmaatschap.user} heeft al een wachtwoord gekozen; een uitnodiging is niet nodig.",
            code="heeft_wachtwoord",
        )
    with transaction.atomic():
        audit_record_create(
            acting_user=acting_user,
            actie="lidmaatschap.uitnodiging",
            omschrijving=f"Uitnodiging opnieuw verstuurd aan {lidmaatschap.user} ({organisatie}).",
            obj=lidmaatschap,
            gegevens=_gegevens(lidmaatschap),
        )
        user = lidmaatschap.user
        transaction.on_commit(
            lambda: _uitnodiging_versturen(
                user=user,
                organisatie=organisatie,
                uitnodiger=acting_user,
                domain=domain,
                use_https=use_https,
            ),
            # A mail server that fails must not turn a saved membership into an error page;
            # Django logs the failure, and the beheerder can send the invitation again.
            robust=True,
        )


def lid_wijzigen(
    *, lidmaatschap: Lidmaatschap, rol: str, functie: str, acting_user
) -> Lidmaatschap:
    """Change a member's role and functie. Changing nothing writes nothing."""
    if rol not in Rol.values:
        raise ValidationError({"rol": "Kies een rol: beheerder, redacteur of lezer."})
    with transaction.atomic():
        _check_manage(acting_user, _lock(lidmaatschap.organisatie))
        lidmaatschap = Lidmaatschap.objects.select_related("user", "organisatie").get(
            pk=lidmaatschap.pk
        )
        oud = _gegevens(lidmaatschap)
        functie = functie.strip()
        if rol == lidmaatschap.rol and functie == lidmaatschap.functie:
            return lidmaatschap
        if rol != lidmaatschap.rol:
            if lidmaatschap.user_id == acting_user.pk:
                raise ValidationError(
                    {
                        "rol": "U kunt uw eigen rol niet wijzigen. Vraag een andere beheerder "
                        "van de organisatie om dat te doen."
                    }
                )
            if lidmaatschap.rol == Rol.BEHEERDER and not _andere_beheerders(lidmaatschap):
                raise ValidationError(
                    {"rol": _laatste_beheerder_fout(lidmaatschap, "deze rol wijzigen")}
                )
        lidmaatschap.rol = rol
        lidmaatschap.functie = functie
        lidmaatschap.full_clean()
        lidmaatschap.save(update_fields=["rol", "functie"])
        audit_record_create(
            acting_user=acting_user,
            actie="lidmaatschap.gewijzigd",
            omschrijving=(
                f"{lidmaatschap.user} bij {lidmaatschap.organisatie}: rol "
                f"{lidmaatschap.get_rol_display().lower()}, functie "
                f"‘{lidmaatschap.functie or '–'}’."
            ),
            obj=lidmaatschap,
            gegevens={"oud": oud, "nieuw": _gegevens(lidmaatschap)},
        )
    return lidmaatschap


def lid_verwijderen(*, lidmaatschap: Lidmaatschap, acting_user) -> None:
    """End a membership. The account stays (the person may be a member elsewhere, and the
    history keeps pointing at them)."""
    with transaction.atomic():
        _check_manage(acting_user, _lock(lidmaatschap.organisatie))
        lidmaatschap = Lidmaatschap.objects.select_related("user", "organisatie").get(
            pk=lidmaatschap.pk
        )
        if lidmaatschap.rol == Rol.BEHEERDER and not _andere_beheerders(lidmaatschap):
            raise _laatste_beheerder_fout(lidmaatschap, "dit lid verwijderen")
        gegevens = _gegevens(lidmaatschap)
        audit_record_create(
            acting_user=acting_user,
            actie="lidmaatschap.verwijderd",
            omschrijving=(
                f"{lidmaatschap.user} is geen lid meer van {lidmaatschap.organisatie} "
                f"(was {lidmaatschap.get_rol_display().lower()})."
            ),
            obj=lidmaatschap,
            gegevens=gegevens,
        )
        lidmaatschap.delete()
