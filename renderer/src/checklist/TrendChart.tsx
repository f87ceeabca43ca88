import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import type { TrendPoint } from '../../../shared/checklist/checklist-contract.js';
import { PALETTE } from '../analytics/charts.js';

/** One Okabe–Ito colour per step, told apart with every common colour-vision deficiency. */
export const STEP_COLOURS = ['#0072B2', '#E69F00', '#009E73'] as const;

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 36;
const BOTTOM = 28;

/** Stacked bars: per assessment, the questions answered yes, coloured by step; the table beside it has the numbers. */
export function ChecklistTrendChart({ points, labelledBy, dateLabel }: { points: readonly TrendPoint[]; labelledBy: string; dateLabel: (day: string) => string }) {
  const of = points[0]?.of ?? 18;
  const x = scaleBand<string>({ domain: points.map((point) => point.assessment_id), range: [LEFT, WIDTH - 8], padding: 0.3 });
  const y = scaleLinear<number>({ domain: [0, of], range: [HEIGHT - BOTTOM, 8] });
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={labelledBy} data-testid="chart-checklist-trend">
      {[0, Math.round(of / 2), of].map((tick) => (
        <g key={tick}>
          <line x1={LEFT} x2={WIDTH - 8} y1={y(tick)} y2={y(tick)} stroke={PALETTE.grid} />
          <text x={LEFT - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle" fontSize={11} fill={PALETTE.text}>
            {tick}
          </text>
        </g>
      ))}
      {points.map((point) => {
        const left = x(point.assessment_id) ?? 0;
        let base = 0;
        return (
          <g key={point.assessment_id} data-yes={point.yes}>
            {point.yes_by_step.map((step, index) => {
              const top = y(base + step.yes);
              const height = y(base) - top;
              base += step.yes;
              return <Bar key={step.step} x={left} y={top} width={x.bandwidth()} height={height} fill={STEP_COLOURS[index % STEP_COLOURS.length]} />;
            })}
            <text x={left + x.bandwidth() / 2} y={HEIGHT - 10} textAnchor="middle" fontSize={11} fill={PALETTE.text}>
              {dateLabel(point.assessed_on)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
