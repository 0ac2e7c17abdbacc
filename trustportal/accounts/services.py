"""Writes on staff accounts. Each is atomic and audits in the same transaction."""

from axes.utils import reset as axes_reset
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from trustportal.audit.services import audit_record

from .forms import groups_for
from .hooks import staff_changed
from .models import User
from .roles import STATEWIDE_ROLES


@transaction.atomic
def staff_create(*, agency, data: dict, acting_user) -> User:
    user = User(
        agency=agency,
        **{k: data[k] for k in ("username", "first_name", "last_name", "email", "badge_number", "is_active")},
    )
    user.set_password(data["password"])
    user.must_change_password = True  # the first sign-in asks for the user's own password
    user.save()
    roles = sorted(r for r in data.get("roles", []) if r not in STATEWIDE_ROLES)
    user.groups.set(groups_for(roles))
    audit_record(
        action="staff.create",
        acting_user=acting_user,
        obj=user,
        details={"roles": roles},
    )
    staff_changed(user=user, acting_user=acting_user)
    return user


@transaction.atomic
def staff_update(*, user: User, data: dict, acting_user) -> User:
    held = sorted(g.name for g in user.groups.all())
    before = {"roles": held, "is_active": user.is_active}
    for field in ("username", "first_name", "last_name", "email", "badge_number", "is_active"):
        setattr(user, field, data[field])
    if user.pk == acting_user.pk and not data["is_active"]:
        raise ValueError("You cannot deactivate your own account.")
    user.save()
    statewide = [name for name in held if name in STATEWIDE_ROLES]  # kept as they are
    roles = sorted({*(r for r in data.get("roles", []) if r not in STATEWIDE_ROLES), *statewide})
    user.groups.set(groups_for(roles))
    after = {"roles": roles, "is_active": user.is_active}
    audit_record(
        action="staff.update", acting_user=acting_user, obj=user, details={"before": before, "after": after}
    )
    staff_changed(user=user, acting_user=acting_user)
    return user


@transaction.atomic
def staff_reset_second_factor(*, user: User, acting_user) -> int:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    audit_record(action="staff.reset_second_factor", acting_user=acting_user, obj=user)
    return deleted


@transaction.atomic
def staff_unlock(*, user: User, acting_user) -> int:
    count = axes_reset(username=user.username)
    audit_record(
        action="staff.unlock", acting_user=acting_user, obj=user, details={"attempts_cleared": count}
    )
    return count


@transaction.atomic
def second_factor_confirm(*, device: TOTPDevice, acting_user) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(action="auth.second_factor_enrolled", acting_user=acting_user)
