"""Writes on modules and their sections (and an officer completing a section)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from training.audit_actions import TrainingAction
from training.models import (
    Module,
    ModuleStatus,
    Section,
    SectionProgress,
)
from trustportal.common.services import apply_changes

from .common import MODULE_CONTENT_FIELDS, MODULE_FIELDS, SECTION_FIELDS, _audit, _save

# --- modules and sections ---------------------------------------------------------------------


@transaction.atomic
def module_create(*, agency, data: dict, acting_user, source_key: str = "") -> Module:
    module = _save(Module(agency=agency, created_by=acting_user, source_key=source_key, **data))
    _audit(TrainingAction.MODULE_CREATE, acting_user, module, agency)
    return module


@transaction.atomic
def module_update(*, module: Module, data: dict, acting_user) -> Module:
    changes = apply_changes(module, data, MODULE_FIELDS)
    if module.status != ModuleStatus.DRAFT and any(field in changes for field in MODULE_CONTENT_FIELDS):
        module.version += 1
    _save(module)
    _audit(
        TrainingAction.MODULE_UPDATE,
        acting_user,
        module,
        module.agency,
        changes=changes,
        version=module.version,
    )
    return module


@transaction.atomic
def module_set_status(*, module: Module, status: str, acting_user) -> Module:
    if status == ModuleStatus.PUBLISHED and not (module.body.strip() or module.sections.exists()):
        raise ValidationError("Add an introduction or at least one section before publishing the module.")
    old = module.status
    module.status = status
    _save(module)
    _audit(TrainingAction.MODULE_STATUS, acting_user, module, module.agency, old=old, new=status)
    return module


def _bump_version(module: Module):
    """Content seen by officers changed: a new module version (drafts keep theirs)."""
    if module.status == ModuleStatus.DRAFT:
        return
    Module.objects.filter(pk=module.pk).update(version=F("version") + 1)
    module.refresh_from_db(fields=["version"])


@transaction.atomic
def section_create(*, module: Module, data: dict, acting_user) -> Section:
    data = dict(data)
    if not data.get("position"):
        data["position"] = (module.sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = _save(Section(module=module, **data))
    _bump_version(module)
    _audit(TrainingAction.SECTION_CREATE, acting_user, section, module.agency, module=module.pk)
    return section


@transaction.atomic
def section_update(*, section: Section, data: dict, acting_user) -> Section:
    changes = apply_changes(section, data, SECTION_FIELDS)
    _save(section)
    if set(changes) & {"title", "body"}:
        _bump_version(section.module)
    _audit(TrainingAction.SECTION_UPDATE, acting_user, section, section.module.agency, changes=changes)
    return section


@transaction.atomic
def section_delete(*, section: Section, acting_user) -> None:
    module = section.module
    _audit(TrainingAction.SECTION_DELETE, acting_user, section, module.agency, title=section.title)
    section.delete()
    _bump_version(module)


@transaction.atomic
def section_complete(*, section: Section, acting_user) -> SectionProgress:
    progress, created = SectionProgress.objects.get_or_create(
        section=section, user=acting_user, defaults={"completed_at": timezone.now()}
    )
    if created:
        _audit(TrainingAction.SECTION_COMPLETE, acting_user, section, section.module.agency)
    return progress
