"""Shared by the browser tests: a fresh `wellboard demo` per test module, Debian's Chromium driven by
Playwright (never a downloaded browser), and keyboard helpers for the walk-throughs."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    # The demo always runs on its embedded SQLite database, whatever DATABASE_URL says, so a
    # PostgreSQL run would only repeat the SQLite run at the cost of minutes.
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="the demo uses its embedded SQLite database: browser tests run in the SQLite run only")
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(skip)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_env(data_dir):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["WELLBOARD_DATA_DIR"] = str(data_dir)
    return env


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """A demo server of its own (own data directory) for each test module, so walk-throughs that
    change data never see each other's changes."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    port = free_port()
    wellboard = Path(sys.executable).with_name("wellboard")
    proc = subprocess.Popen([str(wellboard), "demo", "--port", str(port)], env=demo_env(data_dir),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        output.append(line)
        if "Quit the server with" in line or (proc.poll() is not None):
            break
    text = "".join(output)
    assert proc.poll() is None, text
    creds = re.search(r"^\s+(coordinator)\s+(\S+)\s+Coordinator:", text, re.MULTILINE)
    for role in ("admin", "lead", "clerk", "member"):  # one demo account per role is printed
        assert re.search(rf"^\s+{role}\s+\S+\s+", text, re.MULTILINE), text
    assert creds and f"http://127.0.0.1:{port}/" in text, text
    # Keep reading the server's request log: a full pipe would block the server mid-walk-through.
    log = []
    reader = threading.Thread(target=lambda: log.extend(proc.stdout), daemon=True)
    reader.start()
    yield {"url": f"http://127.0.0.1:{port}", "user": creds.group(1), "password": creds.group(2),
           "data": data_dir, "env": demo_env(data_dir), "log": log}
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: "", id: "", text: "", value: ""};
  return {tag: el.tagName.toLowerCase(), id: el.id || "", name: el.getAttribute("name") || "",
          text: (el.innerText || el.value || "").replace(/\\s+/g, " ").trim(), value: el.value || ""};
}"""


class Keyboard:
    """Moves through a page the way a keyboard user does: Tab until the wanted control has focus."""

    def __init__(self, page):
        self.page = page

    def focused(self):
        return self.page.evaluate(FOCUSED)

    def tab_to(self, text=None, *, id=None, name=None, limit=400, back=False):
        """Press Tab (or Shift+Tab) until the focused element has this id, or this name (and value),
        or its visible text starts with `text`. Fails, saying where focus went, if never reached."""
        seen = []
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
            f = self.focused()
            if ((id is not None and f["id"] == id) or (name is not None and f["name"] == name
                                                         and (text is None or f["value"] == text))
                    or (id is None and name is None and text is not None and f["text"].startswith(text))):
                return f
            seen.append(f["text"][:40] or f["id"] or f["tag"])
        raise AssertionError(f"Tab never reached {text or id or name!r}; focus went through: {seen[-40:]}")

    def activate(self, text=None, *, id=None, name=None, navigates=True, **kw):
        """Tab to a link or button and press Enter, waiting for the page it opens."""
        self.tab_to(text, id=id, name=name, **kw)
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press("Enter")
        else:
            self.page.keyboard.press("Enter")

    def type_into(self, id, text, **kw):
        self.tab_to(id=id, **kw)
        self.page.keyboard.type(text)

    def sign_in(self, base_url, username, password):
        """From any page: the header's Sign in link, then the form, keyboard only."""
        self.activate("Sign in")
        self.type_into("id_username", username)
        self.page.keyboard.press("Tab")
        assert self.focused()["id"] == "id_password"
        self.page.keyboard.type(password)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        assert f"Signed in as {username}" in self.page.content()

    def sign_out(self):
        self.activate("Sign out")
        assert "Sign in" in self.page.content()


@pytest.fixture
def keyboard_for():
    return Keyboard
