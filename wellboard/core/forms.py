"""The one GOV.UK form base every page's form uses, drawn with core/_field.html.

It adds the design system's classes, ties each input to its hint and inline error for screen
readers (aria-describedby), and puts a workflow's refusal on the form: field errors inline and
in the summary (linked to the field), the rest in the summary only.
"""

from django import forms
from django.core.exceptions import ValidationError


class DrawnAt(forms.Form):
    """For edit forms of records checked with `core.concurrency.check_unchanged`."""

    drawn_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def restamp(self, current) -> None:
        """After a refused stale save: keep what was typed, but let the next save go through."""
        data = self.data.copy()
        data["drawn_at"] = current.updated_at.isoformat()
        self.data = data


class GovukForm(forms.Form):
    CLASSES = {forms.Textarea: "govuk-textarea", forms.Select: "govuk-select",
               forms.CheckboxInput: "govuk-checkboxes__input", forms.SelectMultiple: "govuk-select"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def style(self):
        """Called again by forms that add fields after construction."""
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
        base = (widget.attrs.get("class", "") or "govuk-input").split()[0]
        if f"{base}--error" not in widget.attrs.get("class", ""):
            widget.attrs["class"] = f"{widget.attrs.get('class', base)} {base}--error"
        ids = (widget.attrs.get("aria-describedby", "") + f" {name}-error").split()
        widget.attrs["aria-describedby"] = " ".join(dict.fromkeys(ids))

    def field_for_error(self, key, message):
        """Which field a workflow's error about ``key`` belongs on; forms may map names."""
        return key if key in self.fields else None

    def take_errors(self, exc: ValidationError):
        """Show a workflow's refusal on the form: field errors inline, the rest in the summary."""
        if hasattr(exc, "error_dict"):
            self.add_error(None, exc)
        else:
            for message in exc.messages:
                super().add_error(None, message)
