import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into an empty stack: the database, then the stored files, then "
        "migrate to this code; checks that the applications, the ledger and the files are those of the backup "
        "(docs/deploy.md, Backups). Prints the summary as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Drop everything in the database and replace same-named files first (a stack that is not empty).",
        )

    def handle(self, *args, path, replace=False, **options):
        if not Path(path).is_file():
            raise CommandError(f"No backup at {path}.")
        try:
            found = restore(Path(path), replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps({"restored": path, **found}))
