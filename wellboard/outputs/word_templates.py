"""Checking and installing the organisation's Word template (the administrator's upload).

A file is checked completely before anything is stored: it must be a .docx that python-docx can
open, within the size limit, and not a zip that unpacks to something huge. A refusal names the
problem in the words of the GOV.UK file-upload pattern and changes nothing.
"""

from __future__ import annotations

import hashlib
import io
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from wellboard.core import audit, permissions

from .documents.model import (
    Cell,
    Column,
    ColumnGroup,
    Document,
    Paragraph,
    RagKey,
    Rating,
    Section,
    Table,
)
from .models import WordTemplate

MAX_BYTES = getattr(settings, "WELLBOARD_WORD_TEMPLATE_MAX_BYTES", 5 * 1024 * 1024)
# A template is a few styles, a header and a logo; far more than this unpacked is a zip bomb.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def _refuse(message: str):
    raise ValidationError({"file": message})


def check(name: str, content: bytes) -> None:
    """Raise ValidationError({"file": ...}) unless ``content`` is a usable Word template."""
    import docx  # python-docx; imported here so pages that never touch Word do not load lxml's docx parts

    lower = (name or "").lower()
    if not content:
        _refuse("The selected file is empty.")
    if len(content) > MAX_BYTES:
        _refuse(f"The selected file must be smaller than {_mb(MAX_BYTES)}.")
    if lower.endswith((".dotx", ".dot")):
        _refuse("The selected file is a Word template (.dotx). Open it in Word, save it as a Word Document "
                "(.docx) and upload that.")
    if lower.endswith(".docm"):
        _refuse("The selected file contains macros (.docm). Save it as a Word Document (.docx) without macros.")
    if not lower.endswith(".docx"):
        _refuse("The selected file must be a Word document (.docx).")
    not_word = ("The selected file is not a Word document: it could not be opened as .docx. "
                "Save it from Word as a Word Document (.docx) and try again.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = sum(info.file_size for info in archive.infolist())
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        _refuse(not_word)
    if unpacked > MAX_UNPACKED_BYTES:
        _refuse(f"The selected file unpacks to more than {_mb(MAX_UNPACKED_BYTES)}; "
                "remove large images from the template.")
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        _refuse(not_word)
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception:  # python-docx and lxml raise many kinds on a damaged package; each means the same here
        _refuse(not_word)
    if document.part.content_type != DOCX_MAIN:
        _refuse(not_word)
    from .render import docx as word

    try:
        word.render(_trial_document(), template=content)
    except Exception:  # whatever breaks here would break every download: refuse it now, not later
        _refuse("Wellboard could not write a document into the selected file. Start from a plain Word document "
                "with your header and styles, save it as .docx and try again.")


def _trial_document():
    """A small document using every kind of block, written into a candidate template before it is accepted."""
    green = Rating("GREEN", "Green", "#00703c", criteria="On track")
    table = Table("Trial", [Column("Item"), Column("16/17", kind="rag"), Column("Value", kind="number")],
                  rows=[[Cell("One", rowspan=2), Cell.rag(green), Cell("1,000", number=1000)], [Cell(""), Cell("")]],
                  column_groups=[ColumnGroup(""), ColumnGroup("Years", 2)])
    return Document("Trial", board="Board", version="1", sections=[
        Section("Section", [Paragraph("Text", html="<p>Text <b>bold</b></p><ul><li>item</li></ul>"),
                            RagKey([green]), table]),
        Section("Subsection", [Paragraph("More")], level=3)])


@transaction.atomic
def install(name: str, content: bytes, by) -> WordTemplate:
    """Check the file, then make it the template every Word document uses (the previous one is kept)."""
    if not permissions.can(by, "administer"):
        raise PermissionDenied("Only an administrator can change the Word template.")
    check(name, content)
    # Lock the rows in use so two uploads at once cannot both end up active.
    audit.audited_update(WordTemplate.objects.select_for_update().filter(active=True), active=False)
    template = WordTemplate(name=name[-255:], size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                            uploaded_by=by if getattr(by, "is_authenticated", False) else None)
    template.file.save(name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1], ContentFile(content), save=False)
    template.save()
    return template


@transaction.atomic
def stop_using(by) -> None:
    """Go back to the built-in default template (the uploaded file is kept)."""
    if not permissions.can(by, "administer"):
        raise PermissionDenied("Only an administrator can change the Word template.")
    audit.audited_update(WordTemplate.objects.select_for_update().filter(active=True), active=False)


def current_bytes() -> tuple[WordTemplate | None, bytes | None]:
    """The template in use and its content, or (None, None) for the built-in default."""
    template = WordTemplate.current()
    if template is None:
        return None, None
    with template.file.open("rb") as handle:
        return template, handle.read()
