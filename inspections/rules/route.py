"""Where the inspector goes: the city of a site's address and a link to a map search for it. Pure Python.

The applications ask for the site as one line ("Project site location (full address)", PA2026-03 Attachment A;
"Primary yard address", PA2026-01 and PA2026-02), so the city is read from it: the last part, between commas, that
is neither a state with its ZIP code nor a ZIP code alone ("1200 Pier Ave, Long Beach" and "1200 Pier Ave, Long
Beach, CA 90802" are both in Long Beach).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

_STATE_OR_ZIP = re.compile(r"^(?:[a-z]{2}\.?|california)?\s*(?:\d{5}(?:-\d{4})?)?$", re.IGNORECASE)

MAP_SEARCH = "https://www.openstreetmap.org/search"
"""A plain link to a public map search, opened in the inspector's own browser: no map script on the portal."""


def city_of(address: str) -> str:
    """The city named in a one-line address, or "" when the address names none after the street."""
    parts = [part.strip() for part in (address or "").split(",")]
    for part in reversed(parts[1:]):
        if part and not _STATE_OR_ZIP.match(part) and part.upper() != "USA":
            return part
    return ""


def map_link(address: str) -> str:
    """A map search for the address ("" without one)."""
    address = " ".join((address or "").split())
    return f"{MAP_SEARCH}?{urlencode({'query': address})}" if address else ""
