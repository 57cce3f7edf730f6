"""A small SVG bar chart of benchmark latency, written by hand (no plotting
dependency): one group per operation, one horizontal bar per runtime, bar
length = median time relative to a reference runtime (crun), with the
reference drawn as a dashed line at 1.0 and each bar labelled with its ratio
and its median in milliseconds."""

from xml.sax.saxutils import escape

COLORS = {"nsinit-lib": "#1b9e77", "nsinit": "#66a61e", "runc": "#7570b3",
          "crun": "#d95f02", "floor": "#666666"}


def latency_plot(medians, ops, runtimes, reference="crun"):
    bar_h, gap, left, width, label_w = 16, 14, 130, 520, 170
    rows = []
    for op in ops:
        rts = medians.get(op, {})
        ref = rts.get(reference)
        bars = [(rt, rts[rt], rts[rt] / ref if ref else None) for rt in runtimes if rt in rts]
        if bars:
            rows.append((op, bars))
    max_ratio = max([r for _, bars in rows for _, _, r in bars if r is not None] + [1.0])
    scale = width / (max_ratio * 1.05)
    height = 60 + sum(len(b) * bar_h + gap + 18 for _, b in rows) + 40
    total_w = left + width + label_w
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="{total_w}" height="{height}" fill="white"/>',
           f'<text x="10" y="20" font-size="14" font-weight="bold">Median latency relative to '
           f'{escape(reference)} (lower is better; same run)</text>']
    y = 45
    for op, bars in rows:
        out.append(f'<text x="10" y="{y + 12}" font-weight="bold">{escape(op)}</text>')
        y += 18
        for rt, ms, ratio in bars:
            w = (ratio or 0) * scale
            out.append(f'<text x="{left - 6}" y="{y + bar_h - 4}" text-anchor="end">{escape(rt)}</text>')
            out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h - 3}" '
                       f'fill="{COLORS.get(rt, "#999")}"/>')
            label = (f"{ratio:.2f}x" if ratio is not None else "n/a") + f"  ({ms:.2f} ms)"
            out.append(f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 4}">{escape(label)}</text>')
            y += bar_h
        y += gap
    x1 = left + scale
    out.append(f'<line x1="{x1:.1f}" y1="40" x2="{x1:.1f}" y2="{y}" stroke="black" '
               f'stroke-dasharray="4,3"/>')
    out.append(f'<text x="{x1 + 3:.1f}" y="{y + 14}">1.0 = {escape(reference)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
