"""``manage.py allocate``: every documented example, worked by hand from the seeds' methods, and bad input by field."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def allocate(code, path) -> dict:
    out = StringIO()
    call_command("allocate", code, str(path), stdout=out)
    return json.loads(out.getvalue())


def offers(result) -> list[tuple]:
    return [(line["rank"], line["id"], line["outcome"], line["funded"]) for line in result["ranking"]]


def test_pa2026_01_first_come_first_served():
    result = allocate("PA2026-01", EXAMPLES / "allocate-PA2026-01.json")
    # $600,000 left of $20.6M: the top handler submitted first gets $400,000, the next yard truck the $200,000 left.
    assert offers(result) == [
        (1, "PA2026-01-00027 #1", "full", "400000.00"),
        (2, "PA2026-01-00031 #1", "partial", "200000.00"),
        (3, "PA2026-01-00040 #1", "none", "0.00"),
    ]
    assert result["cut_line_before_rank"] == 2


def test_pa2026_02_submission_order_and_the_inland_empire_reserve():
    result = allocate("PA2026-02", EXAMPLES / "allocate-PA2026-02.json")
    # $1.1M left; the Inland Empire reserve of $7.5M still holds $600,000 ($6.9M already committed there),
    # so the Los Angeles-Orange County MSA can use $500,000.
    assert offers(result) == [
        (1, "PA2026-02-00108 #1", "full", "400000.00"),
        (2, "PA2026-02-00110 #1", "partial", "100000.00"),
        (3, "PA2026-02-00112 #1", "none", "0.00"),
        (4, "PA2026-02-00131 #1", "full", "400000.00"),
        (5, "PA2026-02-00135 #1", "partial", "200000.00"),
    ]
    assert "reserved for the Inland Empire MSA" in result["ranking"][1]["reason"]
    assert [line["cumulative"] for line in result["ranking"] if line["cumulative"]] == [
        "27300000.00",
        "27400000.00",
        "27800000.00",
        "28000000.00",
    ]


def test_pa2026_03_scores_county_shares_and_redistribution():
    result = allocate("PA2026-03", EXAMPLES / "allocate-PA2026-03.json")
    # Shares of $178.5M by truck population (60/10/15/15): LA $107.1M (holds $106M: $1.1M left), Orange $17.85M
    # (none left), Riverside $26.775M ($1.775M left), San Bernardino $26.775M ($2.775M left). First pass: 92 $1M,
    # 90 (Orange) nothing, 88 $100,000, both 85s in full (Riverside submitted first). Second pass: the $1,050,000
    # the inland counties did not take goes to 90 ($800,000) and then 88 (+$250,000).
    assert offers(result) == [
        (1, "PA2026-03-00201 #1", "full", "1000000.00"),
        (2, "PA2026-03-00215 #1", "full", "800000.00"),
        (3, "PA2026-03-00207 #2", "partial", "350000.00"),
        (4, "PA2026-03-00219 #1", "full", "1500000.00"),
        (5, "PA2026-03-00222 #1", "full", "2000000.00"),
        (None, "PA2026-03-00230 #1", "none", "0.00"),
    ]
    assert result["funds"][0]["share_targets"]["Los Angeles"] == "107100000.00"
    assert "tied with PA2026-03-00222 #1" in result["ranking"][3]["place"]


def test_pa2022_01_dac_priority_fund_per_path_and_the_35_million():
    result = allocate("PA2022-01", EXAMPLES / "allocate-PA2022-01.json")
    assert offers(result) == [
        (1, "PA2022-01-00052 #1", "full", "150000.00"),
        (2, "PA2022-01-00077 #1", "full", "100000.00"),
        (3, "PA2022-01-00041 #1", "partial", "50000.00"),
        (4, "PA2022-01-00044 #1", "none", "0.00"),
    ]
    assert [line["fund"] for line in result["ranking"]] == ["cmp", "prop1b", "cmp", None]
    assert result["solicitation"] == {
        "total": "35000000.00",
        "committed_before": "34700000.00",
        "allocated": "300000.00",
        "left": "0.00",
    }


def test_pa2025_04_dac_first_then_dollars_per_ton_with_the_floor():
    result = allocate("PA2025-04", EXAMPLES / "allocate-PA2025-04.json")
    assert offers(result) == [
        (1, "PA2025-04-00014 #1", "full", "250000.00"),
        (2, "PA2025-04-00027 #1", "full", "150000.00"),
        (3, "PA2025-04-00019 #1", "full", "350000.00"),
        (4, "PA2025-04-00011 #1", "partial", "150000.00"),
        (5, "PA2025-04-00023 #2", "none", "0.00"),
    ]
    assert result["dac"]["held_for_dac"] == "100000.00"  # $500,000 floor less the $400,000 DAC projects took


def test_round_terms_override_the_seed(tmp_path):
    document = json.loads((EXAMPLES / "allocate-PA2022-01.json").read_text())
    document["round"] = {"solicitation_total": "35100000.00"}
    path = tmp_path / "round.json"
    path.write_text(json.dumps(document))
    # $400,000 left of the total now: $150,000 + $100,000 + $50,000 (CMP spent) leave $100,000 for Prop 1B.
    assert offers(allocate("PA2022-01", path))[3] == (4, "PA2022-01-00044 #1", "partial", "100000.00")


@pytest.mark.parametrize(
    ("document", "errors"),
    [
        (
            {"funds": [{"key": "a"}], "projects": [{"id": 1, "award": "-5", "submitted_at": "soon"}]},
            [
                "funds[0].budget: is required",
                "projects[0].submitted_at: must be a date and time",
                "projects[0].award: must be at least 0",
            ],
        ),
        (
            {"funds": [{"key": "a", "budget": "10", "county_shares": {"Los Angeles": 5}}], "projects": []},
            ["funds[0].county_shares: this program's method has no county shares"],
        ),
        (
            {
                "funds": [],
                "projects": [{"id": "x", "award": "1", "submitted_at": "2025-08-15T12:00", "score": 101, "dac": "yes"}],
            },
            ["projects[0].score: must be at most 100", "projects[0].dac: must be true or false"],
        ),
        (
            {"funds": "none", "projects": [], "round": {"deadline": "2026-01-01"}, "extra": 1},
            ["extra: is not a key here", "funds: must be a list", "round.deadline: is not a term of this program"],
        ),
    ],
)
def test_bad_input_names_every_bad_field(tmp_path, document, errors):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError) as raised:
        allocate("PA2026-02", path)
    for error in errors:
        assert error in str(raised.value)


def test_unknown_program_and_unreadable_files(tmp_path):
    with pytest.raises(CommandError, match="unknown program 'PA1999-01'"):
        allocate("PA1999-01", EXAMPLES / "allocate-PA2026-01.json")
    with pytest.raises(CommandError, match="cannot read"):
        allocate("PA2026-01", tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(CommandError, match="is not valid JSON"):
        allocate("PA2026-01", tmp_path / "bad.json")
