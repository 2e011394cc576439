from .items import ItemLead, MeasureYear, PlanItem
from .strategy import DistributionEntry, PlanVersion, ReportingPeriod, Strategy
from .updates import ProgressUpdate

__all__ = [
    "DistributionEntry", "ItemLead", "MeasureYear", "PlanItem", "PlanVersion",
    "ProgressUpdate", "ReportingPeriod", "Strategy",
]
