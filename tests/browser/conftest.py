import importlib

import pytest
from django.apps import apps

from accounts.services import sync_role_groups


@pytest.fixture
def seeded(transactional_db):
    """The role groups and the five announcements, as migrating adds them.

    Browser tests flush the database like any transactional test, and Playwright's event loop hides
    the serialized copy that ``serialized_rollback`` would restore (Django's connections are per
    async context), so the rows are added again here by the same functions migrating runs.
    """
    sync_role_groups()
    importlib.import_module("programs.migrations.0002_announcements").add_announcements(apps, None)


@pytest.fixture
def seeded_ports(seeded):
    """``seeded`` and the ports' data-migration rows (the two Ports and the penalty tiers), added again the same
    way."""
    importlib.import_module("ports_agreement.migrations.0002_ports_and_penalty_tiers").seed(apps, None)
