"""The `wellboard/1` data-file machinery that knows no domain, and core's own section (RAG scales).

Domain apps import from here to define their sections (section.py says how); `wellboard.imports`
composes the sections and runs the pipeline.
"""

from .rag_scales import SECTIONS

__all__ = ["SECTIONS"]
