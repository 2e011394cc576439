"""The clerk's pages for a paper: creating it for an agenda item, its text, recommendations,
implications, officer contacts and sign-offs, and publishing it through a confirmation page
(refused, with the reason, while a clearance is missing); and a resolution added to a minute item."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from wellboard.core.access import require

from . import workflows, workflows_minutes, workflows_papers
from .forms import (
    ContactForm,
    ImplicationsForm,
    PaperCreateForm,
    PaperForm,
    RecommendationForm,
    ResolutionAddForm,
    SignoffForm,
    take_errors,
)
from .models import AgendaItem, MinuteItem, Paper, PaperContact, Recommendation, Signoff
from .views_minutes import form_page


def _paper(request, code) -> Paper:
    paper = get_object_or_404(Paper.objects.select_related("meeting__body"), code=code)
    require(request, "change", paper)
    return paper


def _page(request, paper, form, **extra):
    return form_page(request, paper.meeting, form, caption=paper.title, back=paper.get_absolute_url(),
                     status=400 if form.errors and request.method == "POST" else 200, **extra)


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


# ---------------------------------------------------------------- creating a paper, its parts (workflows_papers)


def _bound(form_class, data):
    """A form bound to what the page would show, so a refusal can be said before the clerk submits."""
    form = form_class(data)
    form.is_valid()
    return form


def _confirm_form(request):
    from django import forms
    form = forms.Form(request.POST if request.method == "POST" else {})
    form.is_valid()  # an empty confirmation form: it only carries the refusal, if any
    return form


@require_http_methods(["GET", "POST"])
def create_paper(request, code, pk):
    from .views_minutes import clerk_meeting
    meeting = clerk_meeting(request, code)
    item = get_object_or_404(AgendaItem, pk=pk, meeting=meeting)
    form = PaperCreateForm(request.POST or None, initial={"title": item.title})
    if request.method == "POST" and form.is_valid():
        try:
            paper = workflows_papers.create_paper(meeting, item, form.cleaned_data["title"])
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, f"Paper “{paper.title}” created for agenda item {item.number}.".replace(" .", "."))
            return redirect(paper.get_absolute_url())
    elif hasattr(item, "paper"):
        form = _bound(PaperCreateForm, {"title": item.title})
        form.add_error(None, f"Agenda item {item.number} already has a paper: “{item.paper.title}”.")
    intro = (f"A paper for agenda item {item.number} “{item.title}”. It is Part {item.part}, as the item is"
             + (": only the board's members and clerks will read it." if item.part == "B" else "."))
    return form_page(request, meeting, form, heading="Add a paper", submit="Create paper", intro=intro,
                     back=meeting.get_absolute_url(), status=400 if form.errors and request.method == "POST" else 200)


def _recommendation_form_page(request, paper, recommendation=None):
    initial = {"verb": recommendation.verb, "text": recommendation.text} if recommendation else None
    form = RecommendationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if recommendation is None:
                saved = workflows_papers.add_recommendation(paper, d["verb"], d["text"])
            else:
                saved = workflows_papers.edit_recommendation(recommendation, d["verb"], d["text"])
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, "Recommendation added." if recommendation is None else "Recommendation saved.")
            return redirect(f"{paper.get_absolute_url()}#recommendation-{saved.pk}")
    elif refusal := _published_refusal(paper):
        form = _bound(RecommendationForm, initial or {})
        form.add_error(None, refusal)  # say so before the clerk types
    heading = "Add a recommendation" if recommendation is None else "Edit the recommendation"
    return _page(request, paper, form, heading=heading, submit="Save recommendation",
                 intro="The paper asks the body to decide on its recommendations, in this order.")


def _published_refusal(paper) -> str:
    return "This paper is published: its recommendations can no longer change." if paper.published else ""


@require_http_methods(["GET", "POST"])
def add_recommendation(request, code):
    return _recommendation_form_page(request, _paper(request, code))


@require_http_methods(["GET", "POST"])
def edit_recommendation(request, code, pk):
    paper = _paper(request, code)
    return _recommendation_form_page(request, paper, get_object_or_404(Recommendation, pk=pk, paper=paper))


@require_http_methods(["GET", "POST"])
def remove_recommendation(request, code, pk):
    paper = _paper(request, code)
    recommendation = get_object_or_404(Recommendation, pk=pk, paper=paper)
    form = _confirm_form(request)
    if request.method == "POST":
        try:
            workflows_papers.remove_recommendation(recommendation)
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, "Recommendation removed.")
            return redirect(f"{paper.get_absolute_url()}#recommendations")
    elif refusal := _published_refusal(paper):
        form.add_error(None, refusal)
    return _page(request, paper, form, heading="Remove this recommendation?", submit="Remove recommendation",
                 warning=True, current=f"{recommendation.verb} {recommendation.text}",
                 intro="The recommendation is removed from the paper.")


@require_POST
def move_recommendation(request, code, pk):
    paper = _paper(request, code)
    recommendation = get_object_or_404(Recommendation, pk=pk, paper=paper)
    direction = request.POST.get("direction", "")
    try:
        workflows_papers.move_recommendation(recommendation, direction)
    except ValidationError as exc:
        return render(request, "meetings/papers/refused.html", {
            "paper": paper, "errors": exc.messages, "heading": "The recommendation was not moved"}, status=400)
    messages.success(request, f"Recommendation moved {direction}.")
    return redirect(f"{paper.get_absolute_url()}#recommendation-{recommendation.pk}")


@require_http_methods(["GET", "POST"])
def edit_implications(request, code):
    paper = _paper(request, code)
    form = ImplicationsForm(request.POST or None, initial=paper.implications or {})
    if request.method == "POST" and form.is_valid():
        try:
            workflows_papers.save_implications(paper, form.cleaned_data)
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, "Implications saved.")
            return redirect(f"{paper.get_absolute_url()}#implications")
    return _page(request, paper, form, heading="Implications", submit="Save implications",
                 intro="Leave a heading empty where the paper has nothing to say under it.")


def _contact_form_page(request, paper, contact=None):
    from .workflows_papers import CONTACT_FIELDS
    form = ContactForm(request.POST or None, initial={f: getattr(contact, f) for f in CONTACT_FIELDS}
                       if contact else None)
    if request.method == "POST" and form.is_valid():
        try:
            if contact is None:
                workflows_papers.add_contact(paper, **form.cleaned_data)
            else:
                workflows_papers.edit_contact(contact, **form.cleaned_data)
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, "Officer contact added." if contact is None else "Officer contact saved.")
            return redirect(f"{paper.get_absolute_url()}#contacts")
    return _page(request, paper, form, heading="Add an officer contact" if contact is None else "Edit the officer contact",
                 submit="Save contact", intro="Officer contacts are shown only to the board's members and clerks.")


@require_http_methods(["GET", "POST"])
def add_contact(request, code):
    return _contact_form_page(request, _paper(request, code))


@require_http_methods(["GET", "POST"])
def edit_contact(request, code, pk):
    paper = _paper(request, code)
    return _contact_form_page(request, paper, get_object_or_404(PaperContact, pk=pk, paper=paper))


@require_http_methods(["GET", "POST"])
def remove_contact(request, code, pk):
    paper = _paper(request, code)
    contact = get_object_or_404(PaperContact, pk=pk, paper=paper)
    form = _confirm_form(request)
    if request.method == "POST":
        try:
            workflows_papers.remove_contact(contact)
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, f"Officer contact {contact.name} removed.")
            return redirect(f"{paper.get_absolute_url()}#contacts")
    return _page(request, paper, form, heading=f"Remove {contact.name} as officer contact?", submit="Remove contact",
                 warning=True, intro="The contact is removed from the paper.")


@require_http_methods(["GET", "POST"])
def add_resolution(request, code, item_pk):
    """A resolution not drafted from a recommendation: an amendment, a motion from the floor."""
    from .views_minutes import clerk_meeting
    meeting = clerk_meeting(request, code)
    item = get_object_or_404(MinuteItem, pk=item_pk, meeting=meeting)
    form = ResolutionAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resolution = workflows_papers.add_resolution(item, form.cleaned_data["text"])
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, f"{resolution} added to “{item}”." if resolution.number else
                             f"Resolution added to “{item}”.")
            return redirect(f"{meeting.get_absolute_url()}#resolution-{resolution.pk}")
    elif meeting.minutes_locked:
        form = _bound(ResolutionAddForm, {})
        form.add_error(None, "These minutes were approved as a correct record: record a correction instead.")
    return form_page(request, meeting, form, heading=f"Add a resolution to {item}", submit="Add resolution",
                     back=f"{meeting.get_absolute_url()}#minute-item-{item.pk}",
                     status=400 if form.errors and request.method == "POST" else 200)
