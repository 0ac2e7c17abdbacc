"""gunicorn settings: ``gunicorn -c python:trustportal.gunicorn_conf trustportal.wsgi``.

The Server header names no software or version (gunicorn would send "gunicorn"). The access
log is one JSON object a line with the request id (trustportal/logging.py) and the path
without its query string (searches carry names)."""

import os

import gunicorn.http.wsgi

gunicorn.http.wsgi.SERVER = "TrustPortal"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
timeout = 60
accesslog = "-"
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
)
