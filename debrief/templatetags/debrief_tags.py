"""Template helpers shared by the job seeker's pages and the adviser's read-only view of them."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def record_url(context, name: str, *args) -> str:
    """Link within a job seeker's record.

    The same templates render the job seeker's own pages and, with `record_client` in the
    context, an adviser's read-only view of that client's record: there `application-detail`
    becomes `adviser-application-detail` under the client's id.
    """
    client = context.get("record_client")
    if client is not None:
        return reverse(f"debrief:adviser-{name}", args=[client.pk, *args])
    return reverse(f"debrief:{name}", args=args)
