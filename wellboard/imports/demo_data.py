"""Where the demo data files live, and the order they load in."""

from pathlib import Path

DEMO_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def demo_files() -> list[Path]:
    """Every data file under data/, shared definitions (common.yaml) first in each folder."""
    files = sorted(DEMO_DATA_DIR.rglob("*.yaml"), key=lambda p: (p.parent, p.name != "common.yaml", p.name))
    return files
