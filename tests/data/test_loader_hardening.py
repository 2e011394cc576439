"""Hostile data files: alias bombs, deep nesting, huge files and numbers, control characters,
script links. Each is refused with `file:line: problem`, exit status 2 and nothing written."""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wellboard.governance.models import Body
from wellboard.imports.datafile import MAX_FILE_BYTES, DataFileError, load_files
from wellboard.meetings.models import AgendaItem, Meeting
from wellboard.plans.models import PlanItem, Strategy

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

BASE = """\
format: wellboard/1
bodies:
  - code: h4-board
    name: Hardening board
    quorum: 5
meetings:
  - code: h4-meeting
    body: h4-board
    date: 2020-01-01
    agenda:
      - number: "1"
        title: Updates
        link: https://example.org/updates
strategies:
  - code: h4-plan
    title: Hardening plan
    body: nottingham-hwb
    rag_scale: nottingham-rag
    items:
      - kind: theme
        title: Theme one
        children:
          - kind: action
            title: Do the thing
"""


def snapshot():
    return (Strategy.objects.count(), PlanItem.objects.count(), Body.objects.count(), Meeting.objects.count(),
            AgendaItem.objects.count())


def write(tmp_path, text, name="h4.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refuse(tmp_path, text, expected):
    """Load through the command: exit status 2, the expected message, nothing written."""
    path = write(tmp_path, text)
    before = snapshot()
    with pytest.raises(DataFileError) as info:
        load_files([path])
    assert any(expected in line for line in info.value.errors), info.value.errors
    with pytest.raises(CommandError) as command_info:
        call_command("load", str(path))
    assert command_info.value.returncode == 2
    assert snapshot() == before
    return info.value.errors


def test_the_base_file_loads(tmp_path):
    load_files([write(tmp_path, BASE)])
    assert AgendaItem.objects.get(meeting__code="h4-meeting").link == "https://example.org/updates"


def billion_laughs(levels=9):
    """A list of anchors, each nine aliases of the one before: 9**9 actions once expanded."""
    lines = ['laughs:', '  - &a0 [{kind: action, title: "lol"}]']
    lines += [f"  - &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]" for k in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def bomb_file():
    # The anchors come first (YAML needs them before their use); the bomb goes off in `children`.
    return billion_laughs() + BASE.replace("format: wellboard/1\n", "").replace(
        "          - kind: action\n            title: Do the thing\n", "").replace(
        "        children:\n", "        children: *a9\n")


def test_a_billion_laughs_inside_children_is_refused_at_its_line(tmp_path):
    errors = refuse(tmp_path, "format: wellboard/1\n" + bomb_file(), "h4.yaml:6: more than 20 aliases")
    assert len(errors) == 1


def test_few_aliases_expanding_to_too_many_values_are_refused(tmp_path):
    big = "[" + ", ".join(["1"] * 60_000) + "]"
    text = BASE + f"extra: &big {big}\nmore: [" + ", ".join(["*big"] * 20) + "]\n"
    refuse(tmp_path, text, "aliases expand to more than 1,000,000 values")


def test_a_recursive_alias_is_refused(tmp_path):
    refuse(tmp_path, BASE + "loop: &loop [*loop]\n", "an alias refers to a value that contains it")


def test_a_few_aliases_still_work(tmp_path):
    text = BASE.replace("title: Theme one", "title: &t Theme one").replace("title: Do the thing", "title: *t")
    load_files([write(tmp_path, text)])
    assert Strategy.objects.get(code="h4-plan").items.filter(title="Theme one").count() == 2


@pytest.mark.parametrize("style", ["block", "flow"])
def test_deep_nesting_is_refused_without_recursion_error(tmp_path, style):
    if style == "flow":
        text = BASE + "deep: " + "[" * 5000 + "]" * 5000 + "\n"
    else:
        children = "".join(" " * (2 * k) + "- kind: theme\n" + " " * (2 * k) + "  title: t\n"
                           + " " * (2 * k) + "  children:\n" for k in range(60))
        text = BASE.replace("        children:\n", "        children:\n" + textwrap.indent(children, " " * 10))
    refuse(tmp_path, text, "nested more than 40 levels deep")


def test_nesting_within_the_limit_loads(tmp_path):
    # 12 levels of items (the format's realistic maximum is far lower) sit well inside the limit.
    item = "- kind: theme\n  title: level {k}\n  children:\n"
    children = "".join(textwrap.indent(item.format(k=k), "  " * k) for k in range(12))
    children += "  " * 12 + "- kind: action\n" + "  " * 12 + "  title: leaf\n"
    text = BASE.replace("          - kind: action\n            title: Do the thing\n",
                        textwrap.indent(children, " " * 10))
    load_files([write(tmp_path, text)])
    assert Strategy.objects.get(code="h4-plan").items.filter(title="leaf").exists()


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "h4.yaml"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(BASE + "# " + "x" * (MAX_FILE_BYTES + 10) + "\n")
    with pytest.raises(DataFileError) as info:
        load_files([path])
    assert info.value.errors == [f"{path}:1: the file is 20.0 MB; a data file may be at most 20 MB"]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("quorum: 5", "quorum: 100000000000000000000000", "h4.yaml:5: bodies[0].quorum: Input should be less than or equal to 32767"),
        ("quorum: 5", "quorum: 1.0e+23", "h4.yaml:5: bodies[0].quorum:"),
        ("quorum: 5", "quorum: 10^23", "bodies[0].quorum: Input should be a valid integer"),
        ("quorum: 5", "quorum: .inf", "bodies[0].quorum:"),
        ("quorum: 5", "quorum: 0", "bodies[0].quorum: Input should be greater than or equal to 1"),
    ],
)
def test_numbers_beyond_their_column_are_refused(tmp_path, old, new, expected):
    refuse(tmp_path, BASE.replace(old, new), expected)


INDICATOR = """\
indicators:
  - code: h4-indicator
    title: Hardening indicator
    unit: rate
    rate_per: RATE
    actuals:
      - {period: 2016/17, value: VALUE}
"""


@pytest.mark.parametrize(
    "rate, value, expected",
    [
        ("100000", "1.0e+400", "indicators[0].actuals[0].value: Input should be a finite number"),
        ("100000", ".nan", "indicators[0].actuals[0].value: Input should be a finite number"),
        ("100000", "1.0e+25", "indicators[0].actuals[0].value: Decimal input should have no more than 20 digits"),
        ("100000", "0.0000001", "indicators[0].actuals[0].value: Decimal input should have no more than 6 decimal places"),
        ("4294967296", "1", "indicators[0].rate_per: Input should be less than or equal to 2147483647"),
    ],
)
def test_indicator_numbers_beyond_their_column_are_refused(tmp_path, rate, value, expected):
    refuse(tmp_path, BASE + INDICATOR.replace("RATE", rate).replace("VALUE", value), expected)


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("title: Do the thing", 'title: "Do\\0 the thing"', "h4.yaml:24: strategies[0].items[0].children[0].title: contains the control character U+0000 (NUL)"),
        ("title: Do the thing", 'title: "Do\\e the thing"', "contains the control character U+001B"),
        ("title: Do the thing", 'title: "Do\\x85 the thing"', "contains the control character U+0085"),
        ("title: Do the thing", 'title: "Do\\ud800 the thing"', "contains a lone surrogate U+D800"),
        ("name: Hardening board", 'name: "Hard\\u0007ening"', "h4.yaml:4: bodies[0].name: contains the control character U+0007"),
        ("  - code: h4-board", '  - "co\\0de": h4-board', "bodies[0]: a field name contains the control character U+0000"),
        ("title: Updates", "title: Up\x01dates", "h4.yaml:12: character U+0001 is not allowed in a data file"),
    ],
)
def test_control_characters_are_refused_naming_the_path(tmp_path, old, new, expected):
    refuse(tmp_path, BASE.replace(old, new), expected)


def test_tabs_newlines_and_carriage_returns_are_text(tmp_path):
    load_files([write(tmp_path, BASE.replace("title: Do the thing", 'title: "Do\\tthe\\r\\nthing"'))])
    assert PlanItem.objects.filter(title="Do\tthe\r\nthing").exists()


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)", " JavaScript:alert(1)", "\\tjava\\tscript:alert(1)", "jav&#x09;ascript:alert(1)",
        "java&#115;cript:alert(1)", "&#106;avascript:alert(1)", "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox", "file:///etc/passwd", "JAVASCRIPT&colon;alert(1)",
    ],
)
def test_links_with_other_schemes_are_refused(tmp_path, link):
    refuse(tmp_path, BASE.replace("link: https://example.org/updates", f'link: "{link}"'),
           "h4.yaml:13: meetings[0].agenda[0].link: Value error, a link may use http, https or mailto")


@pytest.mark.parametrize("link", ["http://example.org/x?a=1:2", "mailto:clerk@example.org", "/papers/x/",
                                  "papers/x.pdf", "#item-3", "?page=2", ""])
def test_http_mailto_and_relative_links_load(tmp_path, link):
    load_files([write(tmp_path, BASE.replace("link: https://example.org/updates", f'link: "{link}"'))])
    assert AgendaItem.objects.get(meeting__code="h4-meeting").link == link


def test_a_stored_script_link_is_never_rendered(client, tmp_path):
    load_files([write(tmp_path, BASE)])
    AgendaItem.objects.filter(meeting__code="h4-meeting").update(link=" JaVaScript:alert(1)")
    meeting = Meeting.objects.get(code="h4-meeting")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Updates" in page
    assert "alert(1)" not in page


def test_the_command_refuses_an_alias_bomb_quickly_with_little_memory(tmp_path):
    path = write(tmp_path, "format: wellboard/1\n" + bomb_file())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # A fresh measuring process runs the command as its only child, so its RUSAGE_CHILDREN is the
    # command alone (this test process's own children include every earlier subprocess of the suite).
    measure = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "sys.stdout.write(\"\\n\" + str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
               "sys.exit(r.returncode)")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", measure, str(Path(sys.executable).parent / "wellboard"), "load",
                             str(path)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    elapsed = time.monotonic() - started
    peak_mb = int(result.stdout.strip().splitlines()[-1]) / 1024
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{path}:" in result.stderr and "more than 20 aliases" in result.stderr
    assert elapsed < 30 and peak_mb < 300, (elapsed, peak_mb)
