"""Forms of the clerk's agenda, attendance, declaration and meeting pages (GOV.UK field partial)."""

from django import forms

from wellboard.core.forms import GovukForm
from wellboard.directory.models import Person

from .models import AgendaItem, Attendance, Declaration, Paper
from .models.privacy import Part
from .workflows_agenda import SCHEDULE_12A, ItemFields, exemption_text

DATE_FORMATS = ["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"]


class AgendaItemForm(GovukForm):
    title = forms.CharField(label="Title", max_length=400)
    kind = forms.ChoiceField(label="Kind of item", choices=AgendaItem.Kind.choices, initial=AgendaItem.Kind.DISCUSSION)
    section = forms.CharField(label="Section", required=False, max_length=300,
                              help_text='The heading it sits under, for example "Items for discussion/action"')
    presenters = forms.CharField(label="Presenters", required=False, max_length=600,
                                 help_text="Names separated by semicolons")
    paper = forms.ModelChoiceField(label="Paper", queryset=Paper.objects.none(), required=False,
                                   empty_label="No paper")
    to_follow = forms.BooleanField(label='Paper "to follow"', required=False)
    numbered = forms.BooleanField(label="Give the item a number", required=False, initial=True)
    part = forms.ChoiceField(label="Part", choices=Part.choices, initial=Part.A,
                             help_text="Part B items are discussed in private; only members and clerks see them")
    exemption_paragraph = forms.ChoiceField(
        label="Exemption (Part B)", required=False,
        choices=[("", "Choose a paragraph")] + [(k, f"Paragraph {k}: {v}") for k, v in SCHEDULE_12A.items()],
        help_text="Local Government Act 1972, Schedule 12A")
    exemption_detail = forms.CharField(label="Exemption details (Part B)", required=False, max_length=150,
                                       help_text='Optional, or instead of a paragraph, for example "informal"')

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].queryset = Paper.objects.filter(meeting=meeting).order_by("title")
        for name in ("to_follow", "numbered"):
            self.fields[name].widget.attrs["class"] = "govuk-checkboxes__input"

    @staticmethod
    def initial_for(item: AgendaItem) -> dict:
        paragraph, detail = "", item.exemption
        prefix = "Schedule 12A paragraph "
        if detail.startswith(prefix):
            paragraph, _, detail = detail.removeprefix(prefix).partition(":")
            paragraph, detail = paragraph.strip(), detail.strip()
        return {"title": item.title, "kind": item.kind, "section": item.section,
                "presenters": "; ".join(item.presenters or []), "paper": Paper.objects.filter(agenda_item=item).first(),
                "to_follow": item.to_follow, "numbered": bool(item.number), "part": item.part,
                "exemption_paragraph": paragraph, "exemption_detail": detail}

    def item_fields(self) -> ItemFields:
        d = self.cleaned_data
        return ItemFields(title=d["title"], part=d["part"],
                          exemption=exemption_text(d["exemption_paragraph"], d["exemption_detail"]),
                          presenters=d["presenters"].split(";"), kind=d["kind"], section=d["section"],
                          to_follow=d["to_follow"], paper=d["paper"], numbered=d["numbered"])


class CancelMeetingForm(GovukForm):
    reason = forms.CharField(label="Why is the meeting cancelled?", widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000, help_text="Shown on the meeting page")


class MoveMeetingForm(GovukForm):
    date = forms.DateField(label="New date", help_text="For example, 2017-03-27", input_formats=DATE_FORMATS)
    start_time = forms.TimeField(label="Start time", required=False, help_text="For example, 09:30")
    end_time = forms.TimeField(label="End time", required=False, help_text="For example, 11:30")
    venue = forms.CharField(label="Venue", required=False, max_length=300)
    reason = forms.CharField(label="Why is the meeting moved?", widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000, help_text="Shown on the meeting page")


class DeclarationForm(GovukForm):
    person = forms.ModelChoiceField(label="Who declared the interest", queryset=Person.objects.all())
    agenda_item = forms.ModelChoiceField(label="Agenda item", queryset=AgendaItem.objects.none(), required=False,
                                         empty_label="Not about one item")
    type = forms.ChoiceField(label="Type of interest", choices=Declaration.Type.choices)
    nature = forms.CharField(label="Nature of the interest", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position")


STATUS_CHOICES = [("", "Not recorded"), (Attendance.Status.PRESENT, "Present"),
                  (Attendance.Status.APOLOGIES, "Apologies"), (Attendance.Status.ABSENT, "Absent")]
OFFICER_ROWS = 2


class AttendanceForm(GovukForm):
    """One row per member on the meeting's date (and anyone else already recorded), then officers.

    Field names carry the member's person id: status_<id>, substitute_<id>, replacement_<id>, first_<id>."""

    def __init__(self, *args, rows, officers, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows, self.officer_rows = [], []
        people = list(people)
        everyone = [(p.pk, p.display_name) for p in people]
        for row in rows:
            pid = row["person"].pk
            named = [(p.pk, p.display_name) for p in row["named_substitutes"]]
            sub_choices = [("", "No substitute")]
            if named:
                sub_choices.append(("Named substitutes", named))
            sub_choices.append(("Anyone else", everyone))
            self.fields[f"status_{pid}"] = forms.ChoiceField(label="Attendance", choices=STATUS_CHOICES,
                                                              required=False, initial=row["status"])
            self.fields[f"substitute_{pid}"] = forms.TypedChoiceField(
                label="Substitute (with apologies)", choices=sub_choices, required=False, coerce=int,
                empty_value=None, initial=row["substitute"])
            self.fields[f"replacement_{pid}"] = forms.TypedChoiceField(
                label="Temporary replacement member for this meeting", choices=[("", "None")] + everyone,
                required=False, coerce=int, empty_value=None, initial=row["replacement"])
            self.fields[f"first_{pid}"] = forms.BooleanField(label="First meeting", required=False,
                                                             initial=row["first_meeting"])
            self.rows.append({**row, "fields": [self[f"status_{pid}"], self[f"substitute_{pid}"],
                                                self[f"replacement_{pid}"]], "first": self[f"first_{pid}"]})
        for n, officer in enumerate(list(officers) + [None] * OFFICER_ROWS):
            self.fields[f"officer_{n}"] = forms.TypedChoiceField(
                label="Officer", choices=[("", "Nobody")] + everyone, required=False, coerce=int, empty_value=None,
                initial=officer.person_id if officer else None)
            self.fields[f"officer_role_{n}"] = forms.CharField(
                label="Role or organisation", required=False, max_length=300,
                initial=officer.representing if officer else "")
            self.officer_rows.append([self[f"officer_{n}"], self[f"officer_role_{n}"]])
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                field.widget.attrs["class"] = "govuk-checkboxes__input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "govuk-select"
        self.officer_count = len(self.officer_rows)
