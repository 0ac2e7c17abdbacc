"""The custody board: everyone in custody with a detainer still needing attention, nearest
deadline first, with live countdowns. The table refreshes itself by polling (with the
X-TrustPortal-Poll header, so an unattended board still signs out after 30 minutes)."""

from django.shortcuts import render
from django.urls import path

from cases.board import selectors as board_selectors
from cases.board.selectors import board_rows, board_total
from trustportal.accounts.roles import Cap, require_capability, user_can
from trustportal.common.views import poll_seconds


def board_context(user) -> dict:
    rows = board_rows(user)
    total = board_total(user) if len(rows) >= board_selectors.BOARD_LIMIT else len(rows)
    return {"rows": rows, "total": total, "poll_seconds": poll_seconds()}


def home_panel(user) -> dict:
    """The board on the home page, for those who see cases (registered in apps.py)."""
    return board_context(user) if user_can(user, Cap.VIEW_CASES) else {}


@require_capability(Cap.VIEW_CASES)
def board(request):
    return render(request, "cases/board.html", board_context(request.user))


@require_capability(Cap.VIEW_CASES)
def board_table(request):
    return render(request, "cases/_board_table.html", board_context(request.user))


urlpatterns = [
    path("board/", board, name="board"),
    path("board/table/", board_table, name="board_table"),
]
