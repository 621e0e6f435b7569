"""Server-rendered bar charts: SVG that needs no JavaScript, always shown beside a table of the same figures."""

import textwrap
from dataclasses import dataclass
from decimal import Decimal

BAR_AREA = 100  # percent of the chart's width that the longest bar takes
# Each bar has its label whole above it, wrapped at word boundaries: never cut off (WCAG 1.4.10). The chart is
# 600 units wide; 14-unit text fits about 60 characters on a line.
LABEL_CHARACTERS = 60
LABEL_LINE = 18
BAR_HEIGHT = 20
GAP = 14


@dataclass
class Bar:
    label: str
    value: Decimal | int
    display: str
    width: float  # percentage of the bar area
    y: int  # top of the bar's row
    lines: list[str]  # the label, wrapped
    bar_y: int  # top of the bar within its row, below the label


def bar_chart(rows: list[tuple[str, Decimal | int, str]]) -> dict:
    """Rows of (label, value, value as shown) → bars with widths relative to the largest value."""
    largest = max((value for _label, value, _shown in rows), default=0) or 1
    bars, y = [], 0
    for label, value, shown in rows:
        lines = textwrap.wrap(str(label), LABEL_CHARACTERS, break_long_words=False) or [""]
        bar_y = len(lines) * LABEL_LINE + 4
        bars.append(Bar(label=label, value=value, display=shown, width=round(float(value) / float(largest) * BAR_AREA, 2),
                        y=y, lines=lines, bar_y=bar_y))  # fmt: skip
        y += bar_y + BAR_HEIGHT + GAP
    return {"bars": bars, "height": max(y, 1), "line_height": LABEL_LINE, "bar_height": BAR_HEIGHT}
