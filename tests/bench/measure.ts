/** One row of `npm run bench` output; the JSON file is an array of these. */
export interface Measure {
  name: string;
  unit: string;
  value: number;
  p50?: number;
  p99?: number;
  n?: number;
  baseline?: number;
  ratio?: number;
  note?: string;
}

/** `--flag=value` options of `npm run bench` that a bench may read (strings as given). */
export type BenchOptions = Readonly<Record<string, string | undefined>>;

export interface Bench {
  readonly title: string;
  run(options: BenchOptions): Promise<Measure[]>;
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Latency samples in ms → a measure whose value is the p99, set against a baseline's p99. */
export function latencyMeasure(name: string, samples: readonly number[], baselineSamples?: readonly number[], note?: string): Measure {
  const p99 = percentile(samples, 99);
  // A lost sample is infinitely late: it shows as a p99 of null in JSON, never as a good number.
  const measure: Measure = { name, unit: 'ms', value: round(p99), p50: round(percentile(samples, 50)), p99: round(p99), n: samples.length };
  if (baselineSamples) {
    const baseline = percentile(baselineSamples, 99);
    measure.baseline = round(baseline);
    measure.ratio = round(p99 / baseline);
  }
  if (note) measure.note = note;
  return measure;
}

/**
 * Runs subject and baseline in alternating blocks, so that a noisy neighbour on the
 * shared machine hits both alike instead of skewing one of them.
 */
export async function alternate(blocks: number, subject: () => Promise<number[]>, baseline: () => Promise<number[]>): Promise<{ subject: number[]; baseline: number[] }> {
  const result = { subject: [] as number[], baseline: [] as number[] };
  for (let block = 0; block < blocks; block += 1) {
    result.subject.push(...(await subject()));
    result.baseline.push(...(await baseline()));
  }
  return result;
}

/** Times `count` sequential runs of one async step, in ms each. */
export async function timeEach(count: number, step: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await step();
    samples.push(performance.now() - start);
  }
  return samples;
}
