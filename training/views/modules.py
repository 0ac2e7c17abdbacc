"""Trainers: modules and their sections."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from training import access, services
from training.forms import (
    ModuleForm,
    SectionForm,
)
from training.models import ModuleStatus

from .common import MANAGE, _flash_refusal, _form_page, _posted, _write, module_back


@MANAGE
def manage_home(request):
    modules = access.modules_for_user(request.user).order_by("status", "title")
    return render(request, "training/manage_home.html", {"modules": modules})


@MANAGE
def module_create(request):
    form, user = ModuleForm(_posted(request)), request.user
    module = _write(
        request,
        form,
        lambda d: services.module_create(agency=user.agency, data=d, acting_user=user),
        "Module created as a draft.",
    )
    if module:
        return redirect(module_back(module))
    return _form_page(request, form, "New module", reverse("training:manage"), "Create the module")


@MANAGE
def module_manage(request, pk):
    module = access.get_module_for_trainer(request.user, pk)
    context = {
        "module": module,
        "sections": list(module.sections.all()),
        "quizzes": list(module.quizzes.all()),
        "statuses": ModuleStatus,
    }
    return render(request, "training/module_manage.html", context)


@MANAGE
def module_edit(request, pk):
    module = access.get_module_for_trainer(request.user, pk)
    form = ModuleForm(_posted(request), instance=access.get_module_for_trainer(request.user, pk))
    if _write(
        request,
        form,
        lambda d: services.module_update(module=module, data=d, acting_user=request.user),
        "Module saved.",
    ):
        return redirect(module_back(module))
    return _form_page(request, form, f"Edit {module.title}", module_back(module))


@require_POST
@MANAGE
def module_status(request, pk):
    module = access.get_module_for_trainer(request.user, pk)
    status = request.POST.get("status", "")
    if status not in ModuleStatus.values:
        return HttpResponseBadRequest("Unknown status.")
    _flash_refusal(
        request,
        lambda: services.module_set_status(module=module, status=status, acting_user=request.user),
        f"Module {ModuleStatus(status).label.lower()}.",
    )
    return redirect(module_back(module))


@MANAGE
def section_create(request, pk):
    module = access.get_module_for_trainer(request.user, pk)
    form = SectionForm(_posted(request), initial={"position": module.sections.count() + 1})
    if _write(
        request,
        form,
        lambda d: services.section_create(module=module, data=d, acting_user=request.user),
        "Section added.",
    ):
        return redirect(module_back(module))
    return _form_page(request, form, f"New section of {module.title}", module_back(module), "Add the section")


@MANAGE
def section_edit(request, pk):
    section = access.get_section_for_trainer(request.user, pk)
    form = SectionForm(_posted(request), instance=access.get_section_for_trainer(request.user, pk))
    if _write(
        request,
        form,
        lambda d: services.section_update(section=section, data=d, acting_user=request.user),
        "Section saved.",
    ):
        return redirect(module_back(section.module))
    return _form_page(request, form, f"Edit section: {section.title}", module_back(section.module))


@require_POST
@MANAGE
def section_delete(request, pk):
    section = access.get_section_for_trainer(request.user, pk)
    services.section_delete(section=section, acting_user=request.user)
    messages.success(request, "Section removed.")
    return redirect(module_back(section.module))
