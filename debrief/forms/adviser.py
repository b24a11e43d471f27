"""Forms of the adviser's pages: caseload search, access requests, notes and two-factor codes."""

from contextlib import contextmanager
from typing import NoReturn

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from debrief.models import TEXT_LIMITS, AdviserNote, Interview, User
from debrief.services.caseload import SORTS


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or email"), max_length=100, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS.items(), required=False)
    tag = forms.TypedChoiceField(label=_("Tag"), coerce=int, empty_value=None, required=False)
    attention = forms.BooleanField(label=_("Only those needing attention"), required=False)

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("All clients")), *((t.pk, t.name) for t in tags)]


class RequestAccessForm(forms.Form):
    email = forms.EmailField(
        label=_("Client's email"),
        max_length=254,
        help_text=_(
            "They see your request in their settings (or, without an account, get an "
            "invitation to make one) and choose whether to share."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


NOTE_MAX_LENGTH = TEXT_LIMITS["advisernote"]["text"]


class AdviserNoteForm(forms.ModelForm):
    class Meta:
        model = AdviserNote
        fields = ["text", "interview"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "text": format_lazy(
                _(
                    "Your client reads your notes on their dashboard. Keep each one short: "
                    "{limit} characters at most."
                ),
                limit=f"{NOTE_MAX_LENGTH:,}",
            )
        }

    def __init__(self, *args, client: User, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this client's interviews: another person's interview is not an option.
        interviews = Interview.objects.for_user(client).select_related("application")
        self.fields["interview"].queryset = interviews
        self.fields["interview"].empty_label = _("Not about one interview")
        self.fields["interview"].label_from_instance = lambda interview: (
            _("%(application)s — %(stage)s, %(date)s")
            % {
                "application": interview.application,
                "stage": interview.get_stage_display(),
                "date": date_format(timezone.localtime(interview.scheduled_at), "j M Y"),
            }
        )


@contextmanager
def throttle_set_aside(device, spared: bool):
    """For an adviser's own browser (debrief.devices.two_step_trusted), the authenticator's
    throttle, which anyone holding the password can run up from another browser, is set aside
    for this one check and put back as it was when the code is wrong: the browser has a limit of
    its own (debrief.ratelimits). A right code clears it, as django-otp does."""
    if not spared:
        yield
        return
    count, timestamp = device.throttling_failure_count, device.throttling_failure_timestamp
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    try:
        yield
    finally:
        if device.throttling_failure_count:
            device.throttling_failure_count = count
            device.throttling_failure_timestamp = timestamp
            device.save(update_fields=["throttling_failure_count", "throttling_failure_timestamp"])


class DeviceCodeForm(forms.Form):
    """A code checked against one of the user's two-step devices, whose throttle it obeys."""

    def __init__(self, *args, device, spared: bool = False, held_back: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        # The adviser's own browser: the device's throttle is set aside for it (throttle_set_aside).
        self.spared = spared
        # The adviser's own browser used up its own limit (debrief.ratelimits).
        self.held_back = held_back
        # Set when a code was refused (wrong, or too many tries): the view logs it.
        self.refused = False

    def refuse(self, message: str) -> NoReturn:
        self.refused = True
        raise forms.ValidationError(message)


class TokenForm(DeviceCodeForm):
    """A six-digit code from the adviser's authenticator app, checked against their device."""

    # Room for a pasted "123 456" or "123-456", as apps copy it (WCAG 3.3.8: nothing to retype).
    token = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        help_text=_("From your authenticator app. A new code appears every 30 seconds."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_token(self) -> str:
        with throttle_set_aside(self.device, self.spared):
            return self.checked_token()

    def checked_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split()).replace("-", "")
        if not (len(token) == 6 and token.isascii() and token.isdigit()):
            raise forms.ValidationError(_("Enter the 6 digits shown in your authenticator app."))
        allowed, _why = self.device.verify_is_allowed()
        allowed = allowed and not self.held_back
        if not allowed:
            self.refuse(_("Too many wrong codes. Wait a minute, then enter the newest code."))
        if not self.device.verify_token(token):
            self.refuse(
                _(
                    "That code did not match. Check your app shows Debrief and enter the newest "
                    "code."
                )
            )
        return token


NO_SUCH_RECOVERY_CODE = _("That recovery code did not match, or it has been used already.")


class RecoveryCodeForm(DeviceCodeForm):
    """One of the adviser's single-use recovery codes, instead of a code from the app."""

    code = forms.CharField(
        label=_("Recovery code"),
        max_length=20,
        help_text=_(
            "One of the ten codes you saved when you set up two-step sign-in. Each works once."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        with throttle_set_aside(self.device, self.spared):
            return self.checked_code()

    def checked_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).replace("-", "").lower()
        allowed, _why = self.device.verify_is_allowed()
        allowed = allowed and not self.held_back
        if not allowed:
            self.refuse(_("Too many wrong codes. Wait a minute, then try again."))
        if not (code.isascii() and code.isalnum()):
            # Counted as a wrong guess all the same.
            self.device.throttle_increment()
            self.refuse(NO_SUCH_RECOVERY_CODE)
        if not self.device.verify_token(code):
            self.refuse(NO_SUCH_RECOVERY_CODE)
        return code
