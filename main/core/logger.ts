import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs to stderr; stdout stays free for CLI output. */
export function createLogger(name: string, level = process.env['VANGNET_LOG_LEVEL'] ?? 'info'): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination(2));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
