"""Server-rendered SVG charts: the same markup on the summary page and in the
printed report, readable without JavaScript and on paper. This module works
out the geometry; the SVG comes from templates (reports/charts/), which
escape every text."""

import html
from dataclasses import dataclass
from functools import cache

from django.template.loader import get_template
from django.utils.formats import number_format
from django.utils.safestring import SafeString

PALETTE = ["#8b1e1e", "#c0792b", "#2f6f8f", "#5b8c3a", "#7a5195", "#b5475f", "#3d5a80", "#9c6644"]
FONT = "'Times New Roman', Tinos, 'Liberation Serif', serif"


@dataclass
class Bar:
    label: str
    value: int
    href: str = ""


@cache
def _template(name: str):
    # Compiled once per process: charts are drawn on every summary page.
    return get_template(f"reports/charts/{name}.svg")


def _render(name: str, context: dict) -> SafeString:
    # Every value arrives as an escaped string (see _text): a number in a
    # template is localised and a string escaped on the way out, which would
    # cost more than the drawing.
    return _template(name).render({"font": _text(FONT), **context})


def _text(value) -> SafeString:
    return SafeString(html.escape(str(value)))


def _num(value: int) -> str:
    return number_format(value, force_grouping=True)


def _valued(value: int, unit: str) -> str:
    return _num(value) + (f" {unit}" if unit else "")


LABEL_CHARS = 38


def _label_lines(label: str) -> list[tuple[str, int]]:
    """The label beside a bar, whole: on one line when it fits, else on two
    lines broken between words (a longer second line ends with "…"); each
    with its offset from the top of the row."""
    if len(label) <= LABEL_CHARS:
        return [(label, 15)]
    cut = label.rfind(" ", 0, LABEL_CHARS + 1)
    if cut <= 0:
        cut = LABEL_CHARS
    first, rest = label[:cut].rstrip(), label[cut:].strip()
    if len(rest) > LABEL_CHARS:
        rest = rest[: LABEL_CHARS - 1].rstrip() + "…"
    return [(first, 10), (rest, 24)]


def bar_chart(bars: list[Bar], *, title: str, unit: str = "", width: int = 680) -> SafeString:
    """Horizontal bars, one per row, the value written at the end of each."""
    label_width, bar_height, top = 250, 20, 30
    gap = 14 if any(len(b.label) > LABEL_CHARS for b in bars) else 8  # room for labels on two lines
    plot = width - label_width - 120
    peak = max((b.value for b in bars), default=0) or 1
    rows = []
    for i, bar in enumerate(bars):
        y = top + i * (bar_height + gap)
        length = max(1, round(plot * bar.value / peak)) if bar.value else 0
        rows.append(
            {
                "full_label": _text(bar.label),
                "href": _text(bar.href),
                "lines": [(_text(line), _text(y + dy)) for line, dy in _label_lines(bar.label)],
                "value": _text(_valued(bar.value, unit)),
                "y": _text(y),
                "text_y": _text(y + 15),
                "length": _text(length),
                "value_x": _text(label_width + length + 6),
            }
        )
    return _render(
        "bar",
        {
            "title": _text(title),
            "width": _text(width),
            "height": _text(top + len(bars) * (bar_height + gap) + 10),
            "label_x": _text(label_width - 8),
            "bar_x": _text(label_width),
            "bar_height": _text(bar_height),
            "fill": _text(PALETTE[0]),
            "rows": rows,
        },
    )


def column_chart(bars: list[Bar], *, title: str, unit: str = "", width: int = 680, height: int = 240) -> SafeString:
    """Vertical columns (e.g. the twelve months)."""
    left, bottom, top = 10, 36, 34
    plot_h = height - top - bottom
    step = (width - left * 2) / max(len(bars), 1)
    peak = max((b.value for b in bars), default=0) or 1
    columns = []
    for i, bar in enumerate(bars):
        h = round(plot_h * bar.value / peak) if bar.value else 0
        x = left + i * step + step * 0.15
        w = step * 0.7
        columns.append(
            {
                "label": _text(bar.label),
                "href": _text(bar.href),
                "value": _text(_valued(bar.value, unit)),
                "short": _text(_short(bar.value)) if bar.value else "",
                "x": _text(f"{x:.1f}"),
                "w": _text(f"{w:.1f}"),
                "y": _text(top + plot_h - h),
                "h": _text(h),
                "middle": _text(f"{x + w / 2:.1f}"),
                "label_y": _text(top + plot_h + 16),
                "short_y": _text(top + plot_h - h - 4),
            }
        )
    return _render(
        "column",
        {
            "title": _text(title),
            "width": _text(width),
            "height": _text(height),
            "axis": {"x1": _text(left), "x2": _text(width - left), "y": _text(top + plot_h)},
            "fill": _text(PALETTE[2]),
            "columns": columns,
        },
    )


def share_bar(parts_in: list[Bar], *, title: str, unit: str = "", width: int = 680) -> SafeString:
    """One stacked bar of shares (e.g. funding by source) with a legend."""
    total = sum(b.value for b in parts_in) or 1
    x = 0.0
    shares = []
    for i, bar in enumerate(parts_in):
        w = (width - 2) * bar.value / total
        share = round(bar.value * 100 / total, 1)
        shares.append(
            {
                "href": _text(bar.href),
                "x": _text(f"{x:.1f}"),
                "w": _text(f"{w:.1f}"),
                "fill": _text(PALETTE[i % len(PALETTE)]),
                "legend_y": _text(62 + 22 * i),
                "swatch_y": _text(51 + 22 * i),
                "text": _text(f"{bar.label}: {_valued(bar.value, unit)} ({number_format(share, 1)}%)"),
            }
        )
        x += w
    return _render(
        "share", {"title": title, "width": str(width), "height": str(60 + 22 * len(parts_in)), "shares": shares}
    )


def _short(value: int) -> str:
    """1.250.000.000 → "1,25 tỷ"; 3.400.000 → "3,4 tr"; small numbers as they are."""
    if value >= 10**9:
        return number_format(round(value / 10**9, 2), 2).rstrip("0").rstrip(",") + " tỷ"
    if value >= 10**6:
        return number_format(round(value / 10**6, 1), 1).rstrip("0").rstrip(",") + " tr"
    return _num(value)
