"""Every label the payment pages translate is listed for ``makemessages`` (``payments/rule_labels.py``)."""

from payments.rule_labels import LABELS
from payments.rules.payable import LIMIT_LABELS
from payments.rules.programs import PAYMENT_RULES


def test_every_document_clearance_hold_and_limit_label_is_listed():
    labels = {
        label
        for rules in PAYMENT_RULES.values()
        for label in [doc.label for doc in rules.documents]
        + [item.label for item in rules.clearances]
        + [item.hold for item in rules.clearances]
    }
    labels |= set(LIMIT_LABELS.values())
    assert {label for label in labels if "%" not in label} == set(LABELS)
