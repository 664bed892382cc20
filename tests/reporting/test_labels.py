"""Every label the awardee's report form shows is listed for translators (``reporting/rule_labels.py``)."""

from agreements.rules.registry import post_award
from reporting.rule_labels import LABELS
from reporting.rules.programs import REPORT_FORMS


def test_every_report_label_is_listed_for_translation():
    found = set()
    for code, form in REPORT_FORMS.items():
        for spec in form.fields:
            found |= {spec.label, spec.help, spec.unit}
        found |= {slot.label for slot in form.documents}
        reporting = post_award(code).reporting
        found |= {reporting.name, reporting.year_end_name}
    assert found - {"", "USD", "%"} == set(LABELS)
