"""``manage.py rule4001``: the documented example, the 75% boundary, deadlines, and bad input by field name."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "rule4001.json"


def run(tmp_path, data) -> dict:
    path = tmp_path / "input.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    out = StringIO()
    call_command("rule4001", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_the_documented_example(tmp_path):
    out = StringIO()
    call_command("rule4001", str(EXAMPLE), stdout=out)
    result = json.loads(out.getvalue())
    # 0.07 x 46.8 + 0.53 x 20.3 + 3.15 = 17.185; 0.07 x 22.0 + 0.53 x 3.0 + 1.2 = 4.330
    assert (result["baseline_pm25_equivalent"], result["report_pm25_equivalent"]) == ("17.185", "4.330")
    assert result["percent_reduction"] == "74.80" and result["plan_required"] is True
    rule = "004_af983ba73b5d80a4.txt, Rule 4001"
    assert [(d["due"], d["source"]) for d in result["deadlines"]] == [
        ("2016-07-01", f"{rule} (d)(2)"),
        ("2016-07-30", f"{rule} (e)(1)"),
        ("2017-01-21", f"{rule} (f)"),
    ]
    assert Path(EXAMPLE.parents[1] / "rule4001.md").read_text().count(result["reason"]) == 1


def data(pm25, **report):
    return {
        "baseline": {"nox": "1000", "sox": "0", "pm25": "30"},
        "report": {
            "calendar_year": 2014,
            "projected": True,
            "nox": 0,
            "sox": 0,
            "pm25": pm25,
            "submitted_on": "2014-10-31",
            **report,
        },
    }


def test_75_00_percent_needs_no_plan_and_prints_no_plan_deadline(tmp_path):
    result = run(tmp_path, data("25.00"))
    assert (result["percent_reduction"], result["plan_required"]) == ("75.00", False)
    assert [d["due"] for d in result["deadlines"]] == ["2014-11-01", "2014-11-30"]


def test_74_99_percent_needs_a_plan_due_from_the_last_day_for_the_determination(tmp_path):
    result = run(tmp_path, data("25.01"))
    assert (result["percent_reduction"], result["plan_required"]) == ("74.99", True)
    assert [d["due"] for d in result["deadlines"]] == ["2014-11-01", "2014-11-30", "2015-05-29"]
    assert "notified_on not given" in result["notes"][0]


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ({**data("1"), "baseline": {"nox": "-1", "sox": "0", "pm25": "1"}}, "baseline.nox"),
        ({**data("1"), "baseline": {"nox": "0", "sox": "0", "pm25": "0"}}, "baseline: the baseline PM2.5"),
        (data("lots"), "report.pm25"),
        (data(None), "report.pm25"),
        (data("1", calendar_year=2020, projected=False), "report.calendar_year"),
        (data("1", calendar_year="2015"), "report.calendar_year"),
        (data("1", projected="yes"), "report.projected"),
        (data("1", submitted_on="31/10/2014"), "report.submitted_on"),
        ({**data("1"), "notified_on": "soon"}, "notified_on"),
        ({"baseline": [1]}, "baseline: must be an object"),
        ("[]", "JSON object"),
        ("{not json", "not valid JSON"),
    ],
)
def test_bad_input_names_the_field(tmp_path, content, field):
    with pytest.raises(CommandError, match=f"{field}"):
        run(tmp_path, content)


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("rule4001", str(tmp_path / "missing.json"))
