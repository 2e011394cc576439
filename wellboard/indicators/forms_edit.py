"""The coordinator's forms for indicators and their values (GOV.UK helper from plans.forms_edit)."""

from django import forms

from wellboard.core.forms import DrawnAt, GovukForm
from wellboard.directory.models import Organisation, Person

from .models import Indicator, Value
from .workflows_edit import ENTERED_KINDS, ValueInput


class IndicatorForm(DrawnAt, GovukForm):
    code = forms.SlugField(label="Code", max_length=100,
                           help_text="Used in the indicator's web address: lower-case letters, digits and hyphens.",
                           error_messages={"required": "Enter a short code for the indicator's web address.",
                                           "invalid": "Use only lower-case letters, digits and hyphens in the code."})
    number = forms.CharField(label="Number", max_length=20, required=False)
    title = forms.CharField(label="Title", widget=forms.Textarea(attrs={"rows": 2}),
                            error_messages={"required": "Enter the indicator's title."})
    definition = forms.CharField(label="Definition", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    source = forms.CharField(label="Source", max_length=200, required=False,
                             help_text='For example "PHOF 1.01i" or "Citizen Survey"')
    unit = forms.ChoiceField(label="Unit", choices=Indicator.Unit.choices)
    polarity = forms.ChoiceField(label="Polarity: which direction is better", choices=Indicator.Polarity.choices)
    frequency = forms.ChoiceField(label="Frequency", choices=Indicator.Frequency.choices)
    tolerance = forms.CharField(label="Tolerance (amber band)", max_length=20, initial="5%",
                                help_text='A percentage of the target ("5%") or a number of units ("2")',
                                error_messages={"required": "Enter the amber band, for example 5%."})
    lead_person = forms.ModelChoiceField(label="Lead person", queryset=Person.objects.order_by("name"),
                                         required=False, empty_label="No one named")
    lead_organisation = forms.ModelChoiceField(label="Lead organisation", queryset=Organisation.objects.order_by("name"),
                                               required=False, empty_label="No organisation")
    items = forms.ModelMultipleChoiceField(label="Plan items it measures", queryset=None, required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 8}),
                                           help_text="Hold Ctrl (or Cmd) to choose more than one.")

    def __init__(self, *args, items, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
        self.fields["items"].label_from_instance = lambda i: f"{i.kind_label}{' ' + i.number if i.number else ''}: " \
                                                             f"{i.title[:90]}"
        if editing:  # the code is the indicator's address
            del self.fields["code"]


class ValueForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of value", choices=[(k.value, k.label) for k in ENTERED_KINDS])
    period = forms.CharField(label="Period", max_length=60,
                             help_text="For example 2018/19, Q3 2018/19, Feb 2019 or 2015",
                             error_messages={"required": "Enter the period, for example 2018/19."})
    value = forms.CharField(label="Value", max_length=40, required=False, help_text="A number, e.g. 92.3")
    text = forms.CharField(label="Or a text value", max_length=300, required=False,
                           help_text='For yes/no or words, e.g. "Yes" or "Awaiting publication"')
    status = forms.ChoiceField(label="Status", choices=Value.Status.choices, initial=Value.Status.FINAL)
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def row(self) -> ValueInput:
        d = self.cleaned_data
        return ValueInput(kind=d["kind"], period=d["period"], value=d["value"], text=d["text"], status=d["status"],
                          note=d["note"])
