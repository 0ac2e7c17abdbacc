"""The custody board: everyone in custody with a detainer still needing attention, nearest
deadline first, with live countdowns. The table refreshes itself by polling (with the
X-TrustPortal-Poll header, so an unattended board still signs out after 30 minutes).

The board is also the desk's home page: ``HOME_PANEL`` is registered with the floor's home
page in ``CasesConfig.ready`` (the floor imports no app)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from cases.board import selectors as board_selectors
from trustportal.accounts.roles import Cap, require_capability, user_can
from trustportal.common.views import poll_seconds
from trustportal.home import HomePanel


def board_context(user, board=None) -> dict:
    board = board or board_selectors.board(user)
    cap = board_selectors.TOTAL_CAP
    total_label = f"more than {cap:,}" if board.total > cap else f"{board.total:,}"
    return {
        "rows": board.rows,
        "total": board.total,
        "total_label": total_label,
        "version": board.version,
        "poll_seconds": poll_seconds(),
    }


def home_panel(request) -> dict | None:
    """The board on the home page, for roles that see cases (None: not shown)."""
    if not user_can(request.user, Cap.VIEW_CASES):
        return None
    return board_context(request.user)


HOME_PANEL = HomePanel(template="cases/_home_board.html", context=home_panel, scripts=("js/countdown.js",))


@require_capability(Cap.VIEW_CASES)
def board(request):
    return render(request, "cases/board.html", board_context(request.user))


@require_capability(Cap.VIEW_CASES)
def board_table(request):
    """The polled table. The browser sends the version of the table it shows (``version``,
    from the hidden input the table carries); when the board has not changed since, the
    answer is an empty 204, which htmx leaves alone: the rows, the countdowns ticking in the
    browser, the keyboard focus and the scroll position stay as they are."""
    board = board_selectors.board(request.user)
    if request.GET.get("version") == board.version:
        return HttpResponse(status=204)
    return render(request, "cases/_board_table.html", board_context(request.user, board))


urlpatterns = [
    path("board/", board, name="board"),
    path("board/table/", board_table, name="board_table"),
]
