"""Modules: Markdown sanitised, sections read, drafts published, versions."""

import pytest
from django.urls import reverse

from tests.factories import ModuleFactory, SectionFactory
from training.markdown import render_markdown
from training.models import Module, ModuleStatus, SectionProgress
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_markdown_is_rendered_and_script_is_stripped():
    html = render_markdown(
        "**bold** <script>alert('x')</script> [link](javascript:alert(1)) <b onclick=\"x()\">b</b>"
    )
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "alert('x')" not in html
    assert "javascript:" not in html and "onclick" not in html


def test_a_script_in_a_module_body_is_not_rendered(sign_in, desk_officer, agency):
    module = ModuleFactory(agency=agency, body="Intro <script>document.title='pwned'</script> *end*")
    SectionFactory(
        module=module, body="<img src=x onerror=alert(1)> ## Heading\n\nText <iframe src='x'></iframe>"
    )
    html = sign_in(desk_officer).get(reverse("training:module_detail", args=[module.pk])).content.decode()
    body = html.split('data-testid="module-body"')[1]
    assert "<script>document.title" not in html and "pwned" not in body
    assert "<em>end</em>" in body
    assert "onerror" not in html and "<iframe" not in html


def test_a_trainer_creates_a_module_adds_a_section_and_publishes(sign_in, trainer, agency):
    client = sign_in(trainer)
    post = {
        "title": "Detainer basics",
        "summary": "S",
        "body": "B",
        "objectives": "One\nTwo",
        "statute_references": "C.G.S. § 54-192h",
        "estimated_minutes": 20,
        "certificate_valid_days": 365,
    }
    response = client.post(reverse("training:module_create"), post)
    module = Module.objects.get(title="Detainer basics")
    assert response.status_code == 302 and module.status == ModuleStatus.DRAFT and module.agency == agency
    client.post(
        reverse("training:section_create", args=[module.pk]), {"position": 1, "title": "One", "body": "Text"}
    )
    client.post(reverse("training:module_status", args=[module.pk]), {"status": "published"})
    module.refresh_from_db()
    assert module.status == ModuleStatus.PUBLISHED and module.version == 1
    client.post(reverse("training:module_edit", args=[module.pk]), post | {"body": "Changed"})
    module.refresh_from_db()
    assert module.version == 2
    assert AuditEvent.objects.filter(action="training.module.update", actor=trainer).exists()


def test_an_empty_module_cannot_be_published(sign_in, trainer, agency):
    module = ModuleFactory(agency=agency, status=ModuleStatus.DRAFT, body="")
    response = sign_in(trainer).post(
        reverse("training:module_status", args=[module.pk]), {"status": "published"}, follow=True
    )
    assert "Add an introduction or at least one section" in response.content.decode()
    module.refresh_from_db()
    assert module.status == ModuleStatus.DRAFT


def test_an_officer_records_reading_a_section(sign_in, desk_officer, module):
    section = SectionFactory(module=module)
    client = sign_in(desk_officer)
    assert client.get(reverse("training:section_complete", args=[section.pk])).status_code == 405
    client.post(reverse("training:section_complete", args=[section.pk]))
    client.post(reverse("training:section_complete", args=[section.pk]))
    assert SectionProgress.objects.filter(section=section, user=desk_officer).count() == 1
    html = client.get(reverse("training:module_detail", args=[module.pk])).content.decode()
    assert "1 of 1 sections read" in html
