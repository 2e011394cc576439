"""Appendix Two of seed 002 (17 joint-commissioning case studies) is in the demo paper, whole.

The seed excerpt is kept beside this test (lines 163-572 of the plain text, from the title
to just before "Appendix Three") so the check runs on a fresh clone; where the shared seeds
are present, the copy is compared with them so it cannot drift.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from wellboard.core.richtext import clean_html
from wellboard.meetings.models import Paper

pytestmark = pytest.mark.django_db

EXCERPT = Path(__file__).with_name("seed_002_appendix_two.txt")
SHARED_SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
PAPER = "notts-hwb-implementation-group-report"


class _Text(HTMLParser):
    """Text of an HTML fragment with a space at every tag, so cells and items never run together."""

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def _words(text):
    return " ".join(text.split())


def _html_text(fragment):
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return _words("".join(parser.parts))


def _contents_entry(line):
    return re.fullmatch(r"(\d+)\. \*\*(.+)\*\*", line)


def _appendix_two():
    html = clean_html(Paper.objects.get(code=PAPER).information)
    start, end = html.index("<h3>Appendix Two</h3>"), html.index("<h3>Appendix Three</h3>")
    assert html.index("<h3>Appendix One</h3>") < start, "Appendix Two must follow Appendix One"
    return html[start:end]


def _seed_lines():
    return [line for line in EXCERPT.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_excerpt_is_the_seed_verbatim():
    seeds = sorted(SHARED_SEEDS.glob("002_*.txt"))
    if not seeds:
        pytest.skip("the shared seeds are not beside this checkout; the excerpt stands in for them")
    lines = seeds[0].read_text(encoding="utf-8").split("\n")
    start = lines.index("**Joint Commissioning:")
    end = lines.index("Appendix Three")
    assert "\n".join(lines[start:end]).strip() == EXCERPT.read_text(encoding="utf-8").strip()


def test_every_seed_line_is_in_appendix_two_in_order():
    text = _html_text(_appendix_two())
    cursor, missing, out_of_order = 0, [], []
    for line in _seed_lines():
        entry = _contents_entry(line)
        # As the page shows it: no Markdown bold or bullets, the contents list numbered by its
        # <ol>, table cells as words.
        wanted = _words(entry.group(2) if entry else line.replace("**", "").removeprefix("- ").replace("\t", " "))
        found = text.find(wanted, cursor)
        if "\t" in line:  # the referral table floats past a page break in the PDF: presence only
            if wanted not in text:
                missing.append(line)
            continue
        if found == -1:
            (out_of_order if wanted in text else missing).append(line)
        else:
            cursor = found + len(wanted)
    assert not missing, f"seed lines missing from Appendix Two: {missing[:5]}"
    assert not out_of_order, f"seed lines out of order in Appendix Two: {out_of_order[:5]}"


def test_appendix_two_has_its_contents_list_and_seventeen_case_studies():
    html = _appendix_two()
    contents = re.search(r"<ol>(.*?)</ol>", html, re.S).group(1)
    titles = [_contents_entry(line).group(2) for line in _seed_lines() if _contents_entry(line)]
    assert [_html_text(li) for li in re.findall(r"<li>(.*?)</li>", contents, re.S)] == titles
    case_studies = [_html_text(h) for h in re.findall(r"<h4>(.*?)</h4>", html, re.S)][1:]
    assert [int(h.split(".")[0]) for h in case_studies] == list(range(1, 18))
    # Sub-headings survive the sanitiser as headings, not as loose text.
    assert html.count("<h5>Background</h5>") == 3
    assert html.count("<h5>Areas of innovation</h5>") == 6
    assert re.search(r"<table>.*<th scope=\"col\">Source</th>.*<td>£407,500</td>.*</table>", html, re.S)
