"""Upkeep of the dashboards' running totals (``dashboards.models``): the owners a change touches are marked pending
by triggers in the writer's transaction (:func:`install_triggers`); before the pages read the totals,
:func:`catch_up` computes the pending owners' facts again from the data and adds the difference to the totals.

Four families, each with the query that gives an owner's facts; the same queries, run for every owner at once, are
what :func:`rebuild` fills the tables with, and they are the direct computations of ``dashboards.selectors`` grouped
one level further (by owner), so the totals are those figures exactly:

- ``stages`` (owner: application): program, stage without today's date, the first report's date, counts and money;
- ``obligations`` (owner: agreement): the open obligations of an executed agreement by program, kind and due date;
- ``places`` (owner: project): the funded project's money, tons and kW by program and place;
- ``service`` (owner: project): commissioning and destruction recorded, with the kW commissioned;
- ``awards`` (owner: application): each funded project of an approved application under the public list's sort keys
  (program, awardee, application, position), so a page of the list is read from an index.

``catch_up`` is one statement: it claims the pending rows with ``DELETE ... RETURNING`` and replaces their owners'
facts, so two readers catching up at once take turns on the rows they both claim and neither counts an owner twice
(the second waits for the first, then finds the rows gone); a write committed meanwhile marks its owner pending again
for the next reader. The totals are updated in key order, so two readers adding to the same totals take them in the
same order and wait for each other rather than deadlock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, models, transaction
from django.db.models import Count, F, Sum
from django.db.models.expressions import RawSQL

from agreements.models import Agreement, Obligation, ProjectEvent
from applications.models import Application, Status
from funding.models import ProjectBalance

from . import selectors
from .models import (
    NEVER,
    AwardFact,
    AwardTotal,
    ObligationFact,
    ObligationTotal,
    Pending,
    PlaceFact,
    PlaceTotal,
    ServiceFact,
    ServiceTotal,
    StageFact,
    StageTotal,
)

FILED = dt.date(1, 1, 1)
"""``reports_from`` of an agreement with a report filed: reporting whatever the date."""


@dataclass(frozen=True)
class Family:
    name: str
    fact: type[models.Model]
    total: type[models.Model]
    keys: tuple[str, ...]
    values: tuple[str, ...]
    select: Callable[[str | None], tuple[str, list]]
    """SQL giving ``owner``, the keys and the values (in that order) for the owners the SQL subquery ``owners``
    names (``None``: every owner)."""


def _in(column: str, owners: str | None) -> str:
    return "" if owners is None else f" AND {column} IN ({owners})"


def _among(queryset, name: str, owners: str | None):
    return queryset if owners is None else queryset.filter(**{f"{name}__in": RawSQL(owners, [])})


# --- Stages -----------------------------------------------------------------------------------------------------


def _stages(owners: str | None) -> tuple[str, list]:
    ledger_sql, ledger_params = selectors._sql(
        _among(ProjectBalance.objects.all(), "application_id", owners)
        .order_by()
        .values(application_ref=F("application_id"))
        .annotate(encumbered=Sum("encumbered"), disbursed=Sum("disbursed"))
    )
    executed = Agreement.Status.EXECUTED
    sql = f"""SELECT a.id AS owner, a.program_id,
                     CASE WHEN a.status IN (%s, %s) OR g.status = %s THEN 'withdrawn_rejected'
                          WHEN g.status = %s THEN 'closed'
                          WHEN g.status = %s AND l.disbursed > 0 THEN 'executed_paid'
                          WHEN g.status = %s THEN 'executed'
                          WHEN a.status = %s THEN 'approved'
                          WHEN a.status IN (%s, %s) THEN 'under_review'
                          ELSE 'submitted' END AS base,
                     CASE WHEN g.status = %s THEN COALESCE(r.reports_from, %s) ELSE %s END AS reports_from,
                     COUNT(*), COALESCE(SUM(a.award_total), 0), COALESCE(SUM(l.encumbered), 0),
                     COALESCE(SUM(l.disbursed), 0)
              FROM {selectors._table(Application)} a
              LEFT JOIN {selectors._table(Agreement)} g ON g.application_id = a.id
              LEFT JOIN ({ledger_sql}) l ON l.application_ref = a.id
              LEFT JOIN (SELECT o.agreement_id AS agreement_ref,
                                MIN(CASE WHEN o.done_on IS NOT NULL THEN %s ELSE o.due END) AS reports_from
                         FROM {selectors._table(Obligation)} o JOIN {selectors._table(Agreement)} og
                              ON og.id = o.agreement_id
                         WHERE o.kind = %s AND o.status <> %s {_in("og.application_id", owners)}
                         GROUP BY o.agreement_id) r ON r.agreement_ref = g.id
              WHERE a.status <> %s {_in("a.id", owners)}
              GROUP BY 1, 2, 3, 4"""
    never = dt.date.fromisoformat(NEVER)
    return sql, [
        Status.WITHDRAWN,
        Status.REJECTED,
        Agreement.Status.TERMINATED,
        Agreement.Status.CLOSED,
        executed,
        executed,
        Status.APPROVED,
        Status.INFO_REQUESTED,
        Status.COMPLETE,
        executed,
        never,
        never,
        *ledger_params,
        FILED,
        Obligation.Kind.REPORT,
        Obligation.Status.CANCELLED,
        Status.DRAFT,
    ]


# --- Obligations ------------------------------------------------------------------------------------------------


def _obligations(owners: str | None) -> tuple[str, list]:
    found = _among(selectors._open_obligations(None), "agreement_id", owners)
    return selectors._sql(
        found.order_by()
        .values(owner=F("agreement_id"), program_ref=F("agreement__program_id"), kind_ref=F("kind"), due_ref=F("due"))
        .annotate(obligations=Count("pk"))
    )


# --- Places -----------------------------------------------------------------------------------------------------


def _places(owners: str | None) -> tuple[str, list]:
    inner = _among(selectors.funded_projects(selectors.ALL_TIME), "project_id", owners)
    inner_sql, params = selectors._sql(inner)
    costed = "CASE WHEN ce IS NOT NULL AND award > 0 THEN"
    sql = f"""SELECT t.project_id AS owner, t.program_ref, t.county, t.msa, t.dac, COUNT(*),
                     SUM(CASE WHEN a.status = %s THEN 1 ELSE 0 END),
                     SUM(encumbered), SUM(disbursed), COALESCE(SUM(nox), 0), COALESCE(SUM(weighted), 0),
                     COALESCE(SUM(nox * life), 0), COALESCE(SUM(weighted * life), 0),
                     COALESCE(SUM({costed} ce * nox * encumbered / award END), 0),
                     COALESCE(SUM({costed} nox END), 0),
                     COALESCE(SUM({costed} ce * weighted * encumbered / award END), 0),
                     COALESCE(SUM({costed} weighted END), 0), COALESCE(SUM(kw), 0)
              FROM ({inner_sql}) AS t JOIN {selectors._table(Application)} a ON a.id = t.application_ref
              WHERE t.encumbered > 0
              GROUP BY t.project_id, t.program_ref, t.county, t.msa, t.dac"""
    return sql, [Status.APPROVED, *params]


# --- In service -------------------------------------------------------------------------------------------------


def _service(owners: str | None) -> tuple[str, list]:
    events = _among(
        ProjectEvent.objects.filter(corrected_by__isnull=True, key__in=selectors.IN_SERVICE_EVENTS),
        "project_id",
        owners,
    )
    return selectors._sql(
        events.order_by()
        .values(owner=F("project_id"), program_ref=F("agreement__program_id"), key_ref=F("key"))
        .annotate(
            projects=Count("project_id", distinct=True),
            kw=Sum(selectors._figure("project__figures", "total_power_output_kw"), default=Decimal(0)),
        )
    )


# --- The public awards list -------------------------------------------------------------------------------------


def _awards(owners: str | None) -> tuple[str, list]:
    from accounts.models import Organization
    from applications.models import Project
    from programs.models import Program

    inner_sql, params = selectors._sql(
        _among(ProjectBalance.objects.filter(encumbered__gt=0), "application_id", owners).values(
            "project_id", "application_id", "county", "msa", "dac"
        )
    )
    sql = f"""SELECT a.id AS owner, p.code, o.name, a.id, pr.position, t.project_id, t.county, t.msa, t.dac, COUNT(*)
              FROM ({inner_sql}) AS t
              JOIN {selectors._table(Application)} a ON a.id = t.application_id
              JOIN {selectors._table(Organization)} o ON o.id = a.organization_id
              JOIN {selectors._table(Program)} p ON p.id = a.program_id
              JOIN {selectors._table(Project)} pr ON pr.id = t.project_id
              WHERE a.status = %s
              GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"""
    return sql, [*params, Status.APPROVED]


PLACE_VALUES = (
    "projects",
    "awards",
    "awarded",
    "disbursed",
    "nox",
    "weighted",
    "nox_over_life",
    "weighted_over_life",
    "annualized_on_nox",
    "nox_with_cost",
    "annualized_on_weighted",
    "weighted_with_cost",
    "kw",
)
FAMILIES = {
    "stages": Family(
        "stages",
        StageFact,
        StageTotal,
        ("program_id", "base", "reports_from"),
        ("applications", "evaluated", "awarded", "disbursed"),
        _stages,
    ),
    "obligations": Family(
        "obligations", ObligationFact, ObligationTotal, ("program_id", "kind", "due"), ("obligations",), _obligations
    ),
    "places": Family("places", PlaceFact, PlaceTotal, ("program_id", "county", "msa", "dac"), PLACE_VALUES, _places),
    "service": Family("service", ServiceFact, ServiceTotal, ("program_id", "key"), ("projects", "kw"), _service),
    "awards": Family(
        "awards",
        AwardFact,
        AwardTotal,
        ("program_code", "awardee", "application_id", "position", "project_id", "county", "msa", "dac"),
        ("awards",),
        _awards,
    ),
}


# --- Upkeep -----------------------------------------------------------------------------------------------------


def _catch_up_sql() -> tuple[str, list]:
    """One statement: claim the pending owners, and for each family replace their facts and add the difference to
    the totals (data-modifying CTEs: the facts of an owner are read, deleted and written again in one snapshot)."""
    parts, params = [f"claimed AS (DELETE FROM {selectors._table(Pending)} RETURNING family, owner)"], []
    for name, family in FAMILIES.items():
        fact, total = selectors._table(family.fact), selectors._table(family.total)
        keys, values = ", ".join(family.keys), ", ".join(family.values)
        owners = f"SELECT owner FROM claimed WHERE family = '{name}'"
        select, select_params = family.select(owners)
        negated = ", ".join(f"-{value} AS {value}" for value in family.values)
        updates = ", ".join(f"{value} = {total}.{value} + EXCLUDED.{value}" for value in family.values)
        parts += [
            f"{name}_old AS (DELETE FROM {fact} WHERE owner IN ({owners}) RETURNING {keys}, {values})",
            f"{name}_new AS (INSERT INTO {fact} (owner, {keys}, {values}) {select} RETURNING {keys}, {values})",
            f"""{name}_total AS (INSERT INTO {total} ({keys}, {values})
                SELECT {keys}, {", ".join(f"SUM({value})" for value in family.values)}
                FROM (SELECT {keys}, {negated} FROM {name}_old UNION ALL SELECT {keys}, {values} FROM {name}_new) c
                GROUP BY {keys} ORDER BY {keys}
                ON CONFLICT ({keys}) DO UPDATE SET {updates} RETURNING 1)""",
        ]
        params += select_params
    return "WITH " + ",\n".join(parts) + "\nSELECT COUNT(*) FROM claimed", params


def catch_up() -> int:
    """Bring the totals up to date with every change committed (PostgreSQL; elsewhere there are no triggers and the
    pages compute directly): one statement, whatever the number of owners pending. Returns how many were."""
    if connection.vendor != "postgresql":
        return 0
    sql, params = _catch_up_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@transaction.atomic
def rebuild(names: Iterable[str] = tuple(FAMILIES)) -> None:
    """Every fact and total computed again from the data (the migration, a bulk load that bypasses the models)."""
    for name in names:
        family = FAMILIES[name]
        fact, total = selectors._table(family.fact), selectors._table(family.total)
        keys, values = ", ".join(family.keys), ", ".join(family.values)
        sql, params = family.select(None)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {selectors._table(Pending)} WHERE family = %s", [name])
            cursor.execute(f"DELETE FROM {fact}")
            cursor.execute(f"DELETE FROM {total}")
            cursor.execute(f"INSERT INTO {fact} (owner, {keys}, {values}) {sql}", params)
            cursor.execute(
                f"INSERT INTO {total} ({keys}, {values}) SELECT {keys}, "
                f"{', '.join(f'SUM({value})' for value in family.values)} FROM {fact} GROUP BY {keys}"
            )


TRIGGERS = (
    # (table, function, arguments[, watched column]): what a change to a row of the table makes pending
    (Application, "dashboards_mark", ("stages", "id", "awards", "id")),
    (Application, "dashboards_mark_through", ("places", "id", "applications_project", "id", "application_id")),
    (Agreement, "dashboards_mark", ("stages", "application_id", "obligations", "id")),
    (
        Agreement,
        "dashboards_mark_through",
        ("places", "application_id", "applications_project", "id", "application_id"),
    ),
    (Obligation, "dashboards_mark", ("obligations", "agreement_id")),
    (Obligation, "dashboards_mark_through", ("stages", "agreement_id", "agreements_agreement", "application_id", "id")),
    (
        "funding_ledgerentry",
        "dashboards_mark",
        ("stages", "application_id", "places", "project_id", "awards", "application_id"),
    ),
    ("applications_project", "dashboards_mark", ("places", "id", "service", "id", "awards", "application_id")),
    # only a new name or code (the awards list's sort keys) touches their applications, not every save of the row
    # (``programs.Round.save`` updates its program's window): ``watched``
    (
        "accounts_organization",
        "dashboards_mark_through",
        ("awards", "id", "applications_application", "id", "organization_id"),
        "name",
    ),
    (
        "programs_program",
        "dashboards_mark_through",
        ("awards", "id", "applications_application", "id", "program_id"),
        "code",
    ),
    ("agreements_fundedproject", "dashboards_mark", ("places", "project_id")),
    (ProjectEvent, "dashboards_mark", ("service", "project_id")),
)

FUNCTIONS = """
CREATE OR REPLACE FUNCTION dashboards_pend(family text, owner bigint) RETURNS void AS $$
BEGIN
    IF owner IS NOT NULL THEN
        INSERT INTO dashboards_pending (family, owner) VALUES (family, owner) ON CONFLICT DO NOTHING;
    END IF;
END $$ LANGUAGE plpgsql;

-- Arguments in pairs (family, column): the column of the old and new row names the owner.
CREATE OR REPLACE FUNCTION dashboards_mark() RETURNS trigger AS $$
DECLARE i integer;
BEGIN
    FOR i IN 0 .. TG_NARGS / 2 - 1 LOOP
        IF TG_OP <> 'DELETE' THEN
            PERFORM dashboards_pend(TG_ARGV[2 * i], (to_jsonb(NEW) ->> TG_ARGV[2 * i + 1])::bigint);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            PERFORM dashboards_pend(TG_ARGV[2 * i], (to_jsonb(OLD) ->> TG_ARGV[2 * i + 1])::bigint);
        END IF;
    END LOOP;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- Arguments (family, column, table, owner column, match column): the owners are the rows of the table whose match
-- column equals the changed row's column (an application's projects, an agreement's application).
CREATE OR REPLACE FUNCTION dashboards_mark_through() RETURNS trigger AS $$
DECLARE value bigint;
BEGIN
    FOREACH value IN ARRAY ARRAY[
        CASE WHEN TG_OP <> 'DELETE' THEN (to_jsonb(NEW) ->> TG_ARGV[1])::bigint END,
        CASE WHEN TG_OP <> 'INSERT' THEN (to_jsonb(OLD) ->> TG_ARGV[1])::bigint END] LOOP
        IF value IS NOT NULL THEN
            EXECUTE format('INSERT INTO dashboards_pending (family, owner) SELECT %L, %I FROM %I WHERE %I = $1 '
                           'ON CONFLICT DO NOTHING', TG_ARGV[0], TG_ARGV[3], TG_ARGV[2], TG_ARGV[4]) USING value;
        END IF;
    END LOOP;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def install_triggers(using=None) -> None:
    """Create (or replace) the triggers of ``TRIGGERS`` (PostgreSQL; nothing elsewhere). Migration
    ``dashboards.0001`` runs it; a change to ``TRIGGERS`` or ``FUNCTIONS`` needs a migration that runs it again (and
    one to a family's query, a migration that runs ``rebuild``)."""
    using = using or connection
    if using.vendor != "postgresql":
        return
    with using.cursor() as cursor:
        cursor.execute(FUNCTIONS)
        for number, (table, function, arguments, *watched) in enumerate(TRIGGERS, start=1):
            table = table if isinstance(table, str) else table._meta.db_table
            name = f"dashboards_{number}_{function}"
            listed = ", ".join(f"'{argument}'" for argument in arguments)
            cursor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
            when = (
                (f'AFTER UPDATE ON "{table}" FOR EACH ROW WHEN (OLD.{watched[0]} IS DISTINCT FROM NEW.{watched[0]})')
                if watched
                else f'AFTER INSERT OR UPDATE OR DELETE ON "{table}" FOR EACH ROW'
            )
            cursor.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {function}({listed})")
