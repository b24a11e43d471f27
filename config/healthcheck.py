"""Docker HEALTHCHECK: ask the running app's /healthz as a proxy in front of it would."""

import os
import sys
import urllib.request

hosts = os.environ.get("DEBRIEF_ALLOWED_HOSTS") or os.environ.get("DJANGO_ALLOWED_HOSTS", "")
host = (hosts or "localhost").split(",")[0].strip().lstrip(".")
request = urllib.request.Request(
    f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz",
    headers={"Host": host, "X-Forwarded-Proto": "https"},
)
try:
    with urllib.request.urlopen(request, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError:
    sys.exit(1)
