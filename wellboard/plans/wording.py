"""Words for messages about plan items, so the loader and the forms say the same thing the same way."""


def with_article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def placement_error(kind_label: str, parent_label: str | None, allowed_labels) -> str:
    where = f"under {with_article(parent_label)}" if parent_label else "at the top of a plan"
    names = ", ".join(sorted(allowed_labels)) or "nothing"
    return f"{with_article(kind_label)} cannot sit {where}; allowed there: {names}"
