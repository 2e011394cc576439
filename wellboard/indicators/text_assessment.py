"""Assessing what is not a number: yes/no actuals and "Good is" words with no direction.

Pure Python, no Django: part of the assessment engine, beside :mod:`assessment`.

Measure tables print actuals such as "Yes", "n/a" or "Achieved", and "Good is" as
``High``/``Low`` or as ``Yes``, ``No`` or ``n/a``. A red/amber/green rating needs a number,
a target and a better direction; without them Wellboard says what it can and no more:

* ``met`` / ``not-met``: a yes/no actual against what is wanted, which is the target when
  the target is a yes/no word ("Yes"), otherwise "Good is" when that is Yes or No;
* ``not-assessed``: "Good is" n/a; an actual of "n/a"; an actual that is not a yes/no
  word; nothing wanted to compare it with; or a number whose "Good is" is not a
  direction (Yes, No, n/a). The explanation says which.

Yes words: yes, y, achieved, met, complete, completed, in place. No words: no, n, not
achieved, not met, not in place. Not-applicable words: n/a, na, not applicable. Words
are read in any case, ignoring surrounding spaces and a final full stop.
"""

from __future__ import annotations

from .assessment import Rating

__all__ = ["DIRECTION_WORDS", "TEXT_STATUSES", "assess_number_without_direction", "assess_text",
           "polarity_of", "yes_no"]

TEXT_STATUSES = ("met", "not-met", "not-assessed")
YES, NO, NOT_APPLICABLE = "yes", "no", "n/a"
_WORDS = {
    **dict.fromkeys(("yes", "y", "achieved", "met", "complete", "completed", "in place"), YES),
    **dict.fromkeys(("no", "n", "not achieved", "not met", "not in place"), NO),
    **dict.fromkeys(("n/a", "na", "not applicable"), NOT_APPLICABLE),
}
# "Good is" words that name a numeric direction, and the polarity each means.
DIRECTION_WORDS = {"high": "high", "higher": "high", "low": "low", "lower": "low", "maintain": "maintain"}


def yes_no(text: str | None) -> str | None:
    """``yes``, ``no`` or ``n/a`` for a word meaning one of them; None for anything else."""
    if not text:
        return None
    return _WORDS.get(" ".join(text.split()).rstrip(".").casefold())


def polarity_of(good_is: str) -> str | None:
    """The polarity a "Good is" word means: high/low/maintain, ``none`` for Yes/No/n/a, else None."""
    word = " ".join(good_is.split()).casefold()
    if word in DIRECTION_WORDS:
        return DIRECTION_WORDS[word]
    return "none" if yes_no(word) is not None else None


def assess_text(actual: str, target: str | None = None, good_is: str = "") -> Rating:
    """Rate a text actual against a yes/no target or "Good is" (rules in the module docstring)."""
    wanted_by_good_is = yes_no(good_is)
    if wanted_by_good_is == NOT_APPLICABLE:
        return Rating("not-assessed", f"\u201c{actual}\u201d: Good is {good_is}, so not assessed")
    read = yes_no(actual)
    if read == NOT_APPLICABLE:
        return Rating("not-assessed", f"\u201c{actual}\u201d: not applicable, so not assessed")
    wanted, against = yes_no(target), f"a target of {target}"
    if wanted not in (YES, NO):
        wanted, against = wanted_by_good_is, f"Good is {good_is}"
    if wanted not in (YES, NO):
        return Rating("not-assessed", f"\u201c{actual}\u201d: no yes/no target or Good is to assess it against")
    if read is None:
        return Rating("not-assessed", f"\u201c{actual}\u201d cannot be read as yes or no, so not assessed")
    if read == wanted:
        return Rating("met", f"\u201c{actual}\u201d against {against}: met")
    return Rating("not-met", f"\u201c{actual}\u201d against {against}: not met")


def assess_number_without_direction(shown: str, good_is: str) -> Rating:
    """A number whose "Good is" is Yes, No or n/a: there is no better direction to rate it by."""
    return Rating("not-assessed", f"{shown}: Good is {good_is}, which is not a direction, so not rated")
