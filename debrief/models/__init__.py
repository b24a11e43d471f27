"""Debrief's domain: a job seeker's applications and what they learn from each interview.

Every rule that must always hold is a database constraint, and the same rule is said in words in
`clean()` so that forms show a message instead of an IntegrityError. One module a domain; every
name is importable from `debrief.models`.
"""

from debrief.models.actions import (  # noqa: F401
    WHAT_YOU_NOW_KNOW,
    ActionArea,
    ActionItem,
    ActionStatus,
    Competency,
    StarAnswer,
)
from debrief.models.advisers import (  # noqa: F401
    AccessLogEntry,
    AccessStatus,
    AdviserAccess,
    AdviserAccessChange,
    AdviserAccessQuerySet,
    AdviserNote,
    SharedAddress,
    ViewerRole,
)
from debrief.models.applications import (  # noqa: F401
    Application,
    ApplicationQuerySet,
    ApplicationStatus,
    Interview,
    InterviewFormat,
    InterviewOutcome,
    InterviewQuerySet,
    InterviewStage,
    OwnedQuerySet,
    StatusChange,
)
from debrief.models.booking import Availability, BookingPolicy  # noqa: F401
from debrief.models.case_notes import CaseNote, ContactType  # noqa: F401
from debrief.models.cohorts import ClientTag, ClientTagging, GroupSession  # noqa: F401
from debrief.models.contacts import Contact, ContactRole  # noqa: F401
from debrief.models.debriefs import (  # noqa: F401
    DEBRIEF_RATINGS,
    Debrief,
    DebriefQuerySet,
    DebriefQuestion,
    Reason,
    reasons_constraint,
    reasons_field,
)
from debrief.models.documents import Document, DocumentKind, DocumentType  # noqa: F401
from debrief.models.evidence import (  # noqa: F401
    AskKind,
    FeedbackAsk,
    FeedbackAskQuerySet,
)
from debrief.models.feedback import (  # noqa: F401
    DIMENSION_CHOICES,
    ONE_OPEN_REQUEST,
    OUTCOMES_FOR_STATUS,
    FeedbackChannel,
    FeedbackOutcome,
    FeedbackRequest,
    FeedbackRequestQuerySet,
    FeedbackStatus,
    Usefulness,
    follow_up_day_passed,
    follow_up_overdue_condition,
    outcome_fits_status,
)
from debrief.models.fields import (  # noqa: F401
    FOLLOW_UP_AFTER,
    TEXT_LIMITS,
    choices_constraint,
    limited_char_field,
    limited_text_field,
    rating_constraint,
    rating_field,
    text_length_constraint,
)
from debrief.models.figures import (  # noqa: F401
    CaseloadFigures,
    DashboardCount,
    RecordVersion,
    ServiceClientMonth,
)
from debrief.models.inbound import (  # noqa: F401
    ADDRESS_PREFIX,
    InboundAddress,
    InboundMessage,
    InboundMessageQuerySet,
    InboundSource,
    InboundStatus,
    new_inbound_secret,
)
from debrief.models.notifications import (  # noqa: F401
    Notification,
    NotificationKind,
    NotificationSettings,
    NotificationStatus,
    Weekday,
    new_calendar_secret,
)
from debrief.models.organisations import (  # noqa: F401
    ClientInvitation,
    ClientInvitationQuerySet,
    Handover,
    HandoverQuerySet,
    HandoverStatus,
    InvitationBatch,
    InvitationStatus,
    Membership,
    MembershipQuerySet,
    MembershipRole,
    Organisation,
    StaffInvitation,
    StaffInvitationQuerySet,
    invitation_lifetime,
)
from debrief.models.people import (  # noqa: F401
    BREAKING_CATEGORIES,
    LOOKS_LIKE_A_LINK,
    QUOTE_MARKS,
    Language,
    User,
    UserManager,
    UserQuerySet,
    UserRole,
    validate_display_name,
)
from debrief.models.records import (  # noqa: F401
    ImportBatch,
    ImportedApplication,
    ImportLayout,
    ImportStatus,
)
from debrief.models.security import (  # noqa: F401
    EnrolmentLink,
    EnrolmentLinkQuerySet,
    FormSubmission,
    SecurityEvent,
    SecurityEventKind,
)
from debrief.models.service_audit import (  # noqa: F401
    AuditAction,
    ServiceAuditEntry,
    ServiceAuditEntryQuerySet,
)
from debrief.models.sessions import KnownDevice, SignedInSession  # noqa: F401
from debrief.models.silence import (  # noqa: F401
    APPLICATION_QUIET_DAYS,
    INTERVIEW_QUIET_DAYS,
    REQUEST_QUIET_WORKING_DAYS,
    ReplySettings,
    SilenceAnswer,
    SilenceAnswerKind,
)
from debrief.models.together import (  # noqa: F401
    ActionSuggestion,
    ActionSuggestionQuerySet,
    Appointment,
    AppointmentKind,
    AppointmentPlace,
    AppointmentQuerySet,
    AppointmentResponse,
    NoteReply,
    SuggestionStatus,
)
