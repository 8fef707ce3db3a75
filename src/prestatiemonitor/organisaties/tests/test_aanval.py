"""What an attack on the running site found (issue 5, section 7), each fixed and tested here:
lock-out behind a proxy, caching of private pages, the password-reset rate limit and
oversized request bodies. Invitations: test_uitnodigingen.py; SQLite: test_database_bezet.py.
"""

import importlib.util

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prestatiemonitor.config import settings as settings_module
from prestatiemonitor.organisaties.demo import DEMO_WACHTWOORD, ensure_demo_accounts

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy, as the app sees it
CLIENT_A = "145.100.1.1"
CLIENT_B = "82.200.2.2"
AXES_KEYS = (
    "AXES_IPWARE_PROXY_COUNT",
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    "AXES_IPWARE_PROXY_ORDER",
    "IPWARE_STRICT",
)


@pytest.fixture
def demo(nijkerk_parties):
    return {u.username: u for u in ensure_demo_accounts()}


@pytest.fixture(autouse=True)
def _lege_cache():
    cache.clear()
    yield
    cache.clear()


def _settings_from_env(monkeypatch, **env) -> dict:
    """The client-address settings that config/settings.py computes from this environment."""
    for name in ("DJANGO_BEHIND_TLS_PROXY", "DJANGO_PROXY_COUNT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_onder_test", settings_module.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {key: getattr(module, key) for key in AXES_KEYS}


@pytest.fixture
def achter_proxy(settings, monkeypatch):
    for key, value in _settings_from_env(
        monkeypatch, DJANGO_BEHIND_TLS_PROXY="1", DJANGO_PROXY_COUNT="1"
    ).items():
        setattr(settings, key, value)
    return settings


@pytest.fixture
def zonder_proxy(settings, monkeypatch):
    for key, value in _settings_from_env(monkeypatch).items():
        setattr(settings, key, value)
    return settings


def login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def via_proxy(client_ip: str, eigen_header: str = "") -> dict:
    """A request through one proxy that appends the address it saw to X-Forwarded-For."""
    xff = f"{eigen_header}, {client_ip}" if eigen_header else client_ip
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": xff}


# --------------------------------------------------------------------------------------------
# Lock-out behind a proxy


def test_behind_a_proxy_a_lock_out_locks_the_client_not_everyone(client, demo, achter_proxy):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        login(client, "adviseur.wsn", "fout-wachtwoord", **via_proxy(CLIENT_A))
    assert login(client, "adviseur.wsn", DEMO_WACHTWOORD, **via_proxy(CLIENT_A)).status_code == 429
    # Client B, through the same proxy, logs in.
    assert login(client, "adviseur.wsn", DEMO_WACHTWOORD, **via_proxy(CLIENT_B)).status_code == 302


def test_behind_a_proxy_what_the_client_writes_in_x_forwarded_for_is_ignored(
    client, demo, achter_proxy
):
    # Client A varies its own X-Forwarded-For; the proxy appends A's real address, which counts.
    for n in range(django_settings.AXES_FAILURE_LIMIT):
        login(client, "adviseur.wsn", "fout", **via_proxy(CLIENT_A, eigen_header=f"1.2.3.{n}"))
    assert login(client, "adviseur.wsn", DEMO_WACHTWOORD, **via_proxy(CLIENT_A)).status_code == 429
    assert login(client, "adviseur.wsn", DEMO_WACHTWOORD, **via_proxy(CLIENT_B)).status_code == 302


def test_without_the_proxy_setting_x_forwarded_for_is_ignored(client, demo, zonder_proxy):
    assert zonder_proxy.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)
    for n in range(django_settings.AXES_FAILURE_LIMIT):
        login(
            client,
            "adviseur.wsn",
            "fout",
            REMOTE_ADDR=CLIENT_A,
            HTTP_X_FORWARDED_FOR=f"9.9.9.{n}",
        )
    response = login(
        client, "adviseur.wsn", DEMO_WACHTWOORD, REMOTE_ADDR=CLIENT_A, HTTP_X_FORWARDED_FOR=CLIENT_B
    )
    assert response.status_code == 429


def test_two_proxies_take_the_second_address_from_the_right(settings, monkeypatch):
    from axes.helpers import get_client_ip_address
    from django.test import RequestFactory

    for key, value in _settings_from_env(
        monkeypatch, DJANGO_BEHIND_TLS_PROXY="1", DJANGO_PROXY_COUNT="2"
    ).items():
        setattr(settings, key, value)
    request = RequestFactory().get(
        "/",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"6.6.6.6, {CLIENT_A}, 10.0.0.9",
    )
    assert get_client_ip_address(request) == CLIENT_A


# --------------------------------------------------------------------------------------------
# Cache-Control on private pages


def _is_private_no_store(response) -> bool:
    parts = {p.strip() for p in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= parts


def test_member_list_and_unpublished_kader_are_private_and_not_stored(client, demo, nijkerk_kader):
    assert not nijkerk_kader.gepubliceerd
    client.force_login(demo["beleid.nijkerk"])
    leden = client.get("/account/organisaties/gemeente-nijkerk/leden/")
    kader = client.get(reverse("afspraken:kader", args=[nijkerk_kader.slug]))
    assert (leden.status_code, kader.status_code) == (200, 200)
    assert _is_private_no_store(leden)
    assert _is_private_no_store(kader)


def test_anonymous_pages_are_not_marked_private(client, demo):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")


# --------------------------------------------------------------------------------------------
# Password reset rate limit


def _reset(client, email, ip="145.100.1.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_the_fourth_reset_for_one_address_in_an_hour_sends_no_mail_and_says_the_same(client, demo):
    antwoorden = [_reset(client, "adviseur.wsn@example.org", ip=f"145.1.1.{n}") for n in range(4)]
    assert len(mail.outbox) == django_settings.WACHTWOORD_RESET_PER_ADRES == 3
    assert {(r.status_code, r["Location"]) for r in antwoorden} == {
        (302, reverse("password_reset_done"))
    }
    # Another address is not affected.
    _reset(client, "medewerker.wsn@example.org", ip="145.1.1.9")
    assert mail.outbox[-1].to == ["medewerker.wsn@example.org"]
    assert len(mail.outbox) == 4


def test_one_client_address_gets_at_most_ten_resets_an_hour(client, demo):
    for n in range(django_settings.WACHTWOORD_RESET_PER_IP):
        _reset(client, f"onbekend{n}@example.org")
    assert mail.outbox == []
    response = _reset(client, "adviseur.wsn@example.org")
    assert response.status_code == 302
    assert mail.outbox == []
    # From another address the same request is answered with a mail.
    _reset(client, "adviseur.wsn@example.org", ip="82.1.1.1")
    assert len(mail.outbox) == 1


# --------------------------------------------------------------------------------------------
# Request bodies


def test_a_six_megabyte_login_post_is_refused_before_it_is_read(client, demo):
    body = "username=adviseur.wsn&password=" + "x" * (6 * 1024 * 1024)
    response = client.generic(
        "POST", reverse("login"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "Verzoek te groot" in html
    assert "hoogstens 1 MB" in html
    assert "_auth_user_id" not in client.session


def test_a_large_multipart_body_on_the_login_form_is_refused(client, demo):
    bestand = SimpleUploadedFile("groot.bin", b"x" * (6 * 1024 * 1024))
    response = client.post(reverse("login"), {"username": "a", "password": "b", "bestand": bestand})
    assert response.status_code == 413


def test_the_413_page_is_valid_wsgi_so_a_real_server_sends_it(demo):
    """Through wsgiref (runserver's server), not the test client: a hop-by-hop header such as
    ``Connection: close`` is forbidden by PEP 3333, and runserver answered 500 instead."""
    import io
    from wsgiref.handlers import SimpleHandler
    from wsgiref.util import setup_testing_defaults

    from django.core.wsgi import get_wsgi_application

    body = b"a" * (2 * 1024 * 1024)
    environ: dict = {}
    setup_testing_defaults(environ)
    environ.update(
        REQUEST_METHOD="POST",
        PATH_INFO="/account/login/",
        HTTP_HOST="testserver",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(len(body)),
    )
    uit, fouten = io.BytesIO(), io.StringIO()
    SimpleHandler(io.BytesIO(body), uit, fouten, environ).run(get_wsgi_application())
    antwoord = uit.getvalue()
    assert antwoord.split(b"\r\n", 1)[0] == b"HTTP/1.0 413 Request Entity Too Large"
    assert "Verzoek te groot" in antwoord.decode()
    assert "Traceback" not in fouten.getvalue()


def test_the_import_upload_still_takes_five_megabytes_and_explains_a_bigger_file(client, demo):
    client.force_login(demo["beleid.nijkerk"])
    url = reverse("afspraken:importeren")
    te_groot = SimpleUploadedFile(
        "groot.md", b"# x\n" * ((django_settings.AFSPRAKEN_IMPORT_MAX_BYTES + 1024) // 4)
    )
    response = client.post(url, {"gemeente": "", "bestand": te_groot})
    assert response.status_code == 200  # the form's own Dutch message, not the 413 page
    assert "is te groot: het maximum is 5 MB" in response.content.decode()
