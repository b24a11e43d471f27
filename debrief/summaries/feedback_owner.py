"""FeedbackRequest.owner: the interview's owner, kept on the request by the database so the
dashboard reads a job seeker's follow-ups along one partial index (owner, follow-up date).

Two row triggers, declared in the models' Meta: a request takes its interview's owner whenever it
is inserted or moved to another interview (or someone writes the column), and an interview given
to another owner hands the new owner to its requests. The application never writes the column.

This module imports no model: FeedbackRequest's and Interview's Meta import it.
"""

import pgtrigger

TAKES_INTERVIEW_OWNER = """
NEW.owner_id := (SELECT owner_id FROM debrief_interview WHERE id = NEW.interview_id);
RETURN NEW;
"""

OWNER_TO_REQUESTS = """
UPDATE debrief_feedbackrequest SET owner_id = NEW.owner_id
WHERE interview_id = NEW.id AND owner_id IS DISTINCT FROM NEW.owner_id;
RETURN NULL;
"""


def request_triggers() -> list[pgtrigger.Trigger]:
    """For FeedbackRequest.Meta.triggers."""
    return [
        pgtrigger.Trigger(
            name="takes_interview_owner",
            level=pgtrigger.Row,
            when=pgtrigger.Before,
            operation=pgtrigger.Insert | pgtrigger.UpdateOf("interview_id", "owner_id"),
            func=TAKES_INTERVIEW_OWNER,
        )
    ]


def interview_triggers() -> list[pgtrigger.Trigger]:
    """For Interview.Meta.triggers."""
    return [
        pgtrigger.Trigger(
            name="owner_to_feedback_requests",
            level=pgtrigger.Row,
            when=pgtrigger.After,
            operation=pgtrigger.UpdateOf("owner_id"),
            condition=pgtrigger.Condition("OLD.owner_id IS DISTINCT FROM NEW.owner_id"),
            func=OWNER_TO_REQUESTS,
        )
    ]


TABLES = ()  # row triggers of their own, not the statement triggers' (stores.after)


def rebuild() -> list[str]:
    return [
        "UPDATE debrief_feedbackrequest AS f SET owner_id = i.owner_id "
        "FROM debrief_interview AS i "
        "WHERE i.id = f.interview_id AND f.owner_id IS DISTINCT FROM i.owner_id"
    ]
