/**
 * A small bar chart in plain SVG (no chart library): one bar per bucket, a value axis with
 * round ticks and gridlines, both axes titled, a label under every few bars so they never
 * collide. Screen readers get it as one image named by `title`; each bar's value is in its
 * tooltip.
 */
export function BarChart({
  bars,
  title,
  format,
  xTitle,
  yTitle,
}: {
  bars: { label: string; value: number }[];
  title: string;
  format(v: number): string;
  xTitle: string;
  yTitle: string;
}) {
  const width = 720;
  const height = 240;
  const pad = { top: 12, bottom: 42, left: 78, right: 8 };
  const ticks = valueTicks(Math.max(0, ...bars.map((b) => b.value)));
  const top = ticks[ticks.length - 1] ?? 1;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.max(2, slot * 0.7);
  const every = Math.max(1, Math.ceil(bars.length / 8));
  const y = (v: number) => pad.top + plotH - (Math.max(0, v) / top) * plotH;
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="grid" />
          <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="tick">
            {format(t)}
          </text>
        </g>
      ))}
      <line
        x1={pad.left}
        x2={width - pad.right}
        y1={pad.top + plotH}
        y2={pad.top + plotH}
        className="axis"
      />
      <line x1={pad.left} x2={pad.left} y1={pad.top} y2={pad.top + plotH} className="axis" />
      {bars.map((b, i) => {
        const x = pad.left + i * slot + (slot - barW) / 2;
        return (
          <g key={i}>
            <rect
              x={x}
              y={y(b.value)}
              width={barW}
              height={pad.top + plotH - y(b.value)}
              className="bar"
            >
              <title>{`${b.label}: ${format(b.value)}`}</title>
            </rect>
            {i % every === 0 && (
              <text x={x + barW / 2} y={pad.top + plotH + 16} textAnchor="middle" className="tick">
                {b.label}
              </text>
            )}
          </g>
        );
      })}
      <text x={pad.left + plotW / 2} y={height - 6} textAnchor="middle" className="axis-title">
        {xTitle}
      </text>
      <text
        transform={`translate(14 ${pad.top + plotH / 2}) rotate(-90)`}
        textAnchor="middle"
        className="axis-title"
      >
        {yTitle}
      </text>
    </svg>
  );
}

/**
 * 0 and up to four round steps (1, 2 or 5 × 10^n) reaching at least `max`: ticks a reader can
 * add up in their head. In the chart's own unit (minor units for money).
 */
export function valueTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
  const out: number[] = [];
  for (let t = 0; t < max + step; t += step) {
    out.push(t);
    if (t >= max) break;
  }
  return out;
}
