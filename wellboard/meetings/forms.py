from django import forms

from wellboard.core.forms import GovukForm
from wellboard.directory.models import Person

from .models import Meeting, Paper, Recommendation


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


class ResolutionEditForm(VersionedEditForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-textarea"}), label="Resolved")


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


class RecommendationForm(GovukForm):
    verb = forms.ChoiceField(label="The body is asked to", choices=[("", "Choose"), *Recommendation.Verb.choices],
                             required=False, widget=forms.Select(attrs={"class": "govuk-select"}))
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
