"""Run migrations from a test (``django_db(transaction=True)``): as the database owner, as the
test command's roles require (under CI=true the tests connect as the app role)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import restricted_db


def migrate(*targets: tuple[str, str]):
    """Migrate to ``targets`` (app label, migration name), or with none to the latest; returns
    the apps as of that state, for the models as they were."""
    with restricted_db.as_owner():
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(list(targets) or executor.loader.graph.leaf_nodes())
    return MigrationExecutor(connection).loader.project_state(list(targets) or None).apps
