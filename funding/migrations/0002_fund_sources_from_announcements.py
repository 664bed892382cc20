"""Open a fund source, with its budget in the ledger, for every rule set whose announcement names an amount.

PA2026-01 $20.6M, PA2026-02 $28M, PA2026-03 $178.5M (the EPA CPRG grant, 001_ea26778b00a7e017.txt), and
PA2022-01's two: SB 129 $32.1M through the Carl Moyer Program and Prop 1B about $25M
(002_93fe1fbed5faf247.txt, BACKGROUND), each paying its own path. SOON (PA2025-04) names no amount, so
staff add its fund. The budget entries have no actor: they are the announcements' own figures.
"""

from django.db import migrations

PATHS = {"PA2022-01-CMP": "CMP", "PA2022-01-PROP1B": "Prop 1B"}


def add_fund_sources(apps, schema_editor):
    FundingRuleSet = apps.get_model("programs", "FundingRuleSet")
    FundSource = apps.get_model("funding", "FundSource")
    LedgerEntry = apps.get_model("funding", "LedgerEntry")
    for rule_set in FundingRuleSet.objects.filter(budget__isnull=False).order_by("program_id", "code"):
        position = FundSource.objects.filter(program_id=rule_set.program_id).count() + 1
        fund, created = FundSource.objects.get_or_create(rule_set=rule_set, defaults={
            "program_id": rule_set.program_id, "name": rule_set.funding_source, "pays_path": PATHS.get(rule_set.code, ""),
            "source": rule_set.source, "position": position,
        })
        if created:
            LedgerEntry.objects.create(fund=fund, kind="budget", amount=rule_set.budget,
                                       reason=f"Budget as the announcement states it ({rule_set.source}).")


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial"), ("programs", "0002_announcements")]
    operations = [migrations.RunPython(add_fund_sources, migrations.RunPython.noop)]
