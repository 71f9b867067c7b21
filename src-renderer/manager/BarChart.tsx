/**
 * A small bar chart in plain SVG (no chart library): one bar per bucket, the tallest at full
 * height, a label under every few bars so they never collide.
 */
export function BarChart({
  bars,
  title,
  format,
}: {
  bars: { label: string; value: number }[];
  title: string;
  format(v: number): string;
}) {
  const width = 640;
  const height = 180;
  const pad = { top: 10, bottom: 24, left: 4, right: 4 };
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (width - pad.left - pad.right) / Math.max(1, bars.length);
  const barW = Math.max(2, slot * 0.7);
  const every = Math.max(1, Math.ceil(bars.length / 8));
  const plotH = height - pad.top - pad.bottom;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={title}
      preserveAspectRatio="none"
    >
      <title>{title}</title>
      <line
        x1={pad.left}
        x2={width - pad.right}
        y1={height - pad.bottom}
        y2={height - pad.bottom}
        className="axis"
      />
      {bars.map((b, i) => {
        const h = (Math.max(0, b.value) / max) * plotH;
        const x = pad.left + i * slot + (slot - barW) / 2;
        return (
          <g key={i}>
            <rect x={x} y={height - pad.bottom - h} width={barW} height={h} className="bar">
              <title>{`${b.label}: ${format(b.value)}`}</title>
            </rect>
            {i % every === 0 && (
              <text x={x + barW / 2} y={height - 8} textAnchor="middle" className="tick">
                {b.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
