"""The production settings, plus the benchmark's floor pages (bench/urls.py). Used only by
`make bench`: the floors are never served by the real application."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
