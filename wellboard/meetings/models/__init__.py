from .actions import Action, ActionNote, WorkProgrammeEntry, WorkProgrammeMove
from .meeting import AgendaItem, Attendance, Declaration, Meeting
from .minutes import MinuteCorrection, MinuteItem, MinuteParagraph, Resolution
from .papers import Paper, PaperAppendix, PaperContact, Recommendation, Signoff

__all__ = [
    "Action", "ActionNote", "AgendaItem", "Attendance", "Declaration", "Meeting", "MinuteCorrection",
    "MinuteItem", "MinuteParagraph", "Paper", "PaperAppendix", "PaperContact", "Recommendation",
    "Resolution", "Signoff", "WorkProgrammeEntry", "WorkProgrammeMove",
]
