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


class ResolutionEditForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Resolved")
