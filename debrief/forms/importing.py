"""The import's two forms: the file, and how its columns map to Debrief's fields."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from debrief.models import ImportBatch
from debrief.services.import_files import MAX_BYTES, FileRefused, read_table
from debrief.services.import_layouts import FIELDS


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet file"),
        help_text=format_lazy(
            _(
                "A CSV file or an Excel workbook (.xlsx) of up to {rows} applications, one a "
                "row, with the column names on the first row: exports from Huntr, Teal and "
                "LinkedIn work as they are."
            ),
            rows=f"{ImportBatch.MAX_ROWS:,}",
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s MB: Debrief imports files up to %(most)s MB "
                    "(2,000 applications take well under 1 MB)."
                )
                % {
                    "size": f"{upload.size / 1024 / 1024:.1f}",
                    "most": MAX_BYTES // 1024 // 1024,
                }
            )
        try:
            self.table = read_table(upload.name, upload.read())
        except FileRefused as error:
            raise forms.ValidationError(str(error)) from error
        return upload


NOT_IN_FILE = ""
DATE_ORDER = [
    ("day", _("Day first, as in the UK: 03/11/2026 is 3 November")),
    ("month", _("Month first, as in the US: 11/03/2026 is 3 November")),
]


class MappingForm(forms.Form):
    """One choice of column a Debrief field; a column serves one field."""

    def __init__(self, *args, batch: ImportBatch, **kwargs):
        super().__init__(*args, **kwargs)
        examples = [
            next((cells[i] for _, cells in batch.cells if i < len(cells) and cells[i]), "")
            for i in range(len(batch.header))
        ]
        columns = [
            (str(index), f"{name} (e.g. “{example[:30]}”)" if example else name)
            for index, (name, example) in enumerate(zip(batch.header, examples, strict=True))
        ]
        for field in FIELDS:
            self.fields[field.name] = forms.ChoiceField(
                label=field.label,
                choices=[(NOT_IN_FILE, _("— Not in my file —")), *columns],
                required=field.required,
                initial=str(batch.mapping[field.name]) if field.name in batch.mapping else "",
                error_messages={
                    "required": _(
                        "Choose the column that holds the %(field)s: Debrief needs it for "
                        "every application."
                    )
                    % {"field": str(field.label).lower()}
                },
            )
        self.fields["date_order"] = forms.ChoiceField(
            label=_("How does the file write dates such as 03/11/2026?"),
            choices=DATE_ORDER,
            widget=forms.RadioSelect,
            initial="day" if batch.day_first else "month",
            help_text=_("Dates such as 2026-11-03 and 3 Nov 2026 are read either way."),
        )

    def clean(self):
        cleaned = super().clean()
        used = {}
        for field in FIELDS:
            column = cleaned.get(field.name)
            if not column:
                continue
            if column in used:
                self.add_error(
                    field.name,
                    _("That column is already the %(field)s: choose another, or “Not in my file”.")
                    % {"field": str(used[column]).lower()},
                )
            else:
                used[column] = field.label
        return cleaned

    @property
    def mapping(self) -> dict[str, int]:
        return {
            field.name: int(self.cleaned_data[field.name])
            for field in FIELDS
            if self.cleaned_data.get(field.name)
        }

    @property
    def day_first(self) -> bool:
        return self.cleaned_data["date_order"] == "day"
