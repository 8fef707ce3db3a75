"""SQLite with a second writer (issue 5, section 7): a write waits for the lock (immediate
transactions, busy timeout) and, when the lock does not come free in time, the form comes back
with a Dutch message and everything typed instead of HTTP 500.

The test database of the suite lives in memory, where no second connection can hold a lock. So
the scenario runs in a separate process against a real SQLite file in a temporary folder, with
the project's own settings, and a second sqlite3 connection holding the write lock. The file
starts as a copy of the freshly migrated test database (``sqlite_na_migraties``) when this run
made one, so the process need not run every migration again (its ``migrate`` then finds
nothing left to do).
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="alleen SQLite kent 'database is locked'",
)

SCENARIO = textwrap.dedent(
    """
    import json, sqlite3, threading, time
    import django
    django.setup()
    # Argon2 at its smallest cost, as in the test run itself (conftest.py).
    from django.contrib.auth.hashers import Argon2PasswordHasher
    Argon2PasswordHasher.time_cost, Argon2PasswordHasher.memory_cost = 1, 64
    Argon2PasswordHasher.parallelism = 1
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from prestatiemonitor.organisaties.demo import ensure_demo_accounts, ensure_nijkerk_parties
    from prestatiemonitor.organisaties.models import Lidmaatschap

    call_command("migrate", verbosity=0)
    ensure_nijkerk_parties()
    users = {u.username: u for u in ensure_demo_accounts()}
    db = settings.DATABASES["default"]["NAME"]
    uit = {"journal_mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]}
    client = Client()
    client.force_login(users["beleid.nijkerk"])
    lid = Lidmaatschap.objects.get(
        user__username="wethouder.nijkerk", organisatie__slug="gemeente-nijkerk"
    )
    url = f"/account/organisaties/gemeente-nijkerk/leden/{lid.pk}/wijzigen/"
    typed = {"rol": "redacteur", "functie": "Wethouder wonen & zorg"}

    # 1. Another writer holds the lock longer than the busy timeout (1 s).
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    start = time.monotonic()
    response = client.post(url, typed)
    uit["bezet_status"] = response.status_code
    uit["bezet_wachttijd"] = time.monotonic() - start
    uit["bezet_html"] = response.content.decode()
    other.execute("ROLLBACK")
    lid.refresh_from_db()
    uit["bezet_rol"] = lid.rol

    # 2. The other writer lets go after 0.3 s: the write waits and succeeds.
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
    response = client.post(url, typed)
    uit["wacht_status"] = response.status_code
    lid.refresh_from_db()
    uit["wacht_rol"] = lid.rol
    uit["wacht_functie"] = lid.functie

    # 3. Adding a member (invitation) while locked: the form keeps what was typed.
    other2 = sqlite3.connect(db, isolation_level=None)
    other2.execute("BEGIN IMMEDIATE")
    response = client.post(
        "/account/organisaties/gemeente-nijkerk/leden/toevoegen/",
        {"email": "roos@nijkerk.nl", "voornaam": "Roos", "achternaam": "Raadslid",
         "rol": "lezer", "functie": "Adviseur"},
    )
    other2.execute("ROLLBACK")
    uit["toevoegen_status"] = response.status_code
    uit["toevoegen_html"] = response.content.decode()
    print("UITVOER" + json.dumps(uit))
    """
)


@pytest.fixture(scope="module")
def uitvoer(tmp_path_factory, sqlite_na_migraties):
    var = tmp_path_factory.mktemp("sqlite-bezet")
    if sqlite_na_migraties is not None:
        shutil.copyfile(sqlite_na_migraties, var / "prestatiemonitor.sqlite3")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "PYTEST_VERSION", "PYTEST_XDIST_WORKER"}
    }
    env.update(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="prestatiemonitor.config.settings",
        PRESTATIEMONITOR_VAR_DIR=str(var),
        SQLITE_BUSY_TIMEOUT="1",
        LOG_LEVEL="ERROR",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCENARIO],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.split("UITVOER", 1)[1])


def test_the_database_runs_in_wal_mode(uitvoer):
    assert uitvoer["journal_mode"] == "wal"


def test_a_locked_database_gives_the_form_back_with_a_dutch_message_and_the_input(uitvoer):
    assert uitvoer["bezet_status"] == 200
    html = uitvoer["bezet_html"]
    assert "De database is even bezet; probeer het opnieuw. Uw invoer is bewaard." in html
    assert 'value="Wethouder wonen &amp; zorg"' in html
    assert '<option value="redacteur" selected>Redacteur</option>' in html
    assert uitvoer["bezet_wachttijd"] >= 0.9  # it waited for the busy timeout first
    assert uitvoer["bezet_rol"] == "lezer"  # nothing written


def test_a_writer_waits_for_the_lock_instead_of_failing(uitvoer):
    assert uitvoer["wacht_status"] == 302
    assert (uitvoer["wacht_rol"], uitvoer["wacht_functie"]) == (
        "redacteur",
        "Wethouder wonen & zorg",
    )


def test_inviting_while_locked_keeps_what_was_typed(uitvoer):
    assert uitvoer["toevoegen_status"] == 200
    html = uitvoer["toevoegen_html"]
    assert "De database is even bezet; probeer het opnieuw. Uw invoer is bewaard." in html
    assert 'value="roos@nijkerk.nl"' in html
    assert 'value="Raadslid"' in html
    assert 'value="Adviseur"' in html
