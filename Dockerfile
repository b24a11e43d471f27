# Debrief: production image. Build here: `make image` (buildah; see docs/deployment.md); elsewhere
#   docker build -t debrief .
# Run:   docker run -p 8000:8000 -e DEBRIEF_SECRET_KEY=... -e DATABASE_URL=... \
#          -e DEBRIEF_ALLOWED_HOSTS=debrief.example.org -e EMAIL_URL=... debrief
# One image, the Procfile's process types, chosen by the command (compose.yaml runs each):
#   web (default)   gunicorn -c config/gunicorn.conf.py config.wsgi:application
#   worker          python manage.py db_worker --queue-name '*' --interval 1 --no-reload
#   scheduler       python manage.py crontask --no-heartbeat
#   inbound         python manage.py inbound_smtp
#
# BASE_IMAGE: the registry's Python image by default. Where the registry cannot be reached,
# `make image` builds a Debian trixie base (mmdebstrap: python3 3.13, python3-venv, passwd) and
# passes it here; any image with python3 ≥ 3.13, its venv module and useradd will do.
ARG BASE_IMAGE=docker.io/library/python:3.13-slim

FROM ${BASE_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python3 -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
# Behind a TLS-intercepting proxy, pass its CA bundle as the build secret `ca_certificates`
# (`make image` does when PIP_CERT or SSL_CERT_FILE names one); it never enters a layer.
RUN --mount=type=secret,id=ca_certificates \
    if [ -s /run/secrets/ca_certificates ]; then export PIP_CERT=/run/secrets/ca_certificates; fi \
    && /opt/venv/bin/pip install --require-hashes -r /tmp/requirements.lock

FROM ${BASE_IMAGE}
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DEBRIEF_DEBUG=0 \
    PORT=8000
RUN useradd --system --create-home --uid 10001 debrief
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=debrief:debrief manage.py Procfile ./
COPY --chown=debrief:debrief config ./config
COPY --chown=debrief:debrief debrief ./debrief
COPY --chown=debrief:debrief templates ./templates
# The Welsh catalogue, compiled (django.mo is committed: the image needs no gettext tools).
COPY --chown=debrief:debrief locale ./locale
COPY --chown=debrief:debrief static ./static
# collectstatic needs settings that load, not real secrets: throwaway values for this step only.
RUN DEBRIEF_SECRET_KEY=build-only-$(python -c 'import secrets; print(secrets.token_hex(32))') \
    DATABASE_URL=postgresql://build@localhost/build EMAIL_URL=consolemail:// \
    python manage.py collectstatic --no-input \
    && chown -R debrief:debrief /app/staticfiles
USER debrief
EXPOSE 8000
# For the web process; compose.yaml gives the worker and the scheduler checks of their own.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "config/healthcheck.py"]
# Migrations run once per release (docs/deployment.md), not on every container start.
# config/gunicorn.conf.py: 0.0.0.0:$PORT, WEB_CONCURRENCY workers, graceful stop on SIGTERM.
# The Procfile's `web` command, word for word.
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi:application"]
