"""Numbers, dates, times and sizes written for a language, without the system's locales."""

import datetime as dt
import math

from videoacta.core import basque
from videoacta.labels.model import Formats

MEGABYTE = 1_000_000
EN_DASH = "\u2013"


def number(value: float, formats: Formats, decimals: int = 0) -> str:
    """`1234567.5` as `1.234.567,5` (ca, es, gl, eu) or `1,234,567.5` (en)."""
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", formats.thousands + formats.decimal))


def count(value: float, formats: Formats) -> str:
    """A vote count: whole numbers as such, weights with up to three decimals."""
    if value == int(value):
        return number(value, formats)
    text = number(value, formats, 3).rstrip("0")
    return text.rstrip(formats.decimal)


def size(value: int, formats: Formats) -> str:
    """A file size: the exact bytes, and megabytes (SI) to read at a glance."""
    exact = formats.byte_count.format(n=number(value, formats))
    if value < MEGABYTE:
        return exact
    return f"{exact} ({number(value / MEGABYTE, formats, 1)} MB)"


def date(day: dt.date, formats: Formats, *, weekday: bool = True) -> str:
    """`dijous, 29 d'octubre de 2026`, `Thursday 29 October 2026`, `2026ko urriaren 29a,
    osteguna`; without the weekday, `29 d'octubre de 2026`. Basque templates use `{year_ko}`
    and `{day_a}`, the numerals with their suffixes (basque.py)."""
    template = formats.date if weekday else formats.short_date
    return template.format(
        weekday=formats.weekdays[day.weekday()],
        day=day.day,
        month=formats.months[day.month - 1],
        year=day.year,
        year_ko=basque.year_of(day.year),
        day_a=basque.day_with_article(day.day),
    )


def clock(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """The wall-clock time in the session's time zone, to the second."""
    return moment.astimezone(zone).strftime("%H:%M:%S")


def offset(seconds: float) -> str:
    """A position in the recording as H:MM:SS (rounded down to the second it falls in)."""
    whole = max(0, math.floor(seconds + 1e-6))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def duration(seconds: float) -> str:
    """A length of time as H:MM:SS, rounded to the nearest second."""
    return offset(round(seconds))


def fragment(seconds: float) -> str:
    """The `t=` of a media fragment (`recording.mp4#t=75.5`): seconds, at most 3 decimals."""
    text = f"{max(0.0, seconds):.3f}".rstrip("0").rstrip(".")
    return text or "0"


def span(start: str, end: str) -> str:
    """Two ends of a span of time, joined by an en dash: `0:00:10 - 0:00:24` in print."""
    return f"{start} {EN_DASH} {end}"
