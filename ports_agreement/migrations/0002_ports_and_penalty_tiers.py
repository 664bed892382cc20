"""Seed the two Ports (Rule 4001 (c)(2)) and the penalty tiers of the Cooperative Agreement.

Amounts: 000_5a27d03f56223f7e.txt, "Penalty Structure for Contract Defaults". The presentation lists the
defaults (plan submission / approval / modification process, public process, implementation milestones
within Port control: "Enforcement Provisions") but not which tier each falls in; staff edit the definitions.
"""

from decimal import Decimal

from django.db import migrations

PORTS = (("pola", "Port of Los Angeles"), ("polb", "Port of Long Beach"))
TIERS = (("Tier I", Decimal("50000")), ("Tier II", Decimal("100000")), ("Tier III", Decimal("200000")))
DEFINITION = (
    "{name}: ${amount:,.0f} per default (000_5a27d03f56223f7e.txt, \"Penalty Structure for Contract Defaults\"). "
    "Defaults: plan submission / approval / modification process; public process; plan implementation "
    "milestones within Port control. The board presentation does not assign defaults to tiers: record here "
    "the executed agreement's definition of this tier."
)


def seed(apps, schema_editor):
    Port = apps.get_model("ports_agreement", "Port")
    DefaultTier = apps.get_model("ports_agreement", "DefaultTier")
    for code, name in PORTS:
        Port.objects.get_or_create(code=code, defaults={"name": name})
    for name, amount in TIERS:
        DefaultTier.objects.get_or_create(
            name=name, defaults={"amount_per_default": amount, "definition": DEFINITION.format(name=name, amount=amount)}
        )


class Migration(migrations.Migration):
    dependencies = [("ports_agreement", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
