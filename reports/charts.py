"""Server-rendered bar charts (SVG) for the reports: no script, no CDN, readable without colour.

Each chart is drawn from the same rows as the data table shown under it; the SVG carries a title and a
description (role="img"), and every bar its value written next to it, so the chart adds a picture to
the table and hides nothing from whoever reads the table instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BAR_HEIGHT = 22
BAR_GAP = 10
LABEL_WIDTH = 260
PLOT_WIDTH = 360
VALUE_WIDTH = 70
COLUMN_WIDTH = 44
COLUMN_PLOT_HEIGHT = 160


@dataclass
class Bar:
    label: str
    value: float
    text: str
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    label_x: float = 0
    label_y: float = 0
    value_x: float = 0
    value_y: float = 0


@dataclass
class Chart:
    """A horizontal (`bars`) or vertical (`columns`) bar chart, laid out for its template."""

    id: str
    title: str
    description: str
    kind: str
    bars: list[Bar] = field(default_factory=list)
    width: int = 0
    height: int = 0
    axis_y: float = 0

    @property
    def is_empty(self) -> bool:
        return not self.bars


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def horizontal_bars(
    *, id: str, title: str, description: str, rows: list[tuple[str, float, str]], maximum: float | None = None
) -> Chart:
    """One bar per (label, value, text shown at its end); `maximum` fixes the scale (100 for percentages)."""
    top = maximum or max((value for _label, value, _text in rows), default=0) or 1
    chart = Chart(id=id, title=title, description=description, kind="bars")
    for index, (label, value, text) in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = round(PLOT_WIDTH * (value or 0) / top, 1)
        chart.bars.append(
            Bar(
                label=_short(label),
                value=value,
                text=text,
                x=LABEL_WIDTH,
                y=y,
                width=max(width, 1 if value else 0),
                height=BAR_HEIGHT,
                label_x=LABEL_WIDTH - 8,
                label_y=y + BAR_HEIGHT * 0.7,
                value_x=LABEL_WIDTH + max(width, 1) + 6,
                value_y=y + BAR_HEIGHT * 0.7,
            )
        )
    chart.width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    chart.height = max(len(rows) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, BAR_HEIGHT)
    return chart


def columns(*, id: str, title: str, description: str, rows: list[tuple[str, float, str]]) -> Chart:
    """One column per (label, value, text above it), left to right (a time series)."""
    top = max((value for _label, value, _text in rows), default=0) or 1
    chart = Chart(id=id, title=title, description=description, kind="columns")
    value_band = 20
    for index, (label, value, text) in enumerate(rows):
        height = round(COLUMN_PLOT_HEIGHT * (value or 0) / top, 1)
        x = index * COLUMN_WIDTH + 8
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                text=text,
                x=x,
                y=value_band + COLUMN_PLOT_HEIGHT - height,
                width=COLUMN_WIDTH - 12,
                height=height,
                label_x=x + (COLUMN_WIDTH - 12) / 2,
                label_y=value_band + COLUMN_PLOT_HEIGHT + 16,
                value_x=x + (COLUMN_WIDTH - 12) / 2,
                value_y=value_band + COLUMN_PLOT_HEIGHT - height - 5,
            )
        )
    chart.axis_y = value_band + COLUMN_PLOT_HEIGHT
    chart.width = max(len(rows) * COLUMN_WIDTH + 16, 200)
    chart.height = value_band + COLUMN_PLOT_HEIGHT + 28
    return chart


def funnel_chart(*, funnel) -> Chart:
    """Module by module, the share of enrolled learners who opened it."""
    return horizontal_bars(
        id="chart-funnel",
        title="Progression module par module",
        description="Part des inscrit·es ayant ouvert au moins une leçon de chaque module, dans l'ordre du parcours.",
        rows=[
            (
                f"{step.number}. {step.module.title}",
                step.reached_percent or 0,
                f"{step.reached_percent} %" if step.reached_percent is not None else "—",
            )
            for step in funnel
        ],
        maximum=100,
    )


def completions_chart(*, months: list[tuple[str, int]]) -> Chart:
    return columns(
        id="chart-completions",
        title="Parcours terminés par mois",
        description="Nombre d'apprenant·es ayant terminé le parcours chaque mois, sur les douze derniers mois.",
        rows=[(label, count, str(count)) for label, count in months],
    )


def success_chart(*, rows: list[dict]) -> Chart:
    """Per question, the share of right answers (questions still awaiting a trainer's mark are left out)."""
    return horizontal_bars(
        id="chart-success",
        title="Taux de bonnes réponses par question",
        description="Pour chaque question, la part des réponses justes, de la moins réussie à la mieux réussie.",
        rows=[
            (str(row["question"]) if row["question"] else "(question supprimée)", row["success_rate"], f"{row['success_rate']} %")
            for row in rows
            if row["success_rate"] is not None
        ],
        maximum=100,
    )
