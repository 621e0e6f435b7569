"""Server-rendered bar charts: SVG that needs no JavaScript, always shown beside a table of the same figures."""

from dataclasses import dataclass
from decimal import Decimal

BAR_AREA = 100  # percent of the chart's width that the longest bar takes


@dataclass
class Bar:
    label: str
    value: Decimal | int
    display: str
    width: float  # percentage of the bar area
    y: int


def bar_chart(rows: list[tuple[str, Decimal | int, str]], *, row_height: int = 32) -> dict:
    """Rows of (label, value, value as shown) → bars with widths relative to the largest value."""
    largest = max((value for _label, value, _shown in rows), default=0) or 1
    bars = [
        Bar(label=label, value=value, display=shown, width=round(float(value) / float(largest) * BAR_AREA, 2),
            y=index * row_height)
        for index, (label, value, shown) in enumerate(rows)
    ]  # fmt: skip
    return {"bars": bars, "height": max(1, len(bars)) * row_height, "row_height": row_height}
