"""Forms of a careers service's own pages: inviting staff and handing over clients."""

from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.forms.accounts import NormalisedEmailField
from debrief.forms.together import InvitedSignUpForm
from debrief.models import TEXT_LIMITS, Membership, Organisation, validate_display_name
from debrief.services import organisations


class InviteStaffForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name"),
        max_length=TEXT_LIMITS["staffinvitation"]["display_name"],
        validators=[validate_display_name],
        help_text=_("As clients will see it, e.g. “Bea Jones”."),
    )
    email = NormalisedEmailField(
        label=_("Email"),
        max_length=TEXT_LIMITS["staffinvitation"]["email"],
        help_text=_("Their work address. The invitation link goes there and works once."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.ADVISER,
        widget=forms.RadioSelect,
        help_text=_("A service admin also runs the service's staff and reads its outcome report."),
    )


class HandoverForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("Hand over to"),
        queryset=Membership.objects.none(),
        empty_label=_("Choose an adviser"),
        help_text=_("Each client is asked; nothing moves without their yes."),
    )
    reason = forms.CharField(
        label=_("Reason, told to each client"),
        required=False,
        max_length=TEXT_LIMITS["handover"]["reason"],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "In a sentence, e.g. “Alex is leaving the service at the end of December.” "
            "Each client reads it in the email that asks them."
        ),
    )

    def __init__(self, *args, organisation: Organisation, leaving: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        # Only current members of this service, and not the adviser whose clients these are.
        field.queryset = (
            organisations.joined(organisation=organisation)
            .filter(deactivated_at__isnull=True)
            .exclude(pk=leaving.pk)
            .select_related("user")
            .order_by("user__display_name", "pk")
        )
        field.label_from_instance = lambda member: (
            f"{member.user.display_name} ({member.user.email})"
        )


class StaffJoinForm(InvitedSignUpForm):
    """Joining a service from its invitation: the name and a password; the address is the one
    the invitation was sent to, shown, not typed."""

    class Meta(InvitedSignUpForm.Meta):
        help_texts = {"display_name": _("As your clients and colleagues will see it.")}
