"""Pieces every builder needs: ratings, rich text and indicator values as model cells."""

from __future__ import annotations

import re
from decimal import Decimal

from wellboard.core.richtext import clean_html, plain_text

from .model import Cell, RagKey, Rating

# The number a value's text starts with, as the paper writes it: "13,156", "92.3%", "-4.5", "£1,200".
_LEADING_NUMBER = re.compile(r"^\s*(?P<cur>£)?(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*(?P<pct>%)?")


def rating(r) -> Rating | None:
    """A RagRating row as the model's Rating (None stays None: "Not rated")."""
    if r is None:
        return None
    return Rating(code=r.code, label=r.label, colour=r.colour, symbol=r.symbol, criteria=r.criteria,
                  is_boards=r.source == r.Source.BOARD)


def rag_key(ratings) -> RagKey:
    return RagKey([rating(r) for r in ratings])


def rich_cell(text: str, **kw) -> Cell:
    """Stored rich text: plain for spreadsheets and CSV, sanitised HTML for formats that draw it."""
    return Cell(text=plain_text(text or ""), html=clean_html(text or "") if text else None, **kw)


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def number_format(decimals: int, thousands: bool = True, percent: bool = False) -> str:
    base = ("#,##0" if thousands else "0") + ("." + "0" * decimals if decimals else "")
    return base + ("%" if percent else "")


def value_cell(value, unit: str = "") -> Cell:
    """An indicator value: the text as the paper writes it, and the number with a matching format.
    What follows the number in the paper's text ("Feb 19" in "13,156 Feb 19") is the qualifier."""
    if value is None:
        return Cell()
    written = value.display or value.text or ""
    number = value.value
    if number is None:
        return Cell(text=written)
    match = _LEADING_NUMBER.match(written) if written else None
    if match:
        digits = match.group("num")
        percent = bool(match.group("pct")) or unit == "percentage"
        fmt = number_format(_decimals(digits), thousands="," in digits or abs(number) >= 1000, percent=percent)
        if match.group("cur"):
            fmt = "£" + fmt
        qualifier = written[match.end():].strip()
    else:
        percent = unit == "percentage"
        digits = format(number.normalize(), "f") if isinstance(number, Decimal) else str(number)
        fmt = number_format(_decimals(digits), thousands=abs(number) >= 1000, percent=percent)
        qualifier = ""
        written = written or _written(number, fmt)
    as_number = float(number) / 100 if percent else _plain_number(number)
    return Cell(text=written, number=as_number, number_format=fmt, qualifier=qualifier)


def _plain_number(number) -> int | float:
    return int(number) if number == int(number) else float(number)


def _written(number, fmt: str) -> str:
    """The number as its format would print it, for a value stored without the paper's text."""
    decimals = len(fmt.split(".", 1)[1].rstrip("%")) if "." in fmt else 0
    text = f"{float(number):,.{decimals}f}" if "," in fmt else f"{float(number):.{decimals}f}"
    return text + ("%" if fmt.endswith("%") else "")
