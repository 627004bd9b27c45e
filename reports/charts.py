"""Server-rendered SVG charts: the same markup on the summary page and in the
printed report, readable without JavaScript and on paper. Every text is
escaped here; callers pass plain strings."""

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#8b1e1e", "#c0792b", "#2f6f8f", "#5b8c3a", "#7a5195", "#b5475f", "#3d5a80", "#9c6644"]
FONT = "font-family=\"'Times New Roman', Tinos, 'Liberation Serif', serif\""


@dataclass
class Bar:
    label: str
    value: int
    href: str = ""


def _num(value: int) -> str:
    return number_format(value, force_grouping=True)


def _link(href: str, inner: str) -> str:
    return f"<a href={quoteattr(href)}>{inner}</a>" if href else inner


def bar_chart(bars: list[Bar], *, title: str, unit: str = "", width: int = 680) -> SafeString:
    """Horizontal bars, one per row, the value written at the end of each."""
    label_width, bar_height, gap, top = 250, 20, 8, 30
    value_room = 120
    plot = width - label_width - value_room
    peak = max((b.value for b in bars), default=0) or 1
    height = top + len(bars) * (bar_height + gap) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label={quoteattr(title)} {FONT} font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="bold" font-size="14">{escape(title)}</text>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * (bar_height + gap)
        length = max(1, round(plot * bar.value / peak)) if bar.value else 0
        label = bar.label if len(bar.label) <= 38 else bar.label[:36] + "…"
        value = _num(bar.value) + (f" {unit}" if unit else "")
        parts.append(
            f"<g><title>{escape(bar.label)}: {escape(value)}</title>"
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            + _link(
                bar.href,
                f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="{PALETTE[0]}"/>',
            )
            + f'<text x="{label_width + length + 6}" y="{y + 15}">{escape(value)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def column_chart(bars: list[Bar], *, title: str, unit: str = "", width: int = 680, height: int = 240) -> SafeString:
    """Vertical columns (e.g. the twelve months)."""
    left, bottom, top = 10, 36, 34
    plot_h = height - top - bottom
    step = (width - left * 2) / max(len(bars), 1)
    peak = max((b.value for b in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label={quoteattr(title)} {FONT} font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="bold" font-size="14">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - left}" y2="{top + plot_h}" stroke="#999"/>',
    ]
    for i, bar in enumerate(bars):
        h = round(plot_h * bar.value / peak) if bar.value else 0
        x = left + i * step + step * 0.15
        w = step * 0.7
        value = _num(bar.value) + (f" {unit}" if unit else "")
        parts.append(
            f"<g><title>{escape(bar.label)}: {escape(value)}</title>"
            + _link(
                bar.href, f'<rect x="{x:.1f}" y="{top + plot_h - h}" width="{w:.1f}" height="{h}" fill="{PALETTE[2]}"/>'
            )
            + f'<text x="{x + w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{escape(bar.label)}</text>'
            + (
                f'<text x="{x + w / 2:.1f}" y="{top + plot_h - h - 4}" text-anchor="middle" font-size="10">'
                f"{escape(_short(bar.value))}</text>"
                if bar.value
                else ""
            )
            + "</g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def share_bar(parts_in: list[Bar], *, title: str, unit: str = "", width: int = 680) -> SafeString:
    """One stacked bar of shares (e.g. funding by source) with a legend."""
    total = sum(b.value for b in parts_in) or 1
    height = 60 + 22 * len(parts_in)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label={quoteattr(title)} {FONT} font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="bold" font-size="14">{escape(title)}</text>',
    ]
    x = 0.0
    for i, bar in enumerate(parts_in):
        w = (width - 2) * bar.value / total
        parts.append(
            _link(
                bar.href, f'<rect x="{x:.1f}" y="26" width="{w:.1f}" height="18" fill="{PALETTE[i % len(PALETTE)]}"/>'
            )
        )
        x += w
    for i, bar in enumerate(parts_in):
        y = 62 + 22 * i
        share = round(bar.value * 100 / total, 1) if total else 0
        text = f"{bar.label}: {_num(bar.value)}{' ' + unit if unit else ''} ({number_format(share, 1)}%)"
        parts.append(
            f'<rect x="0" y="{y - 11}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="18" y="{y}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _short(value: int) -> str:
    """1.250.000.000 → "1,25 tỷ"; 3.400.000 → "3,4 tr"; small numbers as they are."""
    if value >= 10**9:
        return number_format(round(value / 10**9, 2), 2).rstrip("0").rstrip(",") + " tỷ"
    if value >= 10**6:
        return number_format(round(value / 10**6, 1), 1).rstrip("0").rstrip(",") + " tr"
    return _num(value)
