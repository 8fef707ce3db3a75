"""The planmonitor's fixtures (the Nijkerk kader, its members, the demo planmonitor)."""

from prestatiemonitor.planmonitor.tests.conftest import demo, kader, leden  # noqa: F401
