import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchUsage, parseBenchArgs } from './bench-args.js';
import type { Bench, Measure } from './measure.js';
import { removeBenchTempDirs } from './temp.js';

// npm run bench [-- --out=file.json] [--only=substring] [--alarm-sizes=10,100,1000] [--alarm-sites=50] [--alarm-presses=100] [--alarm-warmup=10] [--alarm-storage=sqlite,postgres] [--sync-rounds=3]
const args = parseBenchArgs(process.argv.slice(2));
if (!args.ok) {
  console.error(`bench: ${args.message}\n${benchUsage}`);
  process.exit(2);
}
const values = args.options;
const dir = path.dirname(new URL(import.meta.url).pathname);
const files = fs.readdirSync(dir).filter((file) => file.endsWith('.bench.ts') && (!values.only || file.includes(values.only))).sort();

const measures: Measure[] = [];
for (const file of files) {
  const { bench } = (await import(pathToFileURL(path.join(dir, file)).href)) as { bench: Bench };
  console.log(`\n▶ ${bench.title} (${file})`);
  const started = Date.now();
  try {
    measures.push(...(await bench.run(values)));
  } finally {
    removeBenchTempDirs();
  }
  console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const columns = ['name', 'unit', 'value', 'p50', 'p99', 'n', 'baseline', 'ratio'] as const;
const rows = measures.map((m) => columns.map((column) => (m[column] === undefined ? '' : String(m[column]))));
const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => row[i]?.length ?? 0)));
const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
console.log(`\n${line(columns)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
for (const row of rows) console.log(line(row));
for (const m of measures) if (m.note) console.log(`  ${m.name}: ${m.note}`);

fs.writeFileSync(values.out, `${JSON.stringify(measures, null, 2)}\n`);
console.log(`\nwrote ${measures.length} measures to ${values.out}`);
