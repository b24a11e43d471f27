"""Preparation sheet for an upcoming interview (being built)."""

urlpatterns = []
