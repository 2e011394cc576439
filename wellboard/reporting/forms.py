"""Forms of the reporting cycle, drawn with the GOV.UK field partial (core/_field.html)."""

import re

from django import forms
from django.core.exceptions import ValidationError

from wellboard.core.models import RagRating

from .workflows import NewValue

VALUE_ROWS = 3


class GovukForm(forms.Form):
    """Adds GOV.UK classes and ties each input to its hint and inline error for screen readers."""

    CLASSES = {forms.Textarea: "govuk-textarea", forms.Select: "govuk-select"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            widget.attrs.setdefault("class", self.CLASSES.get(type(widget), "govuk-input"))
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{name}-hint"

    def add_error(self, field, error):
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                for message in messages:
                    self._add_one(self.field_for_error(key, message), message)
            return
        super().add_error(field, error)
        if field in self.fields:
            self._mark(field)

    def _add_one(self, field, message):
        super().add_error(field if field in self.fields else None, message)
        if field in self.fields:
            self._mark(field)

    def _mark(self, name):
        widget = self.fields[name].widget
        base = widget.attrs.get("class", "").split()[0]
        if f"{base}--error" not in widget.attrs["class"]:
            widget.attrs["class"] += f" {base}--error"
        ids = (widget.attrs.get("aria-describedby", "") + f" {name}-error").split()
        widget.attrs["aria-describedby"] = " ".join(dict.fromkeys(ids))

    def field_for_error(self, key, message):
        return key if key in self.fields else None

    def take_errors(self, exc: ValidationError):
        """Show a workflow's refusal on the form: field errors inline, the rest in the summary."""
        if hasattr(exc, "error_dict"):
            self.add_error(None, exc)
        else:
            for message in exc.messages:
                super().add_error(None, message)


class OpenCycleForm(GovukForm):
    period = forms.CharField(label="Reporting period", max_length=200,
                             help_text='As the plan\'s column is headed, for example "Update June 2019" or '
                                       '"Q3 2018/19". An existing period is reused.')
    due = forms.DateField(label="Updates due by", help_text="For example 2019-06-28 or 28/06/2019",
                          input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"],
                          error_messages={"required": "Enter the date updates are due.",
                                          "invalid": "Enter the due date as a real date, for example 2019-06-28."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].error_messages["required"] = "Enter the reporting period, for example Update June 2019."


class UpdateForm(GovukForm):
    commentary = forms.CharField(label="Update", widget=forms.Textarea(attrs={"rows": 8}), required=False,
                                 help_text="What has been done and what is next. Lists and emphasis are kept.")
    rag = forms.ModelChoiceField(label="Officer RAG", queryset=RagRating.objects.none(), required=False,
                                 empty_label="No rating", to_field_name="code")
    reason = forms.CharField(label="Reason for the rating", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             help_text="Required when your rating differs from the RAG the indicators give.")

    def __init__(self, *args, scale, with_values=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag"].queryset = scale.ratings.all()
        self.fields["rag"].widget.attrs["class"] = "govuk-select"
        self.value_rows = []
        if with_values:
            for n in range(1, VALUE_ROWS + 1):
                row = {
                    f"period_{n}": forms.CharField(label=f"Period of value {n}", required=False, max_length=60,
                                                   help_text="For example 2019/20, Q1 2019/20 or Jun 2019"),
                    f"value_{n}": forms.CharField(label=f"Value {n}", required=False, max_length=40),
                    f"note_{n}": forms.CharField(label=f"Note on value {n}", required=False, max_length=500),
                }
                self.fields.update(row)
                for name, field in row.items():
                    field.widget.attrs["class"] = "govuk-input govuk-input--width-20"
                    if field.help_text:
                        field.widget.attrs["aria-describedby"] = f"{name}-hint"
                self.value_rows.append([self[name] for name in row])

    def field_for_error(self, key, message):
        if key == "values":
            match = re.match(r"Value (\d+):", message)
            return f"period_{match.group(1)}" if match else "period_1"
        return super().field_for_error(key, message)

    def new_values(self):
        data = self.cleaned_data
        return [NewValue(data.get(f"period_{n}", ""), data.get(f"value_{n}", ""), "", data.get(f"note_{n}", ""))
                for n in range(1, VALUE_ROWS + 1) if f"period_{n}" in self.fields]


class ReturnForm(GovukForm):
    comment = forms.CharField(label="What should the lead change?", widget=forms.Textarea(attrs={"rows": 4}),
                              required=False, help_text="The lead sees this comment with the returned update.")
