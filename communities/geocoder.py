"""The geocoder behind the community determination: one small interface, the US Census Geocoder in production.

``settings.COMMUNITIES_GEOCODER`` names the class (a district may point it at another geocoder with the same
``tract_of``); tests use ``FixtureGeocoder`` over answers saved in the Census Geocoder's documented format, so no test
touches the network. The Census service: https://geocoding.geo.census.gov/geocoder/Geocoding_Services_API.html
(``geographies/onelineaddress``, benchmark ``Public_AR_Current``, vintage ``Census2010_Current``: the 2010 census tracts
CalEnviroScreen 4.0 is built on).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from .rules.designation import GeocoderAnswerError, TractMatch, census_tract_from


class GeocoderUnavailable(Exception):
    """The geocoder could not be reached or did not answer in its format: the determination waits."""


class Geocoder:
    """Finds the 2010 census tract of an address."""

    def tract_of(self, address: str) -> TractMatch:  # pragma: no cover - interface
        raise NotImplementedError


class CensusGeocoder(Geocoder):
    URL = "https://geocoding.geo.census.gov/geocoder/geographies/onelineaddress"
    BENCHMARK = "Public_AR_Current"
    VINTAGE = "Census2010_Current"
    TIMEOUT_SECONDS = 10

    def tract_of(self, address: str) -> TractMatch:
        query = urllib.parse.urlencode(
            {"address": address, "benchmark": self.BENCHMARK, "vintage": self.VINTAGE, "format": "json"}
        )
        try:
            with urllib.request.urlopen(f"{self.URL}?{query}", timeout=self.TIMEOUT_SECONDS) as response:  # noqa: S310
                answer = json.load(response)
            return census_tract_from(answer)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError, GeocoderAnswerError) as error:
            raise GeocoderUnavailable(str(error)) from error


class FixtureGeocoder(Geocoder):
    """Answers from saved Census Geocoder responses (``communities/fixtures/geocoder/*.json``), by address: for tests
    and the demo. An address with no saved answer is "unreachable"."""

    FOLDER = Path(__file__).parent / "fixtures" / "geocoder"

    def tract_of(self, address: str) -> TractMatch:
        for path in sorted(self.FOLDER.glob("*.json")):
            answer = json.loads(path.read_text())
            if answer["result"]["input"]["address"]["address"].lower() == address.strip().lower():
                return census_tract_from(answer)
        raise GeocoderUnavailable(f"no saved answer for {address!r}")


def geocoder() -> Geocoder:
    return import_string(getattr(settings, "COMMUNITIES_GEOCODER", "communities.geocoder.CensusGeocoder"))()
