# Debrief: production image. Build: docker build -t debrief .
# Run:   docker run -p 8000:8000 -e DJANGO_SECRET_KEY=... -e DATABASE_URL=... \
#          -e DJANGO_ALLOWED_HOSTS=debrief.example.org -e EMAIL_URL=... debrief
# One image, three process types, chosen by the command (see README and compose.yaml):
#   web (default)   debrief
#   worker          debrief python manage.py db_worker --queue-name '*'
#   scheduler       debrief python manage.py crontask --no-heartbeat

FROM python:3.13-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install --require-hashes -r /tmp/requirements.lock

FROM python:3.13-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_DEBUG=0 \
    PORT=8000
RUN useradd --system --create-home --uid 10001 debrief
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=debrief:debrief manage.py ./
COPY --chown=debrief:debrief config ./config
COPY --chown=debrief:debrief debrief ./debrief
COPY --chown=debrief:debrief templates ./templates
COPY --chown=debrief:debrief static ./static
# collectstatic needs settings that load, not real secrets: throwaway values for this step only.
RUN DJANGO_SECRET_KEY=build-only-$(python -c 'import secrets; print(secrets.token_hex(32))') \
    DATABASE_URL=postgresql://build@localhost/build EMAIL_URL=consolemail:// \
    python manage.py collectstatic --no-input \
    && chown -R debrief:debrief /app/staticfiles
USER debrief
EXPOSE 8000
# For the web process; compose.yaml gives the worker and the scheduler checks of their own.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "config/healthcheck.py"]
# Migrations run once per release (see README), not on every container start.
# config/gunicorn.conf.py: 0.0.0.0:$PORT, WEB_CONCURRENCY workers, graceful stop on SIGTERM.
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi:application"]
