"""Managing the members of an organisation: the writes behind the members pages.

A beheerder invites (``uitnodigen``); the person becomes a member only by accepting
(``uitnodiging_aannemen``). Each service checks the acting user's rights itself (``permissions.can_manage_members``),
validates, writes an audit row in the same transaction and is atomic. The invitation mail of a
new account is sent only after the transaction has committed.

Rules that protect an organisation from losing its management:
- the last beheerder of an organisation cannot be removed or demoted;
- nobody changes their own role (a beheerder would lock themselves out); they may leave the
  organisation as long as another beheerder remains.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from prestatiemonitor.audit.services import audit_record_create

from . import permissions
from .constants import Rol
from .mailtekst import mailveilig, naam_fout
from .models import Lidmaatschap, Organisatie, Uitnodiging, User

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
        Lidmaatschap.objects.filter(
            organisatie_id=lidmaatschap.organisatie_id,
            rol=Rol.BEHEERDER,
            user__api_sleutel__isnull=True,  # an API key is no beheerder who can log in
        )
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
    max_length = User._meta.get_field("username").max_length or 150
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
        "naam": mailveilig(user.get_full_name()) or user.get_username(),
        "gebruikersnaam": user.get_username(),
        "organisatie": mailveilig(organisatie.naam, 200),
        "uitnodiger": mailveilig(uitnodiger.get_full_name() or uitnodiger.get_username())
        or "Een beheerder",
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


def _token() -> tuple[str, str]:
    """A new random link token and the SHA-256 that is stored (the token itself is not)."""
    token = secrets.token_urlsafe(32)
    return token, _token_hash(token)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _uitnodiging_gegevens(uitnodiging: Uitnodiging) -> dict:
    return {
        "organisatie": uitnodiging.organisatie.slug,
        "email": uitnodiging.email,
        "rol": uitnodiging.rol,
        "functie": uitnodiging.functie,
    }


def _aanneem_mail_versturen(
    *, uitnodiging: Uitnodiging, token: str, uitnodiger, domain: str, use_https: bool
) -> None:
    """The Dutch invitation with the link to the invitation page. The same mail whether or not
    the address has an account: the page decides (log in and accept, or choose a password).
    Every name in it goes through ``mailveilig``."""
    naam = mailveilig(f"{uitnodiging.voornaam} {uitnodiging.achternaam}")
    context = {
        "naam": naam,
        "uitnodiger": mailveilig(
            uitnodiger.get_full_name() or uitnodiger.get_username() if uitnodiger else ""
        )
        or "Een beheerder",
        "organisatie": mailveilig(uitnodiging.organisatie.naam, 200),
        "rol": uitnodiging.get_rol_display().lower(),
        "link": "{protocol}://{domain}{pad}".format(
            protocol="https" if use_https else "http",
            domain=domain,
            pad=reverse("uitnodiging", kwargs={"token": token}),
        ),
        "geldig_dagen": settings.UITNODIGING_GELDIG_DAGEN,
    }
    onderwerp = render_to_string("organisaties/uitnodiging_aannemen_onderwerp.txt", context)
    tekst = render_to_string("organisaties/uitnodiging_aannemen_email.txt", context)
    send_mail(" ".join(onderwerp.split()), tekst, settings.DEFAULT_FROM_EMAIL, [uitnodiging.email])


def _na_commit_mailen(uitnodiging: Uitnodiging, token: str, acting_user, domain, use_https):
    transaction.on_commit(
        lambda: _aanneem_mail_versturen(
            uitnodiging=uitnodiging,
            token=token,
            uitnodiger=acting_user,
            domain=domain,
            use_https=use_https,
        ),
        # A failing mail server does not undo the invitation; Django logs the failure, and
        # the beheerder can send the invitation again from the members page.
        robust=True,
    )


def _geldig_tot():
    return timezone.now() + timedelta(days=settings.UITNODIGING_GELDIG_DAGEN)


def uitnodigen(
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
) -> Uitnodiging:
    """Invite a person, by e-mail address, to become a member with this role and functie.

    Nothing about an account changes here, and the answer does not depend on whether the
    address has one (no beheerder learns who has an account elsewhere): an invitation is
    stored and mailed. The person becomes a member only by accepting it
    (``uitnodiging_aannemen``). Inviting the same address again replaces the open invitation.
    The only refusal that depends on the address is "already a member of this organisation",
    which the beheerder sees on the members page anyway. ``domain`` and ``use_https`` make the
    link (as in Django's PasswordResetForm).
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if rol not in Rol.values:
        raise ValidationError({"rol": "Kies een rol: beheerder, redacteur of lezer."})
    for veld, waarde in (("voornaam", voornaam), ("achternaam", achternaam)):
        if fout := naam_fout(waarde):
            raise ValidationError({veld: fout})
    with transaction.atomic():
        organisatie = _lock(organisatie)
        _check_manage(acting_user, organisatie)
        bestaand_lid = (
            Lidmaatschap.objects.filter(organisatie=organisatie, user__email__iexact=email)
            .select_related("user")
            .first()
        )
        if bestaand_lid is not None:
            raise ValidationError(
                {
                    "email": f"{bestaand_lid.user} ({bestaand_lid.user.email}) is al lid van "
                    f"{organisatie}, als {bestaand_lid.get_rol_display().lower()}."
                }
            )
        nu = timezone.now()
        vervangen = Uitnodiging.objects.filter(
            organisatie=organisatie,
            email=email,
            aangenomen_op__isnull=True,
            afgewezen_op__isnull=True,
            ingetrokken_op__isnull=True,
        ).update(ingetrokken_op=nu)
        token, token_hash = _token()
        uitnodiging = Uitnodiging(
            organisatie=organisatie,
            email=email,
            voornaam=voornaam.strip(),
            achternaam=achternaam.strip(),
            rol=rol,
            functie=functie.strip(),
            token_hash=token_hash,
            uitgenodigd_door=acting_user if acting_user.is_authenticated else None,
            verloopt_op=_geldig_tot(),
        )
        uitnodiging.full_clean()
        uitnodiging.save()
        audit_record_create(
            acting_user=acting_user,
            actie="uitnodiging.verstuurd",
            omschrijving=(
                f"{email} uitgenodigd voor {organisatie} als "
                f"{uitnodiging.get_rol_display().lower()}"
                + (" (vervangt de vorige uitnodiging)." if vervangen else ".")
            ),
            obj=uitnodiging,
            gegevens=_uitnodiging_gegevens(uitnodiging),
        )
        _na_commit_mailen(uitnodiging, token, acting_user, domain, use_https)
    return uitnodiging


def uitnodiging_bij_token(token: str) -> Uitnodiging | None:
    """The invitation of this link, whatever its state; None for an unknown token."""
    return (
        Uitnodiging.objects.select_related("organisatie", "uitgenodigd_door")
        .filter(token_hash=_token_hash(token))
        .first()
    )


def uitnodiging_geldig(uitnodiging: Uitnodiging | None) -> bool:
    return uitnodiging is not None and uitnodiging.open and uitnodiging.verloopt_op > timezone.now()


def account_voor_uitnodiging(uitnodiging: Uitnodiging, user=None) -> User | None:
    """The account the invitation is for: the logged-in ``user`` if it has the invited address,
    else an account with that address (an active one with a password first; a disabled one
    counts too, so an invitation never makes a second account next to a disabled one); None
    when the address has no account (a new person)."""
    if user is not None and user.is_authenticated and user.email.lower() == uitnodiging.email:
        return user
    accounts = list(User.objects.filter(email__iexact=uitnodiging.email).order_by("pk"))
    accounts.sort(key=lambda a: (not a.is_active, not a.has_usable_password()))
    return accounts[0] if accounts else None


def kiest_wachtwoord(account: User | None) -> bool:
    """A new person, or an active account that never logged in nor chose a password: the
    invitation page asks for a password (the mailbox proves the address, as a password-reset
    link does). Everyone else logs in first."""
    return account is None or (
        account.is_active and account.last_login is None and not account.has_usable_password()
    )


ONGELDIG = (
    "Deze uitnodiging is niet meer geldig: ze is verlopen, ingetrokken of al gebruikt. Vraag "
    "de beheerder van de organisatie om een nieuwe uitnodiging."
)


def _open_uitnodiging_locked(uitnodiging: Uitnodiging) -> Uitnodiging:
    uitnodiging = (
        Uitnodiging.objects.select_for_update(of=("self",))
        .select_related("organisatie", "uitgenodigd_door")
        .get(pk=uitnodiging.pk)
    )
    if not uitnodiging_geldig(uitnodiging):
        raise ValidationError(ONGELDIG, code="ongeldig")
    return uitnodiging


def uitnodiging_aannemen(
    *, uitnodiging: Uitnodiging, user=None, wachtwoord: str | None = None
) -> Lidmaatschap:
    """Accept: only now the Lidmaatschap is created (with an audit row).

    ``user`` is the logged-in account with the invited address. Without it (a new person, or an
    account that never chose a password; ``kiest_wachtwoord``) ``wachtwoord`` is required: a
    new account is created with the invited name and that password, or the passwordless
    account gets it.
    """
    with transaction.atomic():
        uitnodiging = _open_uitnodiging_locked(uitnodiging)
        organisatie = _lock(uitnodiging.organisatie)
        if user is not None and user.is_authenticated:
            if user.email.lower() != uitnodiging.email:
                raise PermissionDenied("Deze uitnodiging is voor een ander e-mailadres.")
            account = user
            nieuw = False
        else:
            account = account_voor_uitnodiging(uitnodiging)
            if not kiest_wachtwoord(account) or not wachtwoord:
                raise PermissionDenied("Log in met het account van dit e-mailadres.")
            nieuw = account is None
            if nieuw:
                account = User(
                    username=_nieuwe_gebruikersnaam(uitnodiging.email),
                    email=uitnodiging.email,
                    first_name=uitnodiging.voornaam,
                    last_name=uitnodiging.achternaam,
                )
            account.set_password(wachtwoord)
            account.full_clean()
            account.save()
        lidmaatschap = Lidmaatschap.objects.filter(user=account, organisatie=organisatie).first()
        if lidmaatschap is None:
            lidmaatschap = Lidmaatschap(
                user=account,
                organisatie=organisatie,
                rol=uitnodiging.rol,
                functie=uitnodiging.functie,
            )
            lidmaatschap.full_clean()
            lidmaatschap.save()
            audit_record_create(
                acting_user=account,
                actie="lidmaatschap.toegevoegd",
                omschrijving=(
                    f"{account} is lid geworden van {organisatie} als "
                    f"{lidmaatschap.get_rol_display().lower()} (uitnodiging aangenomen"
                    + (", nieuw account)." if nieuw else ").")
                ),
                obj=lidmaatschap,
                gegevens={
                    **_gegevens(lidmaatschap),
                    "nieuw_account": nieuw,
                    "uitnodiging": uitnodiging.pk,
                    "uitgenodigd_door": uitnodiging.uitgenodigd_door.get_username()
                    if uitnodiging.uitgenodigd_door
                    else None,
                },
            )
        uitnodiging.aangenomen_op = timezone.now()
        uitnodiging.aangenomen_door = account
        uitnodiging.save(update_fields=["aangenomen_op", "aangenomen_door"])
    return lidmaatschap


def uitnodiging_afwijzen(*, uitnodiging: Uitnodiging, user=None) -> None:
    """Decline. Whoever holds the link may decline; nothing else changes."""
    with transaction.atomic():
        uitnodiging = _open_uitnodiging_locked(uitnodiging)
        uitnodiging.afgewezen_op = timezone.now()
        uitnodiging.save(update_fields=["afgewezen_op"])
        # Whoever holds the link may decline without logging in: then the system records it,
        # saying so, rather than an account that did not act.
        ingelogd = user is not None and user.is_authenticated
        audit_record_create(
            acting_user=user if ingelogd else permissions.SYSTEEM,
            actie="uitnodiging.afgewezen",
            omschrijving=f"Uitnodiging van {uitnodiging.email} voor {uitnodiging.organisatie} "
            + ("afgewezen." if ingelogd else "afgewezen via de link in de uitnodigingsmail."),
            obj=uitnodiging,
            gegevens=_uitnodiging_gegevens(uitnodiging),
        )


def uitnodiging_intrekken(*, uitnodiging: Uitnodiging, acting_user) -> None:
    with transaction.atomic():
        _check_manage(acting_user, _lock(uitnodiging.organisatie))
        uitnodiging = _open_uitnodiging_locked(uitnodiging)
        uitnodiging.ingetrokken_op = timezone.now()
        uitnodiging.save(update_fields=["ingetrokken_op"])
        audit_record_create(
            acting_user=acting_user,
            actie="uitnodiging.ingetrokken",
            omschrijving=f"Uitnodiging van {uitnodiging.email} voor {uitnodiging.organisatie} "
            "ingetrokken.",
            obj=uitnodiging,
            gegevens=_uitnodiging_gegevens(uitnodiging),
        )


def uitnodiging_opnieuw_sturen(
    *, uitnodiging: Uitnodiging, acting_user, domain: str, use_https: bool
) -> Uitnodiging:
    """A new link (the old one stops working) with a new validity period, mailed again. Also
    for an invitation that has expired but was not used."""
    with transaction.atomic():
        _check_manage(acting_user, _lock(uitnodiging.organisatie))
        uitnodiging = Uitnodiging.objects.select_for_update().get(pk=uitnodiging.pk)
        if not uitnodiging.open:
            raise ValidationError(ONGELDIG, code="ongeldig")
        token, uitnodiging.token_hash = _token()
        uitnodiging.verloopt_op = _geldig_tot()
        uitnodiging.save(update_fields=["token_hash", "verloopt_op"])
        audit_record_create(
            acting_user=acting_user,
            actie="uitnodiging.opnieuw",
            omschrijving=f"Uitnodiging opnieuw gestuurd aan {uitnodiging.email} "
            f"({uitnodiging.organisatie}).",
            obj=uitnodiging,
            gegevens=_uitnodiging_gegevens(uitnodiging),
        )
        _na_commit_mailen(uitnodiging, token, acting_user, domain, use_https)
    return uitnodiging


def open_uitnodigingen(organisatie: Organisatie):
    return (
        Uitnodiging.objects.filter(
            organisatie=organisatie,
            aangenomen_op__isnull=True,
            afgewezen_op__isnull=True,
            ingetrokken_op__isnull=True,
        )
        .select_related("uitgenodigd_door")
        .order_by("email")
    )


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
