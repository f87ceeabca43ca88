import type { Handlers } from '../dispatcher.js';
import type { BenchmarkService } from './benchmark-service.js';

type BenchmarkCalls = 'benchmark.view' | 'benchmark.setParticipation' | 'benchmark.shareNow';

export function benchmarkHandlers(benchmark: BenchmarkService): Pick<Handlers, BenchmarkCalls> {
  return {
    'benchmark.view': () => benchmark.view(),
    'benchmark.setParticipation': ({ participating }) => benchmark.setParticipation(participating),
    'benchmark.shareNow': () => benchmark.shareNow(),
  };
}
