from django import forms

from wellboard.core.models import RagRating


class OfficerRagForm(forms.Form):
    rating = forms.ModelChoiceField(queryset=RagRating.objects.none(), required=False, label="Officer RAG",
                                    empty_label="Not rated")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Reason",
                             help_text="Required when the officer RAG differs from the calculated RAG.")

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].queryset = scale.ratings.all()
