"""gunicorn settings for the Procfile's `web` process: `make run`, `make cluster`, the image and
compose.yaml (gunicorn -c this file).

Graceful shutdown: on SIGTERM the master stops accepting connections and each worker finishes the
request in hand (up to `graceful_timeout`) before exiting; the load balancer has stopped sending
new requests by then (`make cluster`'s rolling restart drains the server in HAProxy first).
"""

import os

# HOST:PORT (the Procfile's runners set PORT per process; the image listens on 0.0.0.0).
bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
)
# `make run` (DEBRIEF_DEBUG on): workers restart when the code changes, as runserver's did.
reload = os.environ.get("DEBRIEF_DEBUG", "").lower() in {"1", "true", "yes", "on"}
# cores + 1 measured best for one replica per machine; make cluster runs three replicas of two.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
# Recycle workers now and then (spread out) so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
# The listening socket's queue: requests arriving while every worker is busy wait here.
backlog = 256
# gunicorn 27's control socket has one default path for every instance: several replicas on one
# machine would share it. Nothing here uses it.
control_socket_disable = True
