"""Which sections a `wellboard/1` file has: every installed app's `datafile.SECTIONS`, in their order.

Apps own their sections (core/datafile/section.py); this module only finds and orders them, so the
importer names no domain and apps never import it.
"""

from __future__ import annotations

from importlib import import_module
from typing import Literal, get_args

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule
from pydantic import BaseModel, create_model

from wellboard.core.datafile.schema import Strict
from wellboard.core.datafile.section import Section


def discover() -> tuple[Section, ...]:
    found: list[Section] = []
    for config in apps.get_app_configs():
        if config.name == __package__ or not module_has_submodule(config.module, "datafile"):
            continue
        found += getattr(import_module(f"{config.name}.datafile"), "SECTIONS", ())
    return ordered(found)


def ordered(sections: list[Section]) -> tuple[Section, ...]:
    """By `order`; a wiring mistake (a name twice, a dependency missing or later) stops start-up."""
    out = tuple(sorted(sections, key=lambda s: s.order))
    seen: set[str] = set()
    for s in out:
        if s.name in seen or s.name == "format":
            raise ImproperlyConfigured(f"data-file section {s.name!r} is defined twice")
        missing = [name for name in s.after if name not in seen]
        if missing:
            raise ImproperlyConfigured(f"data-file section {s.name!r} needs {missing} before it (order {s.order})")
        seen.add(s.name)
    return out


def data_file_model(sections: tuple[Section, ...]) -> type[Strict]:
    """The whole file: `format`, then one optional list per section, in order."""
    fields = {"format": (Literal["wellboard/1"], ...)}
    fields |= {s.name: (list[s.record], []) for s in sections}
    return create_model("DataFile", __base__=Strict, __module__=__name__, **fields)


def record_types(sections: tuple[Section, ...]) -> dict[str, type[BaseModel]]:
    """Every record type a file can hold, by class name."""
    out: dict[str, type[BaseModel]] = {}

    def visit(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation.__name__ not in out:
                out[annotation.__name__] = annotation
                for f in annotation.model_fields.values():
                    visit(f.annotation)
        for arg in get_args(annotation):
            visit(arg)

    for s in sections:
        visit(s.record)
    return out
