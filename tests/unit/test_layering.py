"""Dependencies point one way (README, "Layout"): no app imports from an app above it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "wellboard"
# Lower number = lower layer. Apps on one layer do not import each other.
LAYERS = {"core": 0, "directory": 1, "governance": 2, "plans": 3, "indicators": 4, "reporting": 5,
          "meetings": 5, "outputs": 6, "imports": 6, "api": 6}
IMPORT = re.compile(r"^\s*(?:from|import) wellboard\.(\w+)", re.MULTILINE)


def test_no_app_imports_from_its_own_layer_or_above():
    wrong = []
    for path in ROOT.glob("*/**/*.py"):
        app = path.relative_to(ROOT).parts[0]
        if app not in LAYERS or "migrations" in path.parts:
            continue
        for dep in IMPORT.findall(path.read_text(encoding="utf-8")):
            if dep in LAYERS and dep != app and LAYERS[dep] >= LAYERS[app]:
                wrong.append(f"{path.relative_to(ROOT.parent)} imports wellboard.{dep}")
    assert not wrong, "\n".join(wrong)


def test_every_app_has_a_layer():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists() or (p / "__init__.py").exists() and p.is_dir()}
    apps -= {"templates", "static", "__pycache__"}
    assert apps <= set(LAYERS) | {"finance"}, apps - set(LAYERS)
