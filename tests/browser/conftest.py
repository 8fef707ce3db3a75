"""Playwright driving Debian's chromium against Django's live server."""

import os
import shutil
from pathlib import Path

import pytest

AXE_JS = Path(__file__).with_name("axe.min.js")


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            "Debian's chromium is niet geïnstalleerd; scripts/install-chromium.sh installeert het."
        )
    return path


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # inside one unless told it is safe (the live server itself runs in another thread).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def axe_page(browser):
    """A page in a context that may inject axe-core despite the strict CSP."""
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE_JS))
    # resultTypes: every violation in full; passes, incomplete and inapplicable (not used here)
    # with one node each, so axe computes no CSS selector for every element that passes.
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations']
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def referentiedata_herstellen() -> None:
    """Put back the rows that data migrations seed (plan hardness, knelpunten, year parameters).

    A transactional test empties the database when it is done (flush), those rows included, so a
    browser module that runs after one would find no Hardheid 1A. Idempotent (update_or_create).
    """
    from importlib import import_module

    from django.apps import apps

    for migratie in (
        "prestatiemonitor.planmonitor.migrations.0002_referentiedata",
        "prestatiemonitor.normen.migrations.0002_jaarparameters",
    ):
        import_module(migratie).vullen(apps, None)


@pytest.fixture
def bezoeker(browser):
    """bezoeker(username or None) -> a page in a fresh context (axe-core may be injected)."""
    contexts = []

    def maak():
        context = browser.new_context(
            locale="nl-NL", bypass_csp=True, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield maak
    for context in contexts:
        context.close()
