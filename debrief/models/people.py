"""People and roles: the user account and its look-ups."""

import re
import unicodedata
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.identity import normalise_email
from debrief.models.advisers import AccessStatus
from debrief.models.fields import choices_constraint, limited_char_field
from debrief.summaries import record_version

if TYPE_CHECKING:
    from debrief.models.organisations import Membership


class UserQuerySet(models.QuerySet):
    def with_email(self, value: str | None) -> "UserQuerySet":
        """The account of an address however it is spelt: the one way Debrief finds a person by
        email (an exact match on the stored canonical form; see debrief.identity)."""
        return self.filter(email=normalise_email(value))

    def reachable(self) -> "UserQuerySet":
        """Active accounts whose owner confirmed the address: the only ones Debrief emails
        (besides confirmation and password reset) and the only ones an adviser can find. A
        member of staff their careers service deactivated is neither: no email may name a
        client to them any more. The one copy of the rule: `debrief.emails.may_email` asks it
        of one person, the delivery of a batch of notifications once for the batch."""
        return self.filter(is_active=True, email_confirmed_at__isnull=False).exclude(
            membership__deactivated_at__isnull=False
        )

    def clients_of(self, adviser: "User") -> "UserQuerySet":
        """The people whose record this adviser may read now: their consent is active. The one
        place that answers "is this person this adviser's client?"."""
        if not adviser.may_act_as_adviser:
            return self.none()
        return self.filter(
            adviser_accesses__adviser=adviser, adviser_accesses__status=AccessStatus.ACTIVE
        )


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("email_confirmed_at", timezone.now())
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(email=normalise_email(username))


# A web address in a name would be made a link by mail programs, where it could pass for
# Debrief's own: "www.x", "http://…" and word.word (as in "evil.com") are refused.
LOOKS_LIKE_A_LINK = re.compile(r"://|www\.|@|\w\.[^\W\d_]{2,}", re.IGNORECASE)


# A name is shown in quotes in emails (“Sam Taylor” (sam@…)); quote marks of its own could close
# them and make the rest read as Debrief's words.
QUOTE_MARKS = set('"“”„‟«»‹›「」『』〝〞＂')


# Control and format characters, line and paragraph separators: line breaks, bidi overrides and
# invisible characters that would let a name rearrange the words around it.
BREAKING_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def validate_display_name(value: str) -> None:
    # Compatibility forms first: a full-width "ｅｖｉｌ．ｃｏｍ" is "evil.com" to a mail program.
    value = unicodedata.normalize("NFKC", value)
    if QUOTE_MARKS & set(value):
        raise ValidationError(_("A name cannot contain quotation marks."), code="quote_marks")
    if any(unicodedata.category(char) in BREAKING_CATEGORIES for char in value):
        raise ValidationError(
            _("Use letters, spaces and punctuation only: no line breaks or invisible characters."),
            code="control_characters",
        )
    if LOOKS_LIKE_A_LINK.search(value):
        raise ValidationError(
            _(
                "A name cannot contain a web or email address (or two words joined by a dot, "
                "such as “St.John”: write “St John”)."
            ),
            code="link",
        )


class Language(models.TextChoices):
    """The languages Debrief speaks (settings.LANGUAGES), each named in itself, as the switch
    shows them. Blank on an account: never chosen, so the browser's language is used and emails
    are in English."""

    ENGLISH = "en-gb", "English"
    WELSH = "cy", "Cymraeg"


class UserRole(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("Job seeker")
    ADVISER = "adviser", _("Careers adviser")


class User(AbstractBaseUser, PermissionsMixin):
    Role = UserRole

    # The canonical spelling (debrief.identity.normalise_email), kept so by `save()`: the unique
    # index on it is the one place that says "one address, one account".
    email = models.EmailField(_("Email"), max_length=254, unique=True)
    display_name = limited_char_field(
        _("Display name"), "user", "display_name", validators=[validate_display_name]
    )
    role = models.CharField(max_length=20, choices=Role, default=Role.JOB_SEEKER)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the person follows the link sent to their address (or when staff create the
    # account): until then Debrief sends that address nothing else and no adviser can find it.
    email_confirmed_at = models.DateTimeField(_("Email confirmed"), null=True, blank=True)
    # Chosen with the language switch while signed in (or before signing in, then kept): the
    # pages, and the emails and reminders Debrief sends this person, are in it.
    language = models.CharField(
        _("Language"), max_length=8, choices=Language, blank=True, default="", db_default=""
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        # Their advisers' caseloads show the name and address (debrief/summaries).
        triggers = record_version.user_triggers()
        ordering = ["display_name", "email"]
        constraints = [
            choices_constraint("role", UserRole, "user"),
            models.CheckConstraint(
                condition=Q(language__in=["", *Language.values]), name="user_language_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def save(self, *args, **kwargs):
        # Every way an account is written (sign-up, the admin, commands, migrations of data)
        # stores the one spelling that every look-up compares with.
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)
        if (
            self.pk is not None
            and self.role != UserRole.ADVISER
            and User.objects.filter(pk=self.pk, membership__isnull=False).exists()
        ):
            raise ValidationError(
                {"role": _("This account is on a careers service's staff: it stays an adviser.")}
            )

    @property
    def is_adviser(self) -> bool:
        return self.role == self.Role.ADVISER

    @property
    def current_membership(self) -> "Membership | None":
        """This person's place in a careers service's staff, unless they were deactivated.
        Loaded with the user by `debrief.auth.UserBackend`: no query per request."""
        try:
            membership = self.membership
        except ObjectDoesNotExist:
            return None
        return membership if membership.is_current else None

    @property
    def may_act_as_adviser(self) -> bool:
        """An adviser account that no careers service has deactivated: a deactivated member
        loses every client's record at once (their consent stays, unusable, until handed
        over or revoked)."""
        if not self.is_adviser:
            return False
        try:
            return self.membership.is_current
        except ObjectDoesNotExist:
            return True

    @property
    def is_service_admin(self) -> bool:
        """A current admin of a careers service, on an adviser account: only those pass two-step
        sign-in on every page."""
        membership = self.current_membership
        return self.is_adviser and membership is not None and membership.is_admin

    @property
    def has_confirmed_email(self) -> bool:
        return self.email_confirmed_at is not None

    def confirm_email(self) -> None:
        """The owner of the address has shown they read it (a confirmation link or a password
        reset sent to it). Confirming again changes nothing."""
        if self.email_confirmed_at is None:
            self.email_confirmed_at = timezone.now()
            self.save(update_fields=["email_confirmed_at"])

    def get_short_name(self) -> str:
        return self.display_name
