"""``benchmarks/postaward.py`` at a tiny size, so that it cannot rot (issue 25: ``benchmarks/dashboards.py`` had stopped
running unnoticed): every stage loaded by COPY, every page measured answers 200, the daily tasks run twice. The
figures themselves are printed by ``make benchmark``, never asserted here."""

import importlib.util
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"{name}_benchmark", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_post_award_benchmark_runs_at_a_small_size(seeded, capsys):
    """Transactional (``seeded``): the loader runs VACUUM ANALYZE, which no transaction may hold."""
    from agreements.models import FundedProject
    from inspections.models import Inspection, Step
    from reporting.models import UsageReport

    benchmark = _load("postaward")
    benchmark.database([12, 30], repeat=1)
    printed = capsys.readouterr().out
    assert "Database: 30 applications" in printed
    pages = [line for line in printed.splitlines() if " queries " in line]
    # every portal page as the role that reads it, every role's My work, every admin list and change page
    admin = [line for line in pages if line.split()[0] == "admin"]
    assert len(pages) - len(admin) == 2 * 56, printed
    assert len(admin) > 2 * 40 and len(benchmark._admin_pages()) > 40
    assert all(" 200 " in line for line in pages if "board (to the dashboard)" not in line), printed
    board = [line for line in pages if "board (to the dashboard)" in line]
    assert len(board) == 2 and all(" 302 " in line for line in board), printed
    for role in ("staff", "applicant", "finance", "inspector", "port representative"):
        assert printed.count(f"My work: {role} ") == 2, role
    assert printed.count("obligation reminders") == 4 and printed.count("usage report reminders") == 4
    assert FundedProject.objects.exists() and Inspection.objects.exists() and Step.objects.exists()
    assert UsageReport.objects.exists()
