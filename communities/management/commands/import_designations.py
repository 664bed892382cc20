"""``python manage.py import_designations KIND FILE.csv --name ... --vintage ... --source ...``: one designation list
from the state's file (KIND: ``sb535_dac`` or ``ab1550_low_income``); ``--sample`` loads the small labelled sample
lists in the repository (tests, the demo) instead. Every bad row is named by row and column."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communities import services
from communities.models import DesignationList

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_LISTS = (
    (
        DesignationList.Kind.DAC,
        "sb535_dac_SAMPLE.csv",
        "SAMPLE of SB 535 disadvantaged communities (not the official list)",
        "CalEnviroScreen 4.0 (May 2022 designation), sample rows",
        "Sample in the repository; the official list: https://calepa.ca.gov/envjustice/ghginvest/",
    ),
    (
        DesignationList.Kind.LOW_INCOME,
        "ab1550_low_income_SAMPLE.csv",
        "SAMPLE of AB 1550 low-income communities (not the official list)",
        "CARB Priority Populations 4.0, sample rows",
        "Sample in the repository; the official list: https://ww2.arb.ca.gov/our-work/programs/california-climate-investments/priority-populations",
    ),
)


class Command(BaseCommand):
    help = "Import a CalEnviroScreen 4.0 SB 535 DAC or AB 1550 low-income census tract list (or the sample lists)."

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", choices=DesignationList.Kind.values)
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--name", default="")
        parser.add_argument("--vintage", default="")
        parser.add_argument("--source", default="")
        parser.add_argument("--sample", action="store_true", help="load the labelled sample lists of the repository")

    def handle(self, *args, kind, file, name, vintage, source, sample, **options):
        if sample:
            for list_kind, filename, list_name, list_vintage, list_source in SAMPLE_LISTS:
                self._import(list_kind, SAMPLES / filename, list_name, list_vintage, list_source, sample=True)
            return
        if kind is None or file is None:
            raise CommandError("give KIND and FILE (or --sample)")
        self._import(kind, file, name, vintage, source, sample=False)

    def _import(self, kind, file, name, vintage, source, *, sample):
        try:
            rows = services.rows_of(file.read_bytes())
            imported = services.import_list(kind, rows, name=name, vintage=vintage, source=source, sample=sample)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except services.CommunityError as error:
            raise CommandError(
                "invalid input:\n" + "\n".join(f"  {where}: {message}" for where, message in error.errors.items())
            ) from None
        self.stdout.write(f"Imported {imported}: {imported.tract_count} tracts.")
