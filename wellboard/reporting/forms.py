"""Forms of the reporting cycle, drawn with the GOV.UK field partial (core/_field.html)."""

import re

from django import forms

from wellboard.core.forms import GovukForm
from wellboard.core.models import RagRating

from .workflows import NewValue

VALUE_ROWS = 3


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
                                 empty_label="Not rated", to_field_name="code")
    reason = forms.CharField(label="Reason for the rating", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             help_text="Required when your rating differs from the RAG the indicators give.")

    def __init__(self, *args, scale, with_values=False, **kwargs):
        super().__init__(*args, **kwargs)
        if scale is None:  # the plan rates nothing: no RAG to choose, so no reason for one either
            del self.fields["rag"], self.fields["reason"]
        else:
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
