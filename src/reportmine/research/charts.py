"""Charts for readers who have not seen the data: labelled axes, units, sources."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt
import pandas as pd


def theme_heatmap(table: pd.DataFrame, path: str | Path) -> Path:
    """Group x theme heatmap of the share of paragraphs tagged with each theme."""
    grid = table.pivot(index="group", columns="theme", values="share").fillna(0.0)
    fig, ax = plt.subplots(
        figsize=(max(8, 0.55 * grid.shape[1] + 3), max(3, 0.5 * grid.shape[0] + 2))
    )
    image = ax.imshow(grid.values * 100, cmap="Blues", aspect="auto")
    ax.set_xticks(range(grid.shape[1]), grid.columns, rotation=60, ha="right")
    ax.set_yticks(range(grid.shape[0]), grid.index)
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            value = grid.values[i, j] * 100
            ax.text(
                j,
                i,
                f"{value:.0f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value > 15 else "black",
            )
    group_by = table["group_by"].iloc[0] if "group_by" in table else "group"
    ax.set_xlabel("theme (tagged by the reportmine theme classifier)")
    ax.set_ylabel(group_by)
    ax.set_title(f"Share of report paragraphs raising each theme, by {group_by} (%)")
    fig.colorbar(image, ax=ax, label="% of paragraphs")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
