"""Trainer reports: completion per officer and per assignment, the overdue list, and the miss
rate per question and per rule (with a chart), each also as CSV. A fixed number of queries
whatever the number of officers or attempts."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from training.audit_actions import TrainingAction
from trustportal.audit.services import audit_record
from trustportal.common.csv import csv_safe
from trustportal.common.pagination import CappedPaginator

from . import selectors
from .views import MANAGE, PAGE_SIZE


def _page(request, queryset):
    return CappedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@MANAGE
def report_officers(request):
    agency = request.user.agency
    page = _page(request, selectors.officers_for_report(agency))
    rows = selectors.officer_rows(agency, list(page.object_list))
    return render(request, "training/report_officers.html", {"page": page, "rows": rows, "tab": "officers"})


@MANAGE
def report_assignments(request):
    page = _page(request, selectors.assignments_for_report(request.user.agency))
    rows = selectors.assignment_rows(page.object_list)
    return render(
        request, "training/report_assignments.html", {"page": page, "rows": rows, "tab": "assignments"}
    )


@MANAGE
def report_overdue(request):
    page = _page(request, selectors.overdue_for_report(request.user.agency))
    context = {"page": page, "tab": "overdue", "now": timezone.now()}
    return render(request, "training/report_overdue.html", context)


@MANAGE
def report_questions(request):
    rows = selectors.question_rows(request.user.agency)
    rules = selectors.rule_rows(rows)
    chart = {
        "labels": [f"Q{r['question'].pk}" for r in rows[:20]],
        "values": [r["miss_rate"] for r in rows[:20]],
        "title": "Miss rate per question (%)",
    }
    context = {"rows": rows, "rules": rules, "chart": chart, "tab": "questions"}
    return render(request, "training/report_questions.html", context)


# --- CSV -------------------------------------------------------------------------------------------


def _local(value):
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def _officers_csv(agency):
    yield ["username", "name", "assigned", "completed", "overdue", "attempts", "passes", "best score %",
           "certified until"]  # fmt: skip
    for r in selectors.officer_rows(agency, list(selectors.officers_for_report(agency))):
        u = r["user"]
        yield [u.username, str(u), u.assigned, u.completed, u.overdue, r["attempts"], r["passes"],
               "" if r["best"] is None else r["best"], _local(u.certified_until)]  # fmt: skip


def _assignments_csv(agency):
    yield [
        "quiz",
        "audience",
        "due",
        "members",
        "completed",
        "overdue",
        "attempts",
        "average score %",
        "assigned by",
    ]
    for r in selectors.assignment_rows(selectors.assignments_for_report(agency)):
        a = r["assignment"]
        average = "" if r["average"] is None else round(r["average"])
        yield [a.quiz.title, a.audience, _local(a.due_at), a.member_count, a.done_count, a.late_count,
               r["attempts"], average, str(a.assigned_by)]  # fmt: skip


def _overdue_csv(agency):
    yield ["username", "name", "quiz", "due", "assigned by"]
    for m in selectors.overdue_for_report(agency):
        a = m.assignment
        yield [m.user.username, str(m.user), a.quiz.title, _local(a.due_at), str(a.assigned_by)]


def _questions_csv(agency):
    yield ["question", "kind", "prompt", "answered", "wrong", "miss rate %", "rules"]
    for r in selectors.question_rows(agency):
        q = r["question"]
        yield [f"Q{q.pk}", q.get_kind_display(), q.current_version.prompt, r["answered"], r["wrong"],
               r["miss_rate"],
               "; ".join(r["rules"])]  # fmt: skip


CSV_REPORTS = {
    "officers": _officers_csv,
    "assignments": _assignments_csv,
    "overdue": _overdue_csv,
    "questions": _questions_csv,
}


@MANAGE
def report_csv(request, kind):
    rows = CSV_REPORTS.get(kind)
    if rows is None:
        raise Http404("No such report.")
    agency = request.user.agency
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="training-{kind}-{timezone.localdate():%Y%m%d}.csv"'
    )
    writer = csv.writer(response)
    for row in rows(agency):
        writer.writerow([csv_safe(c) for c in row])
    audit_record(
        action=TrainingAction.REPORT_EXPORT, acting_user=request.user, agency=agency, details={"report": kind}
    )
    return response
