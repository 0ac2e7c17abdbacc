"""The starter module, shipped as data and loaded through the same services."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from cases.catalogue.provider import build_catalogue
from training.models import (
    Module,
    ModuleStatus,
    QuestionKind,
)

from .common import STARTER_PATH
from .modules import module_create, module_set_status, section_create
from .questions import question_create
from .quizzes import quiz_create

# --- the starter module, shipped as data ----------------------------------------------------------------


def _text(value) -> str:
    return "\n".join(value) if isinstance(value, list) else (value or "")


def starter_data(path: Path = STARTER_PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _starter_question_data(item: dict) -> dict:
    common = {"explanation": _text(item.get("explanation")), "citations": _text(item.get("citations"))}
    if item["kind"] == QuestionKind.SCENARIO:
        return common | {k: item.get(k) for k in ("scenario", "action", "ask_hold_until", "prompt")}
    options = item.get("options", [])
    return common | {
        "prompt": item["prompt"],
        "options": [o["text"] for o in options],
        "correct": [i for i, o in enumerate(options) if o.get("correct")],
    }


@transaction.atomic
def starter_module_load(*, agency, acting_user, data: dict | None = None) -> tuple[Module, bool]:
    """Load the shipped starter module (published, with its questions and quiz). Idempotent:
    returns ``(module, False)`` when the agency already has it."""
    data = data or starter_data()
    existing = Module.objects.filter(agency=agency, source_key=data["key"]).first()
    if existing is not None:
        return existing, False
    fields = data["module"]
    module_data = {k: _text(v) if isinstance(v, list) else v for k, v in fields.items()}
    module = module_create(agency=agency, data=module_data, acting_user=acting_user, source_key=data["key"])
    for position, section in enumerate(data["sections"], start=1):
        section_create(
            module=module,
            data={"position": position, "title": section["title"], "body": _text(section["body"])},
            acting_user=acting_user,
        )
    catalogue = build_catalogue()
    questions = [
        question_create(
            module=module,
            kind=item["kind"],
            data=_starter_question_data(item),
            acting_user=acting_user,
            source_key=item["key"],
            catalogue=catalogue,
        )
        for item in data["questions"]
    ]
    quiz_create(
        module=module, data=data["quiz"], questions=questions, acting_user=acting_user, source_key=data["key"]
    )
    module_set_status(module=module, status=ModuleStatus.PUBLISHED, acting_user=acting_user)
    return module, True
