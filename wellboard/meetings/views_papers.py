"""The clerk's pages for a paper: its text, its sign-offs, and publishing it through a
confirmation page (refused, with the reason, while a clearance is missing)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from wellboard.core.access import require

from . import workflows, workflows_minutes
from .forms import PaperForm, SignoffForm, take_errors
from .models import Paper, Signoff
from .views_minutes import form_page


def _paper(request, code) -> Paper:
    paper = get_object_or_404(Paper.objects.select_related("meeting__body"), code=code)
    require(request, "change", paper)
    return paper


def _page(request, paper, form, **extra):
    return form_page(request, paper.meeting, form, caption=paper.title, back=paper.get_absolute_url(),
                     status=400 if form.errors else 200, **extra)


@require_http_methods(["GET", "POST"])
def edit_paper(request, code):
    paper = _paper(request, code)
    form = PaperForm(request.POST or None, initial={f: getattr(paper, f) for f in workflows_minutes.PAPER_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            workflows_minutes.edit_paper(paper, **form.cleaned_data)
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, "Paper saved.")
            return redirect(paper.get_absolute_url())
    return _page(request, paper, form, heading="Edit the paper", submit="Save paper")


@require_http_methods(["GET", "POST"])
def edit_signoff(request, code, kind):
    paper = _paper(request, code)
    saved = Signoff.objects.filter(paper=paper, kind=kind).first()
    form = SignoffForm(request.POST or None, initial={"initials": saved.initials, "date": saved.date,
                                                      "text": saved.text} if saved else None)
    label = Signoff.Kind(kind).label
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            workflows_minutes.record_signoff(paper, kind, d["initials"], d["date"], d["text"])
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, f"{label} signed off.")
            return redirect(f"{paper.get_absolute_url()}#signoff-{kind}")
    return _page(request, paper, form, heading=f"Sign off: {label.lower()}", submit="Save sign-off")


@require_http_methods(["GET", "POST"])
def publish_paper(request, code):
    """GET: what publishing does, or why it cannot yet. POST: publish."""
    from django import forms
    paper = _paper(request, code)
    form = forms.Form(request.POST if request.method == "POST" else {})
    form.is_valid()  # an empty confirmation form: it only carries the refusal, if any
    if request.method == "POST":
        try:
            workflows.publish_paper(paper)
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, "Paper published." + (" It is Part B: only the board's members and clerks "
                                                             "can read it." if paper.part == "B" else
                                                             " Everyone can now read it."))
            return redirect(paper.get_absolute_url())
    elif refusal := paper.publishing_refusal():
        form.add_error(None, refusal)  # say why before the clerk tries
    intro = ("Publishing makes the paper public with the agenda." if paper.part == "A" else
             "This is a Part B paper: publishing makes it available to the board's members and clerks only.")
    return _page(request, paper, form, heading=f"Publish “{paper.title}”?", submit="Publish paper", intro=intro,
                 warning=True)
