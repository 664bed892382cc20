"""The demo's designation lists: the labelled samples of the repository (not the official lists), once."""

import io

from django.core.management import call_command

from .models import DesignationList


def seed_communities_demo() -> None:
    if not DesignationList.objects.exists():
        call_command("import_designations", "--sample", stdout=io.StringIO())
