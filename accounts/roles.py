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
    SIGNATORY = "Signatories"
    SUPERVISOR = "Supervisors"
    AUDITOR = "Auditors"


STAFF_MODELS = {
    "programs": ("program", "fundingruleset", "round", "roundchange", "factortable"),
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
    "communities": ("designationlist", "designatedtract", "determination"),
    # Each program's decision letters (issue 21, notices.letters): staff edit them, board members read them.
    "notices": ("lettertemplate",),
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
    # Signature authority (issue 21): countersigns agreements for the district, in the name and title on the
    # person's profile; a staff member is given this group as well as Staff. Never the person who approved the award.
    Role.SIGNATORY: {"agreements": (("agreement",), ("countersign",))},
    # The second approval of awards and payments above a program's amount (``Program.second_approval_above``);
    # a staff member is given this group as well as Staff. Never the person who gave the first approval.
    Role.SUPERVISOR: {"programs": (("program",), ("supervise",))},
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
        "notices": (STAFF_MODELS["notices"], ("view",)),
    },
}


DISTRICT_ROLES = frozenset(
    {Role.STAFF, Role.SIGNATORY, Role.SUPERVISOR, Role.FINANCE, Role.INSPECTOR, Role.BOARD_MEMBER}
)
"""The district's people, whose sessions end after a working day and after idle time (issue 26,
``accounts.middleware.SessionAgeMiddleware``); applicants and port representatives stay signed in longer."""


def is_district(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name__in=[role.value for role in DISTRICT_ROLES]).exists()


def roles_of(user) -> set[Role]:
    if not user.is_authenticated:
        return set()
    names = {group.name for group in user.groups.all()}
    return {role for role in Role if role.value in names}


def has_role(user, role: Role) -> bool:
    return user.is_authenticated and user.groups.filter(name=role.value).exists()
