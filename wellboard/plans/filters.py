"""Filtering a loaded plan tree by RAG, lead and theme, keeping each match's ancestors for context."""

from __future__ import annotations

from dataclasses import dataclass

from .tree import Node, Tree

NO_RATING = "none"


@dataclass
class PlanFilter:
    rag: str = ""  # a rating code, NO_RATING, or "" for any
    lead: str = ""  # "p<id>" for a person, "o<id>" for an organisation
    theme: str = ""  # a root item id

    @classmethod
    def from_query(cls, query) -> PlanFilter:
        return cls(rag=query.get("rag", ""), lead=query.get("lead", ""), theme=query.get("theme", ""))

    @property
    def active(self) -> bool:
        return bool(self.rag or self.lead or self.theme)

    def matches(self, node: Node) -> bool:
        item = node.item
        if self.rag:
            rating = node.rag  # the same RAG the summary counts, so a count and its filter agree
            if (rating.code if rating else NO_RATING) != self.rag:
                return False
        if self.lead:
            kind, _, ident = self.lead.partition(":")
            leads = item.leads.all()
            if kind == "p" and not any(str(lead.person_id) == ident for lead in leads):
                return False
            if kind == "o" and not any(str(lead.organisation_id) == ident for lead in leads):
                return False
        return True

    def rows(self, tree: Tree) -> list[Node]:
        """The nodes to show, in tree order."""
        roots = [r for r in tree.roots if not self.theme or str(r.item.pk) == self.theme]
        if not (self.rag or self.lead):
            return [n for r in roots for n in r.walk()]
        shown: list[Node] = []
        for root in roots:
            shown.extend(self._collect(root, []))
        return shown

    def _collect(self, node: Node, ancestors: list[Node]) -> list[Node]:
        if node.item.reportable:
            if self.matches(node):
                return [*ancestors, *node.walk()]
            return []
        out: list[Node] = []
        for child in node.children:
            found = self._collect(child, [*ancestors, node] if not out else [])
            out.extend(found)
        return out


def lead_choices(tree: Tree) -> list[tuple[str, str]]:
    """Every person and organisation that leads something in the plan, for the filter menu."""
    people, orgs = {}, {}
    for node in tree.walk():
        for lead in node.item.leads.all():
            if lead.person_id:
                people[f"p:{lead.person_id}"] = lead.person.name
            if lead.organisation_id:
                orgs[f"o:{lead.organisation_id}"] = lead.organisation.name
    return sorted(orgs.items(), key=lambda kv: kv[1]) + sorted(people.items(), key=lambda kv: kv[1])
