"""``/healthz``: is the application able to watch deadlines? For load balancers, container
health checks and monitoring: no login, no personal data, JSON.

200 when the database answers, the Celery broker accepts a connection and the reminders sweep
ran in the last five minutes; otherwise 503, naming what is wrong."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from trustportal.notifications import heartbeat

log = logging.getLogger(__name__)
BROKER_TIMEOUT_SECONDS = 2


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "down"; the detail goes to the log
        log.warning("healthz: the database does not answer", exc_info=True)
        return False


def _broker() -> bool:
    from trustportal.celery import app

    try:
        with app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
        return True
    except Exception:  # noqa: BLE001 - any failure means "down"
        log.warning("healthz: the Celery broker does not answer", exc_info=True)
        return False


@login_not_required
@require_GET
def healthz(request):
    database, broker = _database(), _broker()
    last_sweep = heartbeat.last_sweep_at() if database else None
    sweep = "unknown" if not database else ("late" if heartbeat.sweep_is_late(last_sweep) else "ok")
    healthy = database and broker and sweep == "ok"
    body = {
        "status": "ok" if healthy else "unhealthy",
        "database": "ok" if database else "down",
        "broker": "ok" if broker else "down",
        "sweep": sweep,
        "last_sweep_at": last_sweep.isoformat() if last_sweep else None,
    }
    return JsonResponse(body, status=200 if healthy else 503)
