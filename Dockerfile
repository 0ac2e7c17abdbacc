# syntax=docker/dockerfile:1
# TrustPortal's image: one image for web, workers, beat and the migration job (compose.yaml).
# Build: docker build -t trustportal .     Lint: scripts/check_deploy.sh

# --- front-end packages, exactly as locked (package-lock.json); dev tools (axe-core) left out
FROM node:22-slim AS npm
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- the application
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TRUSTPORTAL_ENV=production
WORKDIR /app

RUN groupadd --system --gid 10001 trustportal \
 && useradd --system --uid 10001 --gid trustportal --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin trustportal

# Every package pinned and hashed (requirements.txt, `make lock`).
COPY requirements.txt ./
RUN pip install --require-hashes -r requirements.txt

COPY --from=npm /build/node_modules ./node_modules
COPY . .
# collectstatic needs the production settings' variables, not a database: placeholders, used
# only in this step and never kept in the image.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://collectstatic@localhost/collectstatic \
      python manage.py collectstatic --noinput \
 && mkdir -p var /data/uploads \
 && chown -R trustportal:trustportal var /data/uploads

USER trustportal
# Uploaded scans and beat's schedule state live in volumes (compose.yaml); beat's state may be lost.
ENV MEDIA_ROOT=/data/uploads \
    CELERY_BEAT_SCHEDULE_FILENAME=/app/var/celerybeat-schedule \
    GUNICORN_BIND=0.0.0.0:8000
EXPOSE 8000
# Healthy when /healthz answers 200: database, broker and the reminders sweep all working.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(0 if u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': 'localhost'}), timeout=4).status == 200 else 1)"]
CMD ["gunicorn", "-c", "python:trustportal.gunicorn_conf", "trustportal.wsgi"]
