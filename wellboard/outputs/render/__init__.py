"""One renderer per format: ``render(document, **opts) -> bytes``."""
