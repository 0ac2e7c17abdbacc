"""gunicorn settings: ``gunicorn -c python:trustportal.gunicorn_conf trustportal.wsgi``.

The Server header names no software or version (gunicorn would send "gunicorn")."""

import gunicorn.http.wsgi

gunicorn.http.wsgi.SERVER = "TrustPortal"
