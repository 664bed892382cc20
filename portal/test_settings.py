"""Settings for the test suite: the production settings with a key of their own.

``portal.settings`` refuses to start without ``DJANGO_SECRET_KEY`` unless DEBUG is on; the tests opt
out of that refusal here, explicitly, rather than through a key kept in the settings.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-key-never-used-to-sign-anything-real")

from .settings import *  # noqa: E402, F403
