"""The preparation sheet for an upcoming interview: "move on to the next", made concrete."""

import functools
import json

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from debrief.models import Application, Document, Interview, User
from debrief.services.preparation import interview_notes, preparation_context
from debrief.statements import Columns, instances
from debrief.views.shared import transaction_for_changes

PARTS = (Columns(Interview, "i"), Columns(Application, "a"))


@functools.cache
def interview_sql() -> str:
    """The interview with its application and the documents sent with it, in one statement: the
    ORM's two (a select_related and the many-to-many) cost more to compile than to run."""
    through = Document.applications.through._meta.db_table
    return f"""
SELECT {", ".join(part.select() for part in PARTS)},
       (SELECT coalesce(json_agg(json_build_array(d.id, d.kind, d.title, d.original_name)
                                 ORDER BY d.kind, d.created_at DESC, d.id DESC), '[]')
        FROM {Document._meta.db_table} d JOIN {through} sent ON sent.document_id = d.id
        WHERE sent.application_id = a.id AND d.owner_id = %(owner)s)
FROM {Interview._meta.db_table} i JOIN {Application._meta.db_table} a ON a.id = i.application_id
WHERE i.id = %(pk)s AND i.owner_id = %(owner)s
"""


def interview_of(owner: User, pk: int) -> tuple[Interview, list[Document]]:
    """The owner's interview `pk` (else 404), its application, and the documents sent with it
    (id, kind, title and file name: what the sheet shows of them)."""
    with connection.cursor() as cursor:
        cursor.execute(interview_sql(), {"pk": pk, "owner": owner.pk})
        row = cursor.fetchone()
    if row is None:
        raise Http404
    interview, interview.application = instances(PARTS, row[:-1], connection.alias)
    # Its owner, with the record's version the sheet is cached under (debrief.auth loads it).
    interview.owner = owner
    documents = row[-1] if isinstance(row[-1], list) else json.loads(row[-1])
    return interview, [
        Document(id=id_, kind=kind, title=title, original_name=name, owner=owner)
        for id_, kind, title, name in documents
    ]


@transaction_for_changes
@require_safe
@login_required
def interview_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    interview, documents = interview_of(request.user, pk)
    today = timezone.localdate()
    context = preparation_context(interview, today)
    # Read live, never cached with the sheet: what an adviser wrote for this interview (read
    # only when the record has one for it, which its version says).
    context["adviser_notes"] = interview_notes(request.user, interview, today)
    # The CV and cover letter this employer read (issue 21), linked from the sheet.
    context["documents"] = documents
    return render(request, "debrief/interview_prepare.html", context)


urlpatterns = [
    path("interviews/<int:pk>/prepare/", interview_prepare, name="interview-prepare"),
]
