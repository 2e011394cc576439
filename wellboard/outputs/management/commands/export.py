"""`wellboard export KIND --plan CODE [--meeting CODE] --format FMT -o FILE [--include calculated,notes]`:
a board document as a file.

It exports what the public sees unless `--as USER` names an account, whose rights then apply exactly
as on the pages. On any error nothing is written: the file appears whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from wellboard.outputs import registry


class Command(BaseCommand):
    help = "Write a board document (progress-report, action-plan, …) in one format to a file."

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"The document: {', '.join(sorted(registry.KINDS))}")
        parser.add_argument("--plan", help="The plan's code (for plan documents)")
        parser.add_argument("--meeting", help="The meeting's code (for meeting documents)")
        parser.add_argument("--format", dest="fmt", required=True, help=f"One of {', '.join(registry.FORMATS)}")
        parser.add_argument("-o", "--output", required=True, help="The file to write")
        parser.add_argument("--period", help="Progress report: the reporting period's key (default: the latest)")
        parser.add_argument("--table", help="CSV: which table (default: the first); an unknown name lists them")
        parser.add_argument("--as", dest="as_user", help="Export as this user (default: as the public sees it)")
        parser.add_argument("--include", action="append", default=[],
                            help="PDF/HTML: add Wellboard's own content to the board paper, as ?include= does: "
                                 "calculated, notes, or calculated,notes")

    def handle(self, *args, kind, plan, meeting, fmt, output, period, table, as_user, include=(), **options):
        try:
            spec = registry.kind_for(kind)
            registry.check_format(kind, fmt)
        except registry.ExportError as exc:
            raise CommandError(str(exc)) from None
        user = _user(as_user)
        subject = _subject(spec, plan, meeting, user)
        try:
            produced = registry.produce(kind, subject, fmt, user,
                                        {"period": period, "table": table, "include": list(include)})
        except registry.ExportError as exc:
            raise CommandError(str(exc)) from None
        _write_whole(Path(output), produced.content)
        who = f"as {as_user}" if as_user else "as the public sees it"
        self.stdout.write(f"Wrote {output} ({len(produced.content):,} bytes, {kind} {fmt}, {who})")


def _user(username: str | None):
    if not username:
        return AnonymousUser()
    try:
        return get_user_model().objects.get(username=username, is_active=True)
    except get_user_model().DoesNotExist:
        raise CommandError(f"--as {username!r}: no active user of that name") from None


def _subject(spec, plan: str | None, meeting: str | None, user):
    if spec.subject == "plan":
        if not plan:
            raise CommandError("this document is a plan's: give --plan CODE")
        if meeting:
            raise CommandError("this document is a plan's: --meeting does not apply")
        from wellboard.plans.tree import strategy_for_page

        try:
            return strategy_for_page(plan, user)
        except Http404:
            raise CommandError(f"--plan {plan!r}: no such plan, or not one this user may see") from None
    if not meeting:
        raise CommandError("this document is a meeting's: give --meeting CODE")
    if plan:
        raise CommandError("this document is a meeting's: --plan does not apply")
    from wellboard.meetings.queries import meeting_for_page

    try:  # a meeting is public; what of it the user may read, the document's builder decides
        return meeting_for_page(meeting)
    except Http404:
        raise CommandError(f"--meeting {meeting!r}: no such meeting") from None


def _write_whole(path: Path, content: bytes) -> None:
    """Write beside the target and rename, so a failure never leaves half a file (or clobbers a good one)."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise CommandError(f"-o {path}: the folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
