"""Round terms: the seed's value unless the round changes it; bad overrides named as ``round.<name>``."""

import datetime as dt

import pytest

from programs.rules.base import Source
from programs.rules.fields import InputError, Kind
from programs.rules.terms import Term, Terms, terms_from

DEADLINE = Term(
    "deployment_deadline",
    "Deployment deadline",
    Kind.DATE,
    dt.date(2028, 2, 29),
    Source("001_ea26778b00a7e017.txt", "PA2026-02 Section 1.1"),
)
CAP = Term("award_cap", "Rebate cap", Kind.MONEY, "400000.00", Source("001_ea26778b00a7e017.txt", "PA2026-02 1.2"))


def test_seed_value_is_the_default_and_cites_the_seed():
    terms = Terms((DEADLINE,))
    assert terms["deployment_deadline"] == dt.date(2028, 2, 29)
    assert terms.changed == {}
    assert terms.source("deployment_deadline") == "001_ea26778b00a7e017.txt, PA2026-02 Section 1.1"


def test_a_round_overrides_and_says_so():
    terms = Terms((DEADLINE, CAP), {"deployment_deadline": "2029-02-28"})
    assert terms["deployment_deadline"] == dt.date(2029, 2, 28)
    assert terms.changed == {"deployment_deadline": dt.date(2029, 2, 28)}
    assert terms.source("deployment_deadline").startswith("changed by the re-issued announcement")
    assert not terms.is_changed("award_cap")


def test_setting_the_seed_value_again_is_not_a_change():
    assert Terms((DEADLINE,), {"deployment_deadline": "2028-02-29"}).changed == {}


def test_bad_overrides_are_named():
    with pytest.raises(InputError) as raised:
        Terms((DEADLINE,), {"deployment_deadline": "next year", "quote_days": 90})
    assert set(raised.value.errors) == {"round.deployment_deadline", "round.quote_days"}
    with pytest.raises(InputError) as raised:
        terms_from((DEADLINE,), {"round": ["2029-02-28"]})
    assert raised.value.errors == {"round": "must be a JSON object of term names and values"}
