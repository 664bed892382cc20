"""An agreement's obligations in the reader's language (issue 20).

The pure rules (``agreements.rules``) write each obligation's name, its period and the event it waits for in English,
and the obligation rows keep those words: the binding English original reads them as they are. A Spanish reader's
pages and the Spanish courtesy translation read them here: a name or an event is looked up in the catalog, and a
composed period ("90 calendar days after delivery of the new vehicle", "by February 29, 2028") is taken apart and put
together again in the reader's language with its dates in words (``DATE_FORMAT``). A text this module does not know is
shown as written, never guessed.
"""

import datetime as dt
import re

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, gettext_noop, ngettext

# The words the rules use (agreements/rules/pa20*.py, obligations.py), marked so that ``makemessages`` keeps them in
# the agreements catalog.
OBLIGATION_NAMES = (
    gettext_noop("Commission the charging station"),
    gettext_noop("Commissioning and local government final approval"),
    gettext_noop("Construction and installation of the charging station"),
    gettext_noop("Delivery of charging equipment"),
    gettext_noop("Deploy the new vehicle"),
    gettext_noop("Destroy the engine and/or vehicle being replaced"),
    gettext_noop("Destroy the engine or equipment being repowered or replaced"),
    gettext_noop("Destroy the old equipment and engine"),
    gettext_noop("Drive the old vehicle to an approved dismantler"),
    gettext_noop("Engineering design, if required"),
    gettext_noop("Give South Coast AQMD the Certificate of Destruction"),
    gettext_noop("Have the old vehicle scrapped"),
    gettext_noop("Notify South Coast AQMD before destroying the old equipment"),
    gettext_noop("Place order for project equipment"),
    gettext_noop("Put the replacement in operation"),
    gettext_noop("Site power upgrade, if needed"),
    gettext_noop("Submit the final invoice with its supporting documents"),
    gettext_noop("Submit the payment request"),
    gettext_noop("Submit the project invoice for payment"),
    gettext_noop("Tell South Coast AQMD the charging equipment is delivered"),
    gettext_noop("Tell South Coast AQMD the new equipment is delivered, for its post-inspection"),
    gettext_noop("Tell South Coast AQMD the new vehicle is delivered, for its inspection"),
)
EVENTS = (
    gettext_noop("execution of the contract by both parties"),
    gettext_noop("execution of the rebate agreement by both parties"),
    gettext_noop("start of operation of the replacement (post-inspection)"),
    gettext_noop("destruction of the engine or vehicle being replaced"),
    gettext_noop("installation and start of operation (post-inspection confirms it operational)"),
    gettext_noop("destruction of the old engine or equipment"),
    gettext_noop("delivery of the new equipment"),
    gettext_noop("commissioning of the new equipment"),
    gettext_noop("the destruction date given in the notice"),
    gettext_noop("destruction of the old equipment and engine"),
    gettext_noop("delivery of the new vehicle"),
    gettext_noop("deployment of the new vehicle (post-inspection confirms it operational)"),
    gettext_noop("the dismantler's receipt for the old vehicle"),
    gettext_noop("scrapping of the old vehicle"),
    gettext_noop("completion of the site power upgrade"),
    gettext_noop("completion of the engineering design"),
    gettext_noop("the order for the project equipment"),
    gettext_noop("delivery of the charging equipment"),
    gettext_noop("construction and installation of the charging station"),
    gettext_noop("commissioning and local government final approval"),
)
REPORTS = (
    gettext_noop("Annual report"),
    gettext_noop("Semi-annual usage report"),
    gettext_noop("Semi-annual report"),
    gettext_noop("annual report"),
    gettext_noop("semi-annual usage report"),
    gettext_noop("semi-annual report"),
    gettext_noop("DOORS Fleet Compliance Snapshot"),
    gettext_noop("vehicle registration"),
    gettext_noop("vehicle insurance"),
    gettext_noop("proof of property insurance"),
    gettext_noop("energy meter records"),
)
REMEDIES = (
    gettext_noop("Enforcement action, if no remedy is agreed"),
    gettext_noop("Extend the agreement to allow the makeup of the usage requirement shortfall"),
    gettext_noop("Extend the contract (the announcement names no remedy: the CMP and Prop 1B Guidelines apply)"),
    gettext_noop("Extend the contract"),
    gettext_noop("Partial payback of funds (the announcement names no remedy: the CMP and Prop 1B Guidelines apply)"),
    gettext_noop("Partial payback of funds"),
    gettext_noop(
        "Transfer ownership to another entity committed to complying with the agreement (the owner helps find a new "
        "operator and keeps the funded equipment in operating condition; South Coast AQMD and US EPA approve the "
        "justification for the deployment failure before any transfer)"
    ),
)
USAGE = (  # the usage each program measures (agreements/rules/pa20*.py, ``usage.metric``)
    gettext_noop("miles"),
    gettext_noop("hours of operation"),
    gettext_noop("hours operated"),
    gettext_noop("energy throughput"),
)
RECORDS = (gettext_noop("Countersigned: the agreement is fully executed."),)  # agreements.services.countersign
TERMS = (
    gettext_noop("contract term (the project life)"),
    gettext_noop("project life (the contract implementation period)"),
    gettext_noop("agreement term (five years from commissioning)"),
    gettext_noop("operating period (five years from deployment)"),
)

_DATE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}"
_UNIT = r"calendar days?|business days?|months?"


def _day(text: str) -> str:
    return date_format(dt.datetime.strptime(text, "%B %d, %Y").date(), "DATE_FORMAT")


def _period(amount: str, unit: str) -> str:
    count = int(amount)
    if unit.startswith("business"):
        text = ngettext("%(count)d business day", "%(count)d business days", count)
    elif unit.startswith("month"):
        text = ngettext("%(count)d month", "%(count)d months", count)
    else:
        text = ngettext("%(count)d calendar day", "%(count)d calendar days", count)
    return text % {"count": count}


def _documents(text: str | None) -> str:
    """ " (with the vehicle registration and the vehicle insurance)" in the reader's language."""
    if not text:
        return ""
    names = [gettext(name) for name in text.split(" and the ")]
    return " " + gettext("(with %(documents)s)") % {"documents": gettext(" and ").join(names)}


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _report(name: str, number: str) -> str:
    return gettext("%(report)s %(number)s") % {"report": gettext(name), "number": number}


_PATTERNS = (
    (
        re.compile(rf"^(\d+) ({_UNIT}) after the period ends \(({_DATE})\)$"),
        lambda m: gettext("%(period)s after the period ends (%(day)s)")
        % {"period": _period(m[1], m[2]), "day": _day(m[3])},
    ),
    (
        re.compile(rf"^(\d+) ({_UNIT}) after each reporting period$"),
        lambda m: gettext("%(period)s after each reporting period") % {"period": _period(m[1], m[2])},
    ),
    (
        re.compile(rf"^(\d+) ({_UNIT}) after (.+?)(?:, including a (\d+)-month extension)?$"),
        lambda m: gettext("%(period)s after %(event)s") % {"period": _period(m[1], m[2]), "event": words(m[3])}
        + (gettext(", including a %(months)s-month extension") % {"months": m[4]} if m[4] else ""),
    ),
    (
        re.compile(rf"^(\d+) ({_UNIT}) before ([^;]+)$"),
        lambda m: gettext("%(period)s before %(event)s") % {"period": _period(m[1], m[2]), "event": words(m[3])},
    ),
    (re.compile(r"^upon (.+)$"), lambda m: gettext("upon %(event)s") % {"event": words(m[1])}),
    (re.compile(rf"^by ({_DATE})$"), lambda m: gettext("by %(day)s") % {"day": _day(m[1])}),
    (
        re.compile(rf"^on the agreement's milestone date, ({_DATE})$"),
        lambda m: gettext("on the agreement's milestone date, %(day)s") % {"day": _day(m[1])},
    ),
    (
        re.compile(rf"^(.+) (\d+): ({_DATE}) to ({_DATE})(?: \(with the (.+)\))?$"),
        lambda m: gettext("%(report)s: %(start)s to %(end)s")
        % {"report": _report(m[1], m[2]), "start": _day(m[3]), "end": _day(m[4])}
        + _documents(m[5]),
    ),
    (
        re.compile(
            r"^(.+)s every (\d+) months through the term, and the yearly labor-law certification(?: \(with the (.+)\))?$"
        ),
        lambda m: gettext(
            "%(reports)s every %(months)s months through the term, and the yearly labor-law certification"
        )
        % {"reports": gettext(m[1].lower()), "months": m[2]}
        + _documents(m[3]),
    ),
    (
        re.compile(r"^Yearly labor-law certification, with (.+) (\d+)$"),
        lambda m: gettext("Yearly labor-law certification, with %(report)s") % {"report": _report(m[1], m[2])},
    ),
    (re.compile(r"^with (.+) (\d+)$"), lambda m: gettext("with %(report)s") % {"report": _report(m[1], m[2])}),
    (re.compile(r"^End of the (.+)$"), lambda m: gettext("End of the %(term)s") % {"term": gettext(m[1])}),
    (
        re.compile(r"^(Annual report|Semi-annual usage report|Semi-annual report) (\d+)$"),
        lambda m: _report(m[1], m[2]),
    ),
    # What the portal itself recorded on an agreement and its events (agreements.services, inspections.services).
    (
        re.compile(r"^Drafted when application (\S+) was approved\.$"),
        lambda m: gettext("Drafted when application %(reference)s was approved.") % {"reference": m[1]},
    ),
    (
        re.compile(rf"^Verified by the (.+) accepted on ({_DATE})$"),
        lambda m: gettext("Verified by the %(inspection)s accepted on %(day)s")
        % {"inspection": _lower(gettext(m[1][:1].upper() + m[1][1:])), "day": _day(m[2])},
    ),
    (
        re.compile(rf"^Destruction notice given on ({_DATE})$"),
        lambda m: gettext("Destruction notice given on %(day)s") % {"day": _day(m[1])},
    ),
)


def words(text: str) -> str:
    """An obligation's name, period or awaited event, or a record the portal wrote itself, in the reader's language;
    English as the rules wrote it. What a person typed is shown as typed."""
    if not text or (get_language() or "en").startswith("en"):
        return text
    translated = gettext(text)
    if translated != text:
        return translated
    for pattern, compose in _PATTERNS:
        if match := pattern.match(text):
            return _contracted(compose(match))
    return text


def _contracted(text: str) -> str:
    """Spanish contracts "de el" and "a el" ("después del recibo"); other languages are left as composed."""
    if (get_language() or "").startswith("es"):
        return text.replace(" de el ", " del ").replace(" a el ", " al ")
    return text
