"""``manage.py migrate_as_owner``: run the migrations as the owner role, then give the
application's role its privileges on every table (trustportal.dbroles.grant_app_role).

Takes every option of ``migrate``. The owner is MIGRATION_DATABASE_URL (set it only in the
migration job's environment); the application's role is DATABASE_URL's user. Without
MIGRATION_DATABASE_URL (development, SQLite, a single role) it is plain ``migrate``;
production refuses that, since its DATABASE_URL role may not create or alter tables.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import DEFAULT_DB_ALIAS, connections

from trustportal.dbroles import connection_as, grant_app_role


class Command(MigrateCommand):
    help = (
        "Run the migrations as the owner role (MIGRATION_DATABASE_URL), then grant the "
        "application's role (DATABASE_URL) its table privileges."
    )

    def handle(self, *args, **options):
        if options["database"] != DEFAULT_DB_ALIAS:
            raise CommandError("migrate_as_owner migrates the default database; drop --database.")
        owner = settings.MIGRATION_DATABASE
        if owner is None:
            if getattr(settings, "PRODUCTION", False):
                raise CommandError(
                    "Set MIGRATION_DATABASE_URL to the owner role (scripts/db_roles.sh): in "
                    "production DATABASE_URL is the application's role, which cannot migrate."
                )
            return super().handle(*args, **options)
        app_role = connections[DEFAULT_DB_ALIAS].settings_dict["USER"]
        if not app_role or app_role == owner["USER"]:
            raise CommandError("DATABASE_URL and MIGRATION_DATABASE_URL must name two different roles.")
        with connection_as(owner) as connection:
            super().handle(*args, **options)
            if not options.get("plan") and not options.get("check_unapplied"):
                grant_app_role(connection, app_role)
                if options["verbosity"] >= 1:
                    self.stdout.write(f"Granted the application's role {app_role} its table privileges.")
