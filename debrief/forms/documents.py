"""A CV or cover-letter version: its file, its name, and the applications it was sent with."""

from pathlib import Path

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.forms.applications import two_columns
from debrief.models import TEXT_LIMITS, Application, Document
from debrief.services.documents import DocumentRefused, check_upload


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "file", "applications"]
        widgets = {
            "applications": forms.CheckboxSelectMultiple,
            "file": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
        }
        help_texts = {
            "file": _("A PDF, Word (.docx) or OpenDocument (.odt) file of up to 10 MB."),
            "applications": _(
                "The applications you sent this version with: your preparation sheet links it."
            ),
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = Application.objects.for_user(owner)
        if self.instance.pk:
            # A version's file does not change: upload a new version instead.
            del self.fields["file"]
        else:
            # A missing name would send the form back, and a browser never refills a file box:
            # the chosen file would have to be chosen again (WCAG 2.2 3.3.7). Its name serves.
            self.fields["title"].required = False
            self.fields["title"].help_text = _(
                "How you tell your versions apart, e.g. “CV for data roles, v3”. "
                "Left empty, it is the file's name."
            )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        fields = [two_columns("kind", "title"), "applications"]
        if "file" in self.fields:
            fields.insert(1, "file")
        self.helper.layout = Layout(*fields, Submit("save", _("Save document")))

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and not cleaned.get("title"):
            cleaned["title"] = Path(upload.name).stem[: TEXT_LIMITS["document"]["title"]]
        return cleaned

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.instance.content_type = check_upload(upload)
        except DocumentRefused as error:
            raise forms.ValidationError(str(error)) from error
        self.instance.original_name = upload.name[-255:]
        self.instance.size = upload.size
        return upload
