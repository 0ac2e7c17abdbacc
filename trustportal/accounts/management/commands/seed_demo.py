"""Seed a demo agency, one user per role, and sample data. Safe to run again."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from trustportal.accounts.models import Agency, User
from trustportal.accounts.roles import Role
from trustportal.common.extensions import demo_seeders

DEMO_AGENCY = {"name": "Demo Police Department", "ori": "CT0099900", "kind": Agency.Kind.MUNICIPAL_POLICE}
OTHER_AGENCY = {
    "name": "Other Town Police Department",
    "ori": "CT0099800",
    "kind": Agency.Kind.MUNICIPAL_POLICE,
}

# username, first, last, role, password (demo only: production refuses to seed)
DEMO_USERS = [
    ("desk", "Dana", "Desk", Role.DESK_OFFICER, "desk-demo-pass-2026"),
    ("supervisor", "Sam", "Supervisor", Role.SUPERVISOR, "supervisor-demo-pass-2026"),
    ("supervisor2", "Sky", "Second", Role.SUPERVISOR, "supervisor2-demo-pass-2026"),
    ("trainer", "Tess", "Trainer", Role.TRAINER, "trainer-demo-pass-2026"),
    ("agencyadmin", "Alex", "Admin", Role.AGENCY_ADMIN, "agencyadmin-demo-pass-2026"),
    ("auditor", "Avery", "Auditor", Role.AUDITOR, "auditor-demo-pass-2026"),
    ("chief", "Casey", "Chief", Role.AGENCY_HEAD, "chief-demo-pass-2026"),
    # statewide: the only one who changes the offense catalogue (granted by the system admin)
    ("steward", "Casey", "Steward", Role.CATALOGUE_STEWARD, "steward-demo-pass-2026"),
    # statewide, aggregated only: the dashboard and policy impact of every agency
    ("analyst", "Ari", "Analyst", Role.STATE_ANALYST, "analyst-demo-pass-2026"),
]
SYSADMIN = ("sysadmin", "sysadmin-demo-pass-2026")


class Command(BaseCommand):
    help = "Create the demo agency, one user per role and sample cases (idempotent)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run in production: it sets known passwords.")
        with transaction.atomic():
            agency, _ = Agency.objects.update_or_create(ori=DEMO_AGENCY["ori"], defaults=DEMO_AGENCY)
            Agency.objects.update_or_create(ori=OTHER_AGENCY["ori"], defaults=OTHER_AGENCY)
            for username, first, last, role, password in DEMO_USERS:
                self._user(agency, username, first, last, role, password)
            admin, _ = User.objects.get_or_create(
                username=SYSADMIN[0],
                defaults={
                    "is_superuser": True,
                    "is_staff": True,
                    "first_name": "System",
                    "last_name": "Admin",
                },
            )
            admin.set_password(SYSADMIN[1])
            admin.save()
            for seeder in demo_seeders():  # the apps' sample data (cases, then training)
                seeder(agency=agency, stdout=self.stdout)
        self._print_logins()

    def _user(self, agency, username, first, last, role, password):
        user, _ = User.objects.get_or_create(username=username, defaults={"agency": agency})
        user.agency, user.first_name, user.last_name = agency, first, last
        user.email = f"{username}@demo.trustportal.invalid"
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        return user

    def _print_logins(self):
        w = self.stdout.write
        w(f"Demo agency: {DEMO_AGENCY['name']} ({DEMO_AGENCY['ori']})")
        w("Demo logins (username / password / role):")
        for username, _first, _last, role, password in DEMO_USERS:
            w(f"  {username:<12} {password:<28} {role}")
        w(f"  {SYSADMIN[0]:<12} {SYSADMIN[1]:<28} System administrator (Django admin)")
        if not settings.MFA_REQUIRED:
            w("Second factor: relaxed in demo mode (TRUSTPORTAL_MFA_REQUIRED=false).")
        else:
            w("Second factor: required; each user enrols an authenticator at first sign-in.")
