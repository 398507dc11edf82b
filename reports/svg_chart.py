"""Line charts as plain geometry for inline SVG: no script, no library, nothing fetched.

Scores run from 0 to 100 on the y axis and runs are spaced evenly along x (runs are events, not
a clock), so a gap of months and a gap of a day look alike and every run stays readable. A run
where a series has no value breaks its line instead of drawing a misleading slope.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 760
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 40, 40, 10, 28
TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    segments: list[str]
    """SVG ``points`` strings, one per unbroken run of values."""
    dots: list[tuple[float, float, float]]
    """x, y and the value, for a dot with a tooltip at each run."""


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    lines: list[Line]
    y_ticks: list[tuple[float, int]]
    x_labels: list[tuple[float, str]]
    left: int = LEFT
    right: float = WIDTH - RIGHT


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _y(value: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - max(0.0, min(100.0, value)) / 100)


def line_chart(
    series: Sequence[tuple[str, Sequence[float | None]]], x_labels: Sequence[str]
) -> Chart:
    """Geometry for one chart of several 0-100 series over the same runs."""
    count = len(x_labels)
    lines = []
    for label, values in series:
        segments: list[str] = []
        current: list[str] = []
        dots = []
        for index, value in enumerate(values):
            if value is None:
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            x, y = _x(index, count), _y(value)
            current.append(f"{x:.1f},{y:.1f}")
            dots.append((round(x, 1), round(y, 1), value))
        if current:
            segments.append(" ".join(current))
        lines.append(Line(label, segments, dots))
    every = max(1, count // 8)  # at most about eight labels fit under the axis
    labels = [(_x(i, count), text) for i, text in enumerate(x_labels) if i % every == 0]
    return Chart(WIDTH, HEIGHT, lines, [(_y(t), t) for t in TICKS], labels)
