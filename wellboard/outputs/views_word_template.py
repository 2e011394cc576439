"""The administrator's page for the organisation's Word template: what is in use, upload a new one,
or go back to the built-in default. The checks live in `word_templates`; this page only shows them."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wellboard.core.access import require
from wellboard.core.forms import GovukForm

from . import word_templates
from .models import WordTemplate


class WordTemplateForm(GovukForm):
    file = forms.FileField(
        label="Word template", max_length=255,
        help_text=f"A Word document (.docx) up to {word_templates.MAX_BYTES // (1024 * 1024)} MB, with your "
                  "logo in the header and your fonts and styles.",
        widget=forms.FileInput(attrs={"class": "govuk-file-upload",
                                      "accept": ".docx,application/vnd.openxmlformats-officedocument."
                                                "wordprocessingml.document"}),
        error_messages={"required": "Select a Word document (.docx) to upload.",
                        "empty": "The selected file is empty.",
                        "invalid": "Select a Word document (.docx) to upload.",
                        "missing": "Select a Word document (.docx) to upload.",
                        "max_length": "The file name must be 255 characters or fewer."})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before reading, so a huge upload is never held in memory.
        if upload.size > word_templates.MAX_BYTES:
            raise ValidationError(f"The selected file must be smaller than "
                                  f"{word_templates.MAX_BYTES // (1024 * 1024)} MB.")
        return upload


@require_http_methods(["GET", "POST"])
def word_template(request):
    require(request, "administer")
    form = WordTemplateForm()
    if request.method == "POST" and request.POST.get("action") == "stop":
        word_templates.stop_using(request.user)
        messages.success(request, "Word documents now use the built-in template.")
        return redirect("outputs:word_template")
    if request.method == "POST":
        form = WordTemplateForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                word_templates.install(upload.name, upload.read(), request.user)
            except ValidationError as exc:
                form.take_errors(exc)
            else:
                messages.success(request, f"Every Word document now uses {upload.name}.")
                return redirect("outputs:word_template")
    current = WordTemplate.objects.filter(active=True).select_related("uploaded_by").first()
    return render(request, "outputs/word_template.html", {"form": form, "current": current})
