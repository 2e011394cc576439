"""Board documents as one format-neutral model (model.py) and one builder per document; the
renderers in outputs/render turn a Document into each format."""
