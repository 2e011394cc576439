from django import forms

from wellboard.directory.models import Person

from .models import Meeting, Paper


class ApproveMinutesForm(forms.Form):
    at_meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label="Approved at the meeting of")

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = Meeting.objects.filter(body=meeting.body, date__gt=meeting.date)


class DraftResolutionsForm(forms.Form):
    paper = forms.ModelChoiceField(queryset=Paper.objects.none(), label="Paper whose recommendations to draft from")

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].queryset = Paper.objects.filter(meeting=meeting).exclude(recommendations=None)


class ActionForm(forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Action")
    owner = forms.ModelChoiceField(queryset=Person.objects.all(), required=False, label="Owner")
    due_date = forms.DateField(required=False, label="Due date", help_text="For example, 27 3 2017 or 2017-03-27",
                               input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"])


class VersionedEditForm(forms.Form):
    """An edit form remembers which saved version it was drawn from, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ResolutionEditForm(VersionedEditForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Resolved")


class ParagraphEditForm(VersionedEditForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Minute paragraph", strip=False)


class ScheduleMeetingForm(forms.Form):
    date = forms.DateField(label="Date", help_text="For example, 2017-03-27", input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    start_time = forms.TimeField(label="Start time", required=False, help_text="For example, 09:30")
    venue = forms.CharField(label="Venue", required=False, max_length=300)
    kind = forms.ChoiceField(label="Kind of meeting", choices=Meeting.Kind.choices)


class WorkProgrammeForm(forms.Form):
    title = forms.CharField(label="Report title", max_length=400)
    target_meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), required=False, label="For the meeting of",
                                            empty_label="Not yet scheduled")
    lead_officer = forms.CharField(label="Lead officer", required=False, max_length=200)
    author = forms.CharField(label="Author", required=False, max_length=200, help_text='"TBC" if not known')

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_meeting"].queryset = Meeting.objects.filter(body=body).order_by("date")


class RescheduleForm(forms.Form):
    to_meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), required=False, label="Move to the meeting of",
                                        empty_label="Not yet scheduled")
    reason = forms.CharField(label="Reason", required=False, max_length=500)

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_meeting"].queryset = Meeting.objects.filter(body=body).order_by("date")
