"""The tests' settings: Debrief's own, with DEBRIEF_DEBUG on unless the environment says otherwise.

Debrief's settings default to production (DEBRIEF_DEBUG off, so a host that forgets it fails
loudly); the tests run as `make run` does. The variable is set only while the settings load, so
the processes a test starts (web replicas, `manage.py check`) choose their own mode.
"""

import os

_development = not {"DEBRIEF_DEBUG", "DJANGO_DEBUG"} & os.environ.keys()
if _development:
    os.environ["DEBRIEF_DEBUG"] = "1"
try:
    from config.settings import *  # noqa: F403
finally:
    if _development:
        del os.environ["DEBRIEF_DEBUG"]
