"""Settings for the test suite: the production settings with a key of their own.

``portal.settings`` refuses to start without ``DJANGO_SECRET_KEY`` unless DEBUG is on; the tests opt
out of that refusal here, explicitly, rather than through a key kept in the settings.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-key-never-used-to-sign-anything-real")

from .settings import *  # noqa: E402, F403

# The reporting database (core.db, issue 24) as a mirror of the test database: tests that set REPORTING_DATABASE to
# "replica" read the same rows through a connection of its own.
DATABASES["replica"] = {**DATABASES["default"], "ATOMIC_REQUESTS": False, "TEST": {"MIRROR": "default"}}  # noqa: F405
