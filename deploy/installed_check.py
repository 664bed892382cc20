"""Run by deploy/check.sh from an installed copy of the portal (a wheel unpacked apart from the checkout): everything
the portal reads besides code came with the package (pyproject.toml, [tool.setuptools.package-data])."""

import sys
from pathlib import Path

import django

site = Path(sys.argv[1]).resolve()
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.utils import translation  # noqa: E402

import portal  # noqa: E402
from programs import announcements  # noqa: E402

problems = []
if not Path(portal.__file__).resolve().is_relative_to(site):
    problems.append(f"portal imported from {portal.__file__}, not from the installed copy")
for name in ["base.html", "funding/round.html", "reporting/detail.html", "operations/background.html"]:
    try:
        origin = Path(get_template(name).origin.name).resolve()
    except Exception as error:  # noqa: BLE001
        problems.append(f"template {name}: {error}")
    else:
        if not origin.is_relative_to(site):
            problems.append(f"template {name} found outside the installed copy: {origin}")
for path in ["portal.css", "vendor/bootstrap/bootstrap.bundle.min.js", "vendor/bootstrap/bootstrap.bundle.min.js.map"]:
    found = finders.find(path)
    if not found or not Path(found).resolve().is_relative_to(site):
        problems.append(f"static file {path}: {found or 'missing'}")
texts = sorted(announcements.TEXTS.glob("*.txt"))
if len(texts) < 5:
    problems.append(f"announcement texts: {len(texts)} found in {announcements.TEXTS}")
with translation.override("es"):
    for catalog_text in ["Programs", "Sign in"]:
        if translation.gettext(catalog_text) == catalog_text:
            problems.append(f"Spanish catalog: {catalog_text!r} is not translated")
catalogs = [path for path in site.rglob("*.mo")]
if len(catalogs) < 2:
    problems.append(f"compiled catalogs: {len(catalogs)}")
if problems:
    sys.exit("The installed package is incomplete:\n  " + "\n  ".join(problems))
print(
    f"The installed copy has its templates, {len(catalogs)} catalogs, {len(texts)} announcement texts and static "
    f"files (BASE_DIR {settings.BASE_DIR})."
)
