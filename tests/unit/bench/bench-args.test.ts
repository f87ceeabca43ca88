import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/bench-args.js';

describe('bench command line', () => {
  it('defaults to every bench and bench-results.json', () => {
    expect(parseBenchArgs([])).toEqual({ ok: true, options: { out: 'bench-results.json' } });
  });

  it('takes values that start with "-" when glued to the flag', () => {
    expect(parseBenchArgs(['--out=-results.json', '--only=-alarm'])).toEqual({ ok: true, options: { out: '-results.json', only: '-alarm' } });
  });

  it('takes the alarm bench flags the README names', () => {
    expect(parseBenchArgs(['--only=alarm', '--alarm-sizes=10,100', '--alarm-sites=0', '--alarm-presses=30', '--alarm-warmup=5'])).toEqual({
      ok: true,
      options: { out: 'bench-results.json', only: 'alarm', 'alarm-sizes': '10,100', 'alarm-sites': '0', 'alarm-presses': '30', 'alarm-warmup': '5' },
    });
  });

  it('takes the sync bench rounds', () => {
    expect(parseBenchArgs(['--only=sync', '--sync-rounds=5'])).toEqual({ ok: true, options: { out: 'bench-results.json', only: 'sync', 'sync-rounds': '5' } });
  });

  it('refuses a dash value given as a separate argument, and says how to write it', () => {
    expect(parseBenchArgs(['--out', '-results.json'])).toMatchObject({ ok: false, message: expect.stringContaining("'--out=-XYZ'") });
  });

  it.each([[['--out=']], [['--only']], [['--frobnicate']], [['alarm']]])('refuses %j with a message', (argv) => {
    const parsed = parseBenchArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(5);
  });
});
