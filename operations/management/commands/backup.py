import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup, default_path


class Command(BaseCommand):
    help = (
        "Back up the database and the stored files together into one archive (docs/deploy.md, Backups). Prints the "
        "archive's summary as JSON: the applications, the ledger's entries and total, the files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="The archive to write, or a folder for a dated name (default: backups/)."
        )

    def handle(self, *args, path=None, **options):
        target = Path(path or "backups")
        if target.is_dir() or not target.suffix:
            target = default_path(target)
        try:
            manifest = backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps({"archive": str(target), **manifest["summary"]}))
