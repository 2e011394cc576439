"""Measure tables as other councils print them (Latest / Target / Good is / Previous / National),
yes/no actuals, "Good is" words, comparators without a period, and partial periods: loaded, stored, checked."""

import textwrap

import pytest

from wellboard.imports.datafile import DataFileError, load_files
from wellboard.indicators.models import Indicator, Value

pytestmark = pytest.mark.django_db

# The example of docs/data-format.md, "Measure tables".
TABLE = """\
    format: wellboard/1
    indicators:
      - code: smoking-at-delivery
        title: Smoking status at time of delivery
        unit: percentage
        good_is: Low
        latest: {value: 12.1, display: 12.1%}
        target: {value: 11, display: 11%}
        previous: {value: 13.0, display: 13.0%}
        comparators:
          - {name: National, value: 10.6, display: 10.6%}
      - code: carers-strategy-refreshed
        title: Carers' strategy refreshed and signed off
        unit: yes_no
        good_is: "Yes"
        latest: {text: Achieved}
        previous: {text: "No"}
      - code: nhs-health-checks-offered
        title: NHS Health Checks offered (measure paused)
        unit: percentage
        good_is: n/a
        latest: {text: n/a}
"""
CODES = ["smoking-at-delivery", "carers-strategy-refreshed", "nhs-health-checks-offered"]


def write(tmp_path, text, name="table.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def stored():
    return sorted(Value.objects.filter(indicator__code__in=CODES).values_list(
        "indicator__code", "kind", "comparator", "period", "period_start", "period_end", "value", "text", "display"))


def test_a_measure_table_loads_with_unstated_periods_and_reloads_unchanged(tmp_path):
    path = write(tmp_path, TABLE)
    load_files([path])
    smoking = Indicator.objects.get(code="smoking-at-delivery")
    assert (smoking.polarity, smoking.good_is) == ("low", "Low")  # "Good is" sets the direction
    values = {(v.kind, v.period): v for v in smoking.values.all()}
    assert set(values) == {("actual", "Latest"), ("actual", "Previous"), ("target", "Latest"), ("comparator", "")}
    assert all(v.period_start is None and v.period_end is None and not v.period_stated for v in values.values())
    assert float(values["actual", "Latest"].value) == 12.1 and values["actual", "Previous"].display == "13.0%"
    national = values["comparator", ""]
    assert (national.comparator, float(national.value), national.display) == ("National", 10.6, "10.6%")
    carers = Indicator.objects.get(code="carers-strategy-refreshed")
    assert (carers.polarity, carers.good_is) == ("none", "Yes")
    assert carers.values.get(period="Latest").text == "Achieved"
    before = stored()
    report = load_files([path])
    assert stored() == before
    assert not [kind for counts in report.counts.values() for kind in counts if kind != "unchanged"]


def test_polarity_may_be_given_beside_good_is_when_they_agree(tmp_path):
    load_files([write(tmp_path, TABLE.replace("good_is: Low", "good_is: Low\n        polarity: low"))])
    assert Indicator.objects.get(code="smoking-at-delivery").polarity == "low"


def test_a_yes_target_and_partial_value_in_its_own_period_load(tmp_path):
    load_files([write(tmp_path, """\
        format: wellboard/1
        indicators:
          - code: dated-yes-no
            title: Dated yes/no measure
            unit: yes_no
            targets: [{period: 18/19, text: "Yes"}]
            actuals:
              - {period: YTD Feb 18, value: 10}
              - {period: 18/19, value: 12, as_of: Feb 19}
    """)])
    ind = Indicator.objects.get(code="dated-yes-no")
    assert ind.values.get(kind="target").text == "Yes"
    partial = ind.values.get(period="18/19", kind="actual")
    assert (partial.period_start.isoformat(), partial.period_end.isoformat()) == ("2018-04-01", "2019-02-28")


@pytest.mark.parametrize("broken, expected", [
    (TABLE.replace("good_is: Low", "good_is: Upwards"),
     "table.yaml:6: indicators[0].good_is: 'Good is' 'Upwards' is not one Wellboard can read"),
    (TABLE.replace("good_is: Low", "good_is: Low\n        polarity: high"),
     "indicators[0].polarity: polarity 'high' disagrees with good_is 'Low'"),
    (TABLE.replace('good_is: "Yes"', "good_is: Yes"), "indicators[1].good_is:"),  # bare Yes is YAML's true
    (TABLE.replace("        latest: {value: 12.1, display: 12.1%}\n", ""),
     "indicators[0].previous: a measure table needs its latest value (latest)"),
    (TABLE.replace("latest: {text: Achieved}", "latest: {display: Achieved}"),
     "indicators[1].latest: give a value (a number) or a text"),
    (TABLE.replace("target: {value: 11, display: 11%}", "target: {text: Soon}"),
     "indicators[0].target: a target is a number (value) or one of Increase, Reduce, Maintain, TBC, Yes, No"),
    (TABLE.replace("target: {value: 11, display: 11%}", "target: {value: 11, text: TBC}"),
     "indicators[0].target.text: give a target as value or text, not both"),
    (TABLE.replace("latest: {text: n/a}", "latest: {text: n/a}\n        actuals: [{period: 18/19, value: 3}]"),
     "indicators[2].latest: latest, previous and target are a measure table's cells"),
    (TABLE.replace("latest: {text: n/a}", "latest: {text: n/a, officer_rag: G}"),
     "indicators[2].latest.officer_rag: an officer RAG needs the indicator's strategy"),
    (TABLE.replace("{name: National, value: 10.6", "{name: National, period: Sometime, value: 10.6"),
     "indicators[0].comparators[0].period: cannot read period 'Sometime'"),
    (TABLE.replace("latest: {text: n/a}", "latest: {text: n/a}\n        prior: {text: n/a}"),
     "indicators[2].prior: unknown field"),
])
def test_a_broken_measure_table_is_reported_and_nothing_loads(tmp_path, broken, expected):
    with pytest.raises(DataFileError) as info:
        load_files([write(tmp_path, broken)])
    assert any(expected in line for line in info.value.errors), info.value.errors
    assert not Indicator.objects.filter(code__in=CODES).exists()


DATED = """\
    format: wellboard/1
    indicators:
      - code: dated
        title: Dated measure
        actuals:
          - {period: 18/19, value: 12, as_of: Feb 19}
"""


@pytest.mark.parametrize("as_of, expected", [
    ("Q3 2018/19", "indicators[0].actuals[0].as_of: as_of 'Q3 2018/19' is not a month"),
    ("Feb 18", "indicators[0].actuals[0].as_of: as_of 'Feb 18' is not within the period '18/19'"),
    ("Febtember 19", "indicators[0].actuals[0].as_of: cannot read period 'Febtember 19'"),
])
def test_as_of_must_be_a_month_inside_its_period(tmp_path, as_of, expected):
    # Before this check, a quarter here passed the checker and then failed while writing.
    with pytest.raises(DataFileError) as info:
        load_files([write(tmp_path, DATED.replace("as_of: Feb 19", f"as_of: {as_of}"))])
    assert any(expected in line for line in info.value.errors), info.value.errors
    assert not Indicator.objects.filter(code="dated").exists()
