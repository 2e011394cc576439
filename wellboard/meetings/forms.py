import re

from django import forms
from django.utils.html import format_html, format_html_join

from wellboard.core.forms import GovukForm
from wellboard.directory.models import Person

from .models import Meeting, Paper, Recommendation
from .models.privacy import Part


class ApproveMinutesForm(GovukForm):
    at_meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label="Approved at the meeting of",
                                        help_text="A later meeting of the same body that has been held",
                                        widget=forms.Select(attrs={"class": "govuk-select"}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = Meeting.objects.filter(body=meeting.body, date__gt=meeting.date) \
            .exclude(status=Meeting.Status.CANCELLED).order_by("date")
        self.fields["at_meeting"].label_from_instance = lambda m: f"{m.date:%-d %B %Y} ({m.get_status_display()})"


class DraftResolutionsForm(GovukForm):
    paper = forms.ModelChoiceField(queryset=Paper.objects.none(), label="Paper whose recommendations to draft from")

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].queryset = Paper.objects.filter(meeting=meeting).exclude(recommendations=None)


class ActionForm(GovukForm):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}), label="Action")
    owner = forms.ModelChoiceField(queryset=Person.objects.all(), required=False, label="Owner",
                                   empty_label="No owner yet", widget=forms.Select(attrs={"class": "govuk-select"}))
    due_date = forms.DateField(required=False, label="Due date", help_text="For example, 27 3 2017 or 2017-03-27",
                               input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
                               widget=forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"}))


class VersionedEditForm(GovukForm):
    """An edit form remembers which saved version it was drawn from, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


CLAUSE_LINE = re.compile(r"^\(([^()\s]*)\)\s*(.*)$")


class ClausesField(forms.CharField):
    """Lettered clauses under one resolution number, typed one to a line: "(a) notes the report".
    A line not starting with a bracketed label continues the clause above it."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"({c['label']}) {c['text']}" for c in value)
        return value

    def clean(self, value):
        from .workflows import clause_problem
        text = super().clean(value)
        clauses, lines = [], {}
        for n, line in enumerate((text or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = CLAUSE_LINE.match(line.strip())
            if match:
                clauses.append({"label": match[1], "text": match[2].strip()})
                lines[len(clauses) - 1] = n
            elif clauses:
                clauses[-1]["text"] = f"{clauses[-1]['text']}\n{line.strip()}".strip()
            else:
                raise forms.ValidationError(f"Line {n} does not start with a clause letter in brackets, such as (a).")
        for i in range(len(clauses)):
            if problem := clause_problem(clauses[:i + 1]):
                # Name the line too: the clerk is looking at a box of lines, not a list.
                raise forms.ValidationError(f"Line {lines[i]}: {problem}")
        return clauses


class ResolutionEditForm(VersionedEditForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-textarea"}), label="Resolved")
    clauses = ClausesField(required=False, label="Lettered clauses",
                           help_text="One clause a line, starting with its letter in brackets, for example "
                                     "(a) notes the report. Leave empty when the resolution has none.",
                           widget=forms.Textarea(attrs={"rows": 6, "class": "govuk-textarea"}))


class ParagraphEditForm(VersionedEditForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "class": "govuk-textarea"}), label="Minute paragraph",
                           strip=False)


class ScheduleMeetingForm(GovukForm):
    date = forms.DateField(label="Date", help_text="For example, 2017-03-27", input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    start_time = forms.TimeField(label="Start time", required=False, help_text="For example, 09:30")
    venue = forms.CharField(label="Venue", required=False, max_length=300)
    kind = forms.ChoiceField(label="Kind of meeting", choices=Meeting.Kind.choices)


class WorkProgrammeForm(GovukForm):
    title = forms.CharField(label="Report title", max_length=400)
    target_meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), required=False, label="For the meeting of",
                                            empty_label="Not yet scheduled")
    when_text = forms.CharField(label="When", required=False, max_length=200,
                                help_text='The timing as the forward plan prints it, e.g. "Autumn 2018"',
                                error_messages={"max_length": "The timing must be %(limit_value)d characters or "
                                                              "fewer (it has %(show_value)d)."})
    # Missing means Part A, as the forward plan is published; anything else but A or B is refused.
    part = forms.ChoiceField(label="Part", required=False, choices=[("", "Part A (public)"), *Part.choices],
                             error_messages={"invalid_choice": "Choose Part A (public) or Part B (private)."})
    lead_officer = forms.CharField(label="Lead officer", required=False, max_length=200)
    author = forms.CharField(label="Author", required=False, max_length=200, help_text='"TBC" if not known')

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_meeting"].queryset = Meeting.objects.filter(body=body).order_by("date")


class RescheduleForm(GovukForm):
    to_meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), required=False, label="Move to the meeting of",
                                        empty_label="Not yet scheduled")
    reason = forms.CharField(label="Reason", required=False, max_length=500)

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_meeting"].queryset = Meeting.objects.filter(body=body).order_by("date")


def take_errors(form, exc) -> None:
    """Put a workflow's refusal on the form: on its field where it names one, else on the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


DATE_FORMATS = ["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"]


class ActionEditForm(GovukForm):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}), label="Action")
    owner = forms.ModelChoiceField(queryset=Person.objects.all(), required=False, label="Owner",
                                   empty_label="No owner yet", widget=forms.Select(attrs={"class": "govuk-select"}))
    due_date = forms.DateField(required=False, label="Due date", help_text="For example, 2017-03-27",
                               input_formats=DATE_FORMATS,
                               widget=forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"}))


class WithdrawActionForm(GovukForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
                             label="Why is the action no longer needed?")


class ActionNoteForm(GovukForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}), label="Progress note")


class MinuteItemForm(GovukForm):
    agenda_item = forms.ModelChoiceField(queryset=Meeting.objects.none(), required=False, label="For the agenda item",
                                         empty_label="None: a free minute item",
                                         widget=forms.Select(attrs={"class": "govuk-select"}))
    title = forms.CharField(required=False, max_length=400, label="Title",
                            help_text="Left empty, the agenda item's title is used",
                            widget=forms.TextInput(attrs={"class": "govuk-input"}))
    number = forms.CharField(required=False, max_length=10, label="Number",
                             widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-4"}))
    part = forms.ChoiceField(required=False, label="Part (for a free item)",
                             choices=[("", "Choose"), ("A", "Part A (public)"), ("B", "Part B (private)")],
                             help_text="An item for an agenda item takes that item's part",
                             widget=forms.Select(attrs={"class": "govuk-select"}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import AgendaItem
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)


class ParagraphAddForm(GovukForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}), strip=False,
                           label="New minute paragraph")
    number = forms.CharField(required=False, max_length=12, label="Paragraph number",
                             help_text="Left empty, the next number of the item is used",
                             widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}))


class PaperForm(GovukForm):
    title = forms.CharField(max_length=400, label="Title", widget=forms.TextInput(attrs={"class": "govuk-input"}))
    report_of = forms.CharField(max_length=300, required=False, label="Report of",
                                widget=forms.TextInput(attrs={"class": "govuk-input"}))
    sponsor = forms.CharField(max_length=300, required=False, label="Sponsor",
                              widget=forms.TextInput(attrs={"class": "govuk-input"}))
    purpose = forms.CharField(required=False, label="Purpose", widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}))
    summary = forms.CharField(required=False, label="Summary", widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-textarea"}))
    information = forms.CharField(required=False, label="Information",
                                  widget=forms.Textarea(attrs={"rows": 8, "class": "govuk-textarea"}))
    background_papers = forms.CharField(required=False, label="Background papers",
                                        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}))


class SignoffForm(GovukForm):
    initials = forms.CharField(max_length=10, required=False, label="Initials",
                               help_text="Of the officer who signed off; not a placeholder such as (xx) or TBC",
                               widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}))
    date = forms.DateField(required=False, label="Date", help_text="For example, 2017-03-27", input_formats=DATE_FORMATS,
                           widget=forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"}))
    text = forms.CharField(required=False, label="Comments",
                           widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}))


# ---------------------------------------------------------------- papers (workflows_papers)


class PaperCreateForm(GovukForm):
    title = forms.CharField(max_length=400, required=False, label="Title of the paper",
                            help_text="Left empty, the agenda item's title is used",
                            widget=forms.TextInput(attrs={"class": "govuk-input"}))


class DatalistInput(forms.TextInput):
    """A text input offering suggestions (an HTML datalist) while taking any wording."""

    def __init__(self, options, list_id, attrs=None):
        super().__init__({**(attrs or {}), "list": list_id, "autocomplete": "off"})
        self.options, self.list_id = list(options), list_id

    def render(self, name, value, attrs=None, renderer=None):
        options = format_html_join("", '<option value="{}"></option>', ((o,) for o in self.options))
        return super().render(name, value, attrs, renderer) + format_html(
            '<datalist id="{}">{}</datalist>', self.list_id, options)


class RecommendationForm(GovukForm):
    verb = forms.CharField(
        label="The body is asked to", required=False, max_length=Recommendation._meta.get_field("verb").max_length,
        help_text="For example Note, Agree or Approve, or the paper's own wording such as Consider",
        error_messages={"max_length": "What the body is asked to do must be %(limit_value)d characters or fewer "
                                      "(it has %(show_value)d)."},
        widget=DatalistInput(Recommendation.Verb.values, "verb-suggestions",
                             attrs={"class": "govuk-input govuk-input--width-20"}))
    text = forms.CharField(required=False, label="Recommendation", help_text="For example: the progress made on savings",
                           widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}))


class ImplicationsForm(GovukForm):
    """One textarea per heading of the boards' template (models.papers.IMPLICATIONS)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .workflows_papers import IMPLICATION_LABELS
        for key, label in IMPLICATION_LABELS.items():
            self.fields[key] = forms.CharField(required=False, label=label,
                                               widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}))


class ContactForm(GovukForm):
    name = forms.CharField(max_length=200, required=False, label="Name",
                           widget=forms.TextInput(attrs={"class": "govuk-input"}))
    role = forms.CharField(max_length=300, required=False, label="Job title",
                           widget=forms.TextInput(attrs={"class": "govuk-input"}))
    phone = forms.CharField(max_length=60, required=False, label="Telephone",
                            widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}))
    email = forms.CharField(max_length=200, required=False, label="Email",
                            widget=forms.TextInput(attrs={"class": "govuk-input"}))


class ResolutionAddForm(GovukForm):
    text = forms.CharField(required=False, label="Resolved", help_text="What the body resolved, in its own words",
                           widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-textarea"}))
