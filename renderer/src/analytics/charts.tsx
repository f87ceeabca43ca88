import { Group } from '@visx/group';
import { HeatmapRect } from '@visx/heatmap';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';

/**
 * Charts drawn with visx primitives: SVG attributes only (fill, x, width), never a style
 * attribute, so the page's strict CSP holds. Colours are Okabe–Ito (told apart with every
 * common colour-vision deficiency) and a one-hue scale for the heatmap; every chart has its
 * numbers in a table beside it.
 */
export const PALETTE = { primary: '#0072B2', comparison: '#E69F00', heatLow: '#f1f6fb', heatHigh: '#08306b', text: '#1a1a1a', grid: '#d0d0d0' } as const;

const LABEL_WIDTH = 230;
const WIDTH = 640;
const ROW = 26;

export function BarChart({ data, labelledBy, testId }: { data: readonly { label: string; value: number }[]; labelledBy: string; testId: string }) {
  const height = data.length * ROW + 8;
  const max = Math.max(1, ...data.map((item) => item.value));
  const x = scaleLinear<number>({ domain: [0, max], range: [0, WIDTH - LABEL_WIDTH - 50] });
  const y = scaleBand<string>({ domain: data.map((item) => item.label), range: [4, height - 4], padding: 0.2 });
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={labelledBy} data-testid={testId}>
      {data.map((item) => {
        const top = y(item.label) ?? 0;
        return (
          <g key={item.label}>
            <text x={LABEL_WIDTH - 8} y={top + y.bandwidth() / 2} textAnchor="end" dominantBaseline="middle" fontSize={13} fill={PALETTE.text}>
              {item.label}
            </text>
            <Bar x={LABEL_WIDTH} y={top} width={x(item.value)} height={y.bandwidth()} fill={PALETTE.primary} data-value={item.value} />
            <text x={LABEL_WIDTH + x(item.value) + 6} y={top + y.bandwidth() / 2} dominantBaseline="middle" fontSize={13} fill={PALETTE.text}>
              {item.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Weekday rows × hour columns (and one for "time unknown"); darker is more. */
export function Heatmap({ rows, columns, count, labelledBy }: { rows: readonly { key: number; label: string }[]; columns: readonly { key: number | null; label: string }[]; count: (row: number, column: number | null) => number; labelledBy: string }) {
  const cell = 20;
  const left = 90;
  const top = 24;
  const bins = columns.map((column, index) => ({ bin: index, bins: rows.map((row, rowIndex) => ({ bin: rowIndex, count: count(row.key, column.key) })) }));
  const max = Math.max(1, ...bins.flatMap((column) => column.bins.map((bin) => bin.count)));
  const colour = scaleLinear<string>({ domain: [0, max], range: [PALETTE.heatLow, PALETTE.heatHigh] });
  const xScale = scaleLinear<number>({ domain: [0, columns.length], range: [0, columns.length * cell] });
  const yScale = scaleLinear<number>({ domain: [0, rows.length], range: [0, rows.length * cell] });
  return (
    <svg className="chart" viewBox={`0 0 ${left + columns.length * cell + 4} ${top + rows.length * cell + 4}`} role="img" aria-labelledby={labelledBy} data-testid="chart-heatmap">
      {columns.map((column, index) =>
        index % 3 === 0 || column.key === null ? (
          <text key={column.label} x={left + index * cell + cell / 2} y={top - 8} textAnchor="middle" fontSize={10} fill={PALETTE.text}>
            {column.key === null ? '?' : column.key}
          </text>
        ) : null,
      )}
      {rows.map((row, index) => (
        <text key={row.key} x={left - 6} y={top + index * cell + cell / 2} textAnchor="end" dominantBaseline="middle" fontSize={11} fill={PALETTE.text}>
          {row.label}
        </text>
      ))}
      <Group left={left} top={top}>
        <HeatmapRect data={bins} xScale={(value) => xScale(value)} yScale={(value) => yScale(value)} colorScale={(value) => colour(value ?? 0)} binWidth={cell} binHeight={cell} gap={2}>
          {(heatmap) =>
            heatmap.flatMap((column) =>
              column.map((bin) => {
                const row = rows[bin.row];
                const col = columns[bin.column];
                return (
                  <rect
                    key={`${bin.row}-${bin.column}`}
                    x={bin.x}
                    y={bin.y}
                    width={bin.width}
                    height={bin.height}
                    fill={bin.color}
                    stroke={PALETTE.grid}
                    strokeWidth={0.5}
                    data-weekday={row?.key}
                    data-hour={col?.key ?? 'unknown'}
                    data-count={bin.count ?? 0}
                  >
                    <title>{`${row?.label ?? ''} ${col?.label ?? ''}: ${bin.count ?? 0}`}</title>
                  </rect>
                );
              }),
            )
          }
        </HeatmapRect>
      </Group>
    </svg>
  );
}

/** This period's months beside the same months a year earlier. */
export function TrendChart({ data, labelledBy }: { data: readonly { month: string; count: number; previous: number }[]; labelledBy: string }) {
  const height = 220;
  const bottom = 24;
  const width = Math.max(WIDTH, data.length * 44 + 40);
  const max = Math.max(1, ...data.flatMap((item) => [item.count, item.previous]));
  const x = scaleBand<string>({ domain: data.map((item) => item.month), range: [40, width - 10], padding: 0.25 });
  const y = scaleLinear<number>({ domain: [0, max], range: [height - bottom, 10] });
  const half = x.bandwidth() / 2;
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={labelledBy} data-testid="chart-trend">
      <text x={34} y={14} textAnchor="end" fontSize={10} fill={PALETTE.text}>
        {max}
      </text>
      <line x1={40} x2={width - 10} y1={height - bottom} y2={height - bottom} stroke={PALETTE.text} />
      {data.map((item) => {
        const left = x(item.month) ?? 0;
        return (
          <g key={item.month}>
            <Bar x={left} y={y(item.previous)} width={half} height={height - bottom - y(item.previous)} fill={PALETTE.comparison} data-value={item.previous} />
            <Bar x={left + half} y={y(item.count)} width={half} height={height - bottom - y(item.count)} fill={PALETTE.primary} data-value={item.count} />
            <text x={left + half} y={height - 8} textAnchor="middle" fontSize={10} fill={PALETTE.text}>
              {item.month.slice(2)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/**
 * Own count beside the sector's average, per row. A suppressed average gets no bar and says
 * so in words: an empty bar must never read as zero.
 */
export function PairedBarChart({ data, labelledBy, suppressedLabel }: { data: readonly { label: string; own: number | null; sector: number | null }[]; labelledBy: string; suppressedLabel: string }) {
  const pair = 36;
  // Wider than the other bar charts: the longest form's name must fit beside its two bars.
  const labels = LABEL_WIDTH + 50;
  const height = data.length * pair + 8;
  const max = Math.max(1, ...data.flatMap((item) => [item.own ?? 0, item.sector ?? 0]));
  const x = scaleLinear<number>({ domain: [0, max], range: [0, WIDTH - labels - 100] });
  const bar = (pair - 10) / 2;
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={labelledBy} data-testid="chart-benchmark">
      {data.map((item, index) => {
        const top = 4 + index * pair;
        return (
          <g key={item.label}>
            <text x={labels - 8} y={top + bar} textAnchor="end" dominantBaseline="middle" fontSize={13} fill={PALETTE.text}>
              {item.label}
            </text>
            <Bar x={labels} y={top} width={x(item.own ?? 0)} height={bar} fill={PALETTE.primary} data-value={item.own ?? ''} />
            <text x={labels + x(item.own ?? 0) + 6} y={top + bar / 2} dominantBaseline="middle" fontSize={11} fill={PALETTE.text}>
              {item.own ?? '–'}
            </text>
            {item.sector === null ? (
              <text x={labels + 6} y={top + bar * 1.5} dominantBaseline="middle" fontSize={11} fill={PALETTE.text} data-suppressed="true">
                {suppressedLabel}
              </text>
            ) : (
              <>
                <Bar x={labels} y={top + bar} width={x(item.sector)} height={bar} fill={PALETTE.comparison} data-value={item.sector} />
                <text x={labels + x(item.sector) + 6} y={top + bar * 1.5} dominantBaseline="middle" fontSize={11} fill={PALETTE.text}>
                  {item.sector}
                </text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}
