"""The plan's map (matplotlib, optional dependency)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from lastleg.assignment.problem import AssignmentProblem
from lastleg.plan.geometry import road_segments, route_line, route_points
from lastleg.plan.round import PlanRound

KIND_STYLE = {0: ("s", "black", "warehouse"), 1: ("^", "tab:blue", "store"),
              2: ("D", "tab:purple", "mfc"), 3: ("P", "tab:brown", "hub")}


def plot_plan(p: AssignmentProblem, chosen: PlanRound, kpis: dict[str, Any], path: Path) -> Path:
    """Draw the chosen round's routes to ``path`` (PNG)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        msg = "Plan.plot needs matplotlib (pip install 'lastleg[plot]')"
        raise ImportError(msg) from exc
    fig, ax = plt.subplots(figsize=(11, 10), dpi=110)
    roads = road_segments(p)
    if roads is not None:  # the streets underneath, faintly
        from matplotlib.collections import LineCollection

        ax.add_collection(LineCollection(roads.reshape(-1, 2, 2)[:, :, ::-1], colors="0.82",
                                         linewidths=0.4, zorder=0, rasterized=True))
    carrier = chosen.parcels.order[chosen.parcels.mode == 1]
    ax.scatter(p.order_lon[carrier], p.order_lat[carrier], s=1, c="0.8", label="carrier parcel",
               rasterized=True)
    cmap = plt.get_cmap("tab20")
    colour = 0
    for n in chosen.nodes:
        if n.solution is None:
            continue
        for route in n.solution.routes:
            if len(route.stops) == 0:
                continue
            line = route_line(p, chosen, n, route)
            stops = route_points(p, chosen, n, route)[1:-1]
            ax.plot(line[:, 1], line[:, 0], "-", lw=0.7, color=cmap(colour % 20), alpha=0.9)
            ax.scatter(stops[:, 1], stops[:, 0], s=3, color=cmap(colour % 20))
            colour += 1
    unserved = np.flatnonzero(chosen.order_status == "unserved")
    if len(unserved):
        ax.scatter(p.order_lon[unserved], p.order_lat[unserved], s=14, marker="x", c="red",
                   lw=0.8, label=f"unserved ({len(unserved)})")
    for kind, (marker, colour_name, label) in KIND_STYLE.items():
        idx = np.flatnonzero(p.node_kind == kind)
        if len(idx):
            ax.scatter(p.node_lon[idx], p.node_lat[idx], s=90, marker=marker, c=colour_name,
                       edgecolors="white", linewidths=1.0, zorder=5, label=label)
    k = kpis
    ax.set_title(f"lastleg plan: {k['orders_total']:,} orders, {k['vehicles_used']} routes, "
                 f"{k['km']:,.0f} km, total cost {k['total_cost']:,.0f}")
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_aspect(1 / np.cos(np.radians(float(np.mean(p.order_lat)))))
    ax.autoscale_view()
    if roads is not None:  # frame the plan, not the whole extract
        lat = np.concatenate([p.node_lat, p.order_lat])
        lon = np.concatenate([p.node_lon, p.order_lon])
        pad_lat, pad_lon = 0.03 * np.ptp(lat) + 1e-3, 0.03 * np.ptp(lon) + 1e-3
        ax.set_xlim(lon.min() - pad_lon, lon.max() + pad_lon)
        ax.set_ylim(lat.min() - pad_lat, lat.max() + pad_lat)
    ax.legend(loc="upper right", fontsize=8, markerscale=1.5)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    plt.close(fig)
    return path
