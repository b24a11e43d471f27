"""/readyz: ready only when every shared component a replica needs answers (the database, the
cache, the read replica when configured); /healthz stays the load balancer's liveness check."""

import pytest
from django.core.cache import cache


@pytest.mark.django_db
def test_it_is_ready_when_the_database_and_the_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok", "cache": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_it_is_not_ready_without_the_cache_but_stays_healthy(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis does not answer")

    monkeypatch.setattr(cache, "set", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "not ready", "database": "ok", "cache": "unavailable"}
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_it_answers_only_safe_methods(client):
    assert client.post("/readyz").status_code == 405
