"""The coordinator's forms for plans and their trees, drawn with the GOV.UK field partial."""

from django import forms

from wellboard.core.forms import DrawnAt, GovukForm
from wellboard.core.models import RagRating, RagScale
from wellboard.directory.models import Organisation, Person

from .models import PlanItem, Strategy


class PlanForm(DrawnAt, GovukForm):
    code = forms.SlugField(label="Code", max_length=100,
                           help_text="Used in the plan's web address: lower-case letters, digits and hyphens.",
                           error_messages={"required": "Enter a short code for the plan's web address.",
                                           "invalid": "Use only lower-case letters, digits and hyphens in the code."})
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter the plan's title."})
    kind = forms.ChoiceField(label="Kind of plan", choices=Strategy.Kind.choices)
    body = forms.ModelChoiceField(label="Board or group that owns it", queryset=None,
                                  error_messages={"required": "Choose the board or group that owns the plan.",
                                                  "invalid_choice": "Choose a board or group you coordinate."})
    start = forms.CharField(label="First year", max_length=20, required=False, help_text="For example 2016/17")
    end = forms.CharField(label="Last year", max_length=20, required=False, help_text="For example 2019/20")
    rag_scale = forms.ModelChoiceField(label="RAG scale", queryset=RagScale.objects.all(), required=False,
                                       empty_label="None: the plan uses no RAG ratings",
                                       help_text="Departmental plans and some strategies rate nothing; "
                                                 "they then show no RAG columns, key or counts.")
    statement_label = forms.CharField(label="Statement heading", max_length=100, required=False,
                                      help_text='For example "Our vision"')
    statement = forms.CharField(label="Statement", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    year_columns = forms.CharField(label="Year columns of success measures", max_length=300, required=False,
                                   help_text="Separated by commas, for example 16/17, 17/18, 18/19")
    published = forms.BooleanField(label="Published: anyone may read the plan", required=False)

    def __init__(self, *args, bodies, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        if editing:  # the code is the plan's address and the body its owner: neither moves on edit
            del self.fields["code"], self.fields["body"]


class ItemForm(DrawnAt, GovukForm):
    kind = forms.ChoiceField(label="Kind of item", choices=PlanItem.Kind.choices)
    number = forms.CharField(label="Number", max_length=20, required=False, help_text="As the plan numbers it, e.g. 2.3")
    title = forms.CharField(label="Title", widget=forms.Textarea(attrs={"rows": 3}),
                            error_messages={"required": "Enter the item's title."})
    description = forms.CharField(label="Description", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    outcome_type = forms.ChoiceField(label="Outcome type", required=False,
                                     choices=[("", "Not an outcome, or neither")] + PlanItem.OutcomeType.choices)
    lead_text = forms.CharField(label="Lead as the plan writes it", max_length=300, required=False,
                                help_text="Free text; named leads are added on the leads page.")

    def __init__(self, *args, parent=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
        else:
            allowed = PlanItem.ALLOWED_CHILDREN[parent.kind if parent else None]
            self.fields["kind"].choices = [(k, label) for k, label in PlanItem.Kind.choices if k in allowed]


TOP = "top"


class MoveForm(GovukForm):
    parent = forms.ChoiceField(label="Move under", error_messages={"required": "Choose where to move the item."})

    def __init__(self, *args, item, items, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(TOP, "The top of the plan")]
        for other in items:
            if other.pk != item.pk:
                label = f"{'— ' * other.depth}{other.kind_label}{' ' + other.number if other.number else ''}: " \
                        f"{other.title[:80]}"
                choices.append((str(other.pk), label))
        self.fields["parent"].choices = choices
        self.items = {str(i.pk): i for i in items}

    def chosen_parent(self):
        value = self.cleaned_data["parent"]
        return None if value == TOP else self.items[value]


class LeadForm(GovukForm):
    person = forms.ModelChoiceField(label="Person", queryset=Person.objects.order_by("name"), required=False,
                                    empty_label="No one named")
    organisation = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.order_by("name"),
                                          required=False, empty_label="No organisation")


class MeasureYearsForm(GovukForm):
    """A tick and a rating per year column of the plan."""

    def __init__(self, *args, columns, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = list(columns)
        for n, year in enumerate(self.columns):
            self.fields[f"due_{n}"] = forms.BooleanField(label=f"{year}: due to be achieved", required=False)
            if scale is not None:  # a plan without a RAG scale ticks its years but rates none
                self.fields[f"rag_{n}"] = forms.ModelChoiceField(label=f"{year}: progress RAG", required=False,
                                                                 queryset=scale.ratings.all(), empty_label="Not rated")
        self.style()

    @property
    def rows(self):
        return [(year, self[f"due_{n}"], self[f"rag_{n}"] if f"rag_{n}" in self.fields else None)
                for n, year in enumerate(self.columns)]

    def years(self) -> dict[str, tuple[bool, RagRating | None]]:
        return {year: (self.cleaned_data[f"due_{n}"], self.cleaned_data.get(f"rag_{n}"))
                for n, year in enumerate(self.columns)}

    @staticmethod
    def initial_for(item, columns) -> dict:
        by_year = {y.year: y for y in item.years.all()}
        initial = {}
        for n, year in enumerate(columns):
            row = by_year.get(year)
            initial[f"due_{n}"] = bool(row and row.due)
            initial[f"rag_{n}"] = row.rag_id if row else None
        return initial
