"""The `meetings`, `papers` and `work_programme` sections of a `wellboard/1` data file (core/datafile/section.py)."""

from wellboard.core.datafile.section import Section
from wellboard.core.datafile.writing import upsert

from . import schema as s
from .apply import (
    apply_meeting,
    apply_paper,
    apply_work_programme,
    link_agenda_papers,
    link_minutes_approval,
)
from .check import check_meeting, check_paper, check_work_programme, meeting_names, paper_names


def apply_meetings(files, counts) -> None:
    meetings = [m for data in files for m in data.meetings]
    for m in sorted(meetings, key=lambda m: m.date):  # date order keeps resolution numbers in sequence
        apply_meeting(m, upsert, counts)
    for m in meetings:
        link_minutes_approval(m)


def apply_papers(files, counts) -> None:
    for data in files:
        for x in data.papers:
            apply_paper(x, upsert, counts)
    # An agenda line names its paper: linked once both exist.
    for data in files:
        for m in data.meetings:
            link_agenda_papers(m)


def apply_work_programme_entries(files, counts) -> None:
    for data in files:
        for w in data.work_programme:
            apply_work_programme(w, upsert, counts)


SECTIONS = (
    Section("meetings", s.MeetingIn, order=70, after=("people", "bodies"), key=("meeting", "code"),
            markable=frozenset({s.MeetingIn, s.AgendaItemIn, s.AttendanceIn, s.DeclarationIn, s.MinuteItemIn,
                                s.ParagraphIn, s.ResolutionIn, s.ActionIn}),
            names=meeting_names, check=check_meeting, apply=apply_meetings),
    Section("papers", s.PaperIn, order=80, after=("meetings",), key=("paper", "code"),
            markable=frozenset({s.PaperIn, s.RecommendationIn, s.SignoffIn}),
            names=paper_names, check=check_paper, apply=apply_papers),
    Section("work_programme", s.WorkProgrammeIn, order=90, after=("bodies", "meetings"),
            check=check_work_programme, apply=apply_work_programme_entries),
)
