"""Plan trees as plain data for the API: the same tree (and privacy rules) the pages use."""

from wellboard.core.richtext import clean_html, plain_text
from wellboard.core.source_notes import as_data, notes_on
from wellboard.plans.retirement import retirement
from wellboard.plans.tree import Node


def rating(r):
    return {"code": r.code, "label": r.label, "letter": r.letter} if r else None


def plan_summary(strategy, request):
    return {
        "code": strategy.code, "title": plain_text(strategy.title), "kind": strategy.kind, "body": strategy.body.name,
        "start": strategy.start, "end": strategy.end, "published": strategy.published,
        "url": request.build_absolute_uri(strategy.get_absolute_url()),
    }


def item(node: Node, user=None, notes: dict | None = None) -> dict:
    """``notes``: core.source_notes.notes_table(), read once for the whole tree."""
    it = node.item
    notes = notes or {}
    return {
        "id": it.pk, "ref": it.ref, "kind": it.kind, "outcome_type": it.outcome_type or None,
        "number": it.number, "title": plain_text(it.title), "lead_text": plain_text(it.lead_text),
        "leads": [
            {"person": lead.person.display_name if lead.person else None,
             "organisation": lead.organisation.code if lead.organisation else None}
            for lead in it.leads.all()
        ],
        "latest_officer_rag": rating(node.latest_rag),
        "retired": it.retired, "retired_on": it.retired_on,
        # A retiring resolution's text only for those who may see that resolution.
        "retired_reason": plain_text(retired.text) if (retired := retirement(it, user)) else "",
        "years": [{"year": y.year, "due": y.due, "rag": rating(y.rag)} for y in it.years.all()],
        "updates": [
            {"period": u.period.key, "period_label": u.period.label, "rag": rating(u.rag),
             "commentary_html": clean_html(u.commentary), "author": u.author_text, "date": u.date,
             "source_notes": as_data(notes_on(notes, u))}
            for u in node.updates
        ],
        "source_notes": as_data(notes_on(notes, it)),
        "children": [item(child, user, notes) for child in node.children],
    }
