"""Migration operations that run on PostgreSQL only (the demo also runs on SQLite).

Trigram indexes (``pg_trgm``) make staff searches fast at 100,000 applications (issue 15); SQLite has no such
index and no need of one, so the model state records the index everywhere and the database gets it on PostgreSQL.
"""

from django.db.migrations.operations.base import Operation


class OnPostgreSQL(Operation):
    """Wraps an operation: its state change everywhere, its database change on PostgreSQL only."""

    reversible = True

    def __init__(self, operation):
        self.operation = operation

    def deconstruct(self):
        return ("core.migration_operations.OnPostgreSQL", [self.operation], {})

    def state_forwards(self, app_label, state):
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"On PostgreSQL only: {self.operation.describe()}"

    @property
    def migration_name_fragment(self):
        return self.operation.migration_name_fragment
