import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per server instance, so tests can run several in one process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    pushedOps: new Counter({ name: 'vangnet_pushed_ops_total', help: 'Ops received by push, by outcome', labelNames: ['outcome'] as const, registers: [registry] }),
    pulledRows: new Counter({ name: 'vangnet_pulled_rows_total', help: 'Rows served by pull', registers: [registry] }),
    realtimeClients: new Gauge({ name: 'vangnet_realtime_clients', help: 'Open realtime sockets', registers: [registry] }),
    pokes: new Counter({ name: 'vangnet_pokes_total', help: 'Pokes sent to devices', registers: [registry] }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
