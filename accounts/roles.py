"""The portal's roles as Django groups, and the permissions each holds.

Applicants work only through the public site on their own applications; staff use the Django
admin; inspectors upload inspection reports for their assignments; board members read dashboards.
"""

from enum import StrEnum


class Role(StrEnum):
    APPLICANT = "Applicants"
    STAFF = "Staff"
    INSPECTOR = "Inspectors"
    BOARD_MEMBER = "Board members"
    PORT_REPRESENTATIVE = "Port representatives"
    FINANCE = "Finance"
    AUDITOR = "Auditors"


STAFF_MODELS = {
    "programs": ("program", "fundingruleset", "round", "roundchange"),
    "applications": ("application", "project", "attachment", "ruleoutcome", "decision", "criterionscore", "blankform"),
    "accounts": ("organization", "membership"),
    "ports_agreement": (
        "port",
        "portrepresentative",
        "agreement",
        "exitnotice",
        "boardreport",
        "infrastructureplan",
        "milestone",
        "publiccommentperiod",
        "comment",
        "defaulttier",
        "default",
        "mitigationfundentry",
        "baseline",
        "annualreport",
        "determination",
        "emissionreductionplan",
        "controlstrategy",
        "plandecision",
        "progressreport",
    ),
    "funding": ("fundsource", "fundreserve", "countyshare", "ledgerentry", "fundinground", "recommendation"),
    "agreements": ("agreement", "fundedproject", "projectevent", "obligation", "amendment"),
    "payments": ("paymentrequest", "costline", "paymentdocument", "confirmation", "step", "milestone"),
    "inspections": ("inspection", "inspectionphoto", "projectdocument", "step"),
    "reporting": ("usagereport", "reportdocument", "remedy", "closeout"),
}

GROUP_PERMISSIONS: dict[Role, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    # role -> app label -> (models, actions)
    Role.STAFF: {app: (models, ("view", "add", "change")) for app, models in STAFF_MODELS.items()},
    Role.BOARD_MEMBER: {app: (models, ("view",)) for app, models in STAFF_MODELS.items()},
    Role.INSPECTOR: {"applications": (("application", "project"), ("view",))},
    Role.APPLICANT: {},
    # Their own port's filings only; ports_agreement.views limits every object to the representative's port.
    Role.PORT_REPRESENTATIVE: {
        "ports_agreement": (
            ("annualreport", "emissionreductionplan", "controlstrategy", "progressreport"),
            ("view", "add"),
        )
    },
    # The second person of a payment (issue 11): reads the requests and the fund ledger, releases approved payments
    # (payments.release_paymentrequest); never approves. Not an admin user.
    Role.FINANCE: {
        "payments": (("paymentrequest",), ("view", "release")),
        "funding": (STAFF_MODELS["funding"], ("view",)),
    },
    # A CARB or State auditor (issue 26): reads decided applications (applications.selectors.submitted_applications
    # narrows them), agreements, payments, the fund ledger and their history in the admin, and exports a project's
    # audit trail (reporting.audit). Nothing to add or change: core.middleware refuses every admin POST.
    Role.AUDITOR: {
        "applications": (
            ("application", "project", "attachment", "ruleoutcome", "decision", "criterionscore"),
            ("view",),
        ),
        "agreements": (STAFF_MODELS["agreements"], ("view",)),
        "payments": (STAFF_MODELS["payments"], ("view",)),
        "funding": (STAFF_MODELS["funding"], ("view",)),
        "inspections": (STAFF_MODELS["inspections"], ("view",)),
    },
}


def roles_of(user) -> set[Role]:
    if not user.is_authenticated:
        return set()
    names = {group.name for group in user.groups.all()}
    return {role for role in Role if role.value in names}


def has_role(user, role: Role) -> bool:
    return user.is_authenticated and user.groups.filter(name=role.value).exists()
