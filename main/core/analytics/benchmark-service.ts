import type { Database } from 'better-sqlite3';
import type { BenchmarkView } from '../../../shared/analytics/benchmark.js';
import { ContractFailure, type ErrorCode } from '../../../shared/contract/result.js';
import type { Logger } from '../logger.js';
import { SyncHttpError, type HttpSyncTransport } from '../sync/transport.js';
import type { AnalyticsFacts } from './analytics-facts.js';
import { monthlyShare } from './benchmark-counts.js';

export interface BenchmarkDeps {
  read: Database;
  /** Brought up to date before counting: a share never rests on an out-of-date fact. */
  facts: AnalyticsFacts;
  /** The enrolled server, or null (not enrolled, or sync stopped). */
  server: () => HttpSyncTransport | null;
  organisation: () => string | null;
  now: () => Date;
  logger: Logger;
  /** How often the schedule looks whether a share is due (tests shorten it). */
  checkEveryMs?: number;
}

/** A participant shares once a day: months end once a month, and a day's lag costs nothing. */
const SHARE_AFTER_MS = 24 * 60 * 60 * 1000;
const CHECK_EVERY_MS = 60 * 60 * 1000;
/** A PC that runs only an hour or two a day still gets its turn: the first look comes soon after start. */
const FIRST_CHECK_MS = 5 * 60 * 1000;

/** The cross-organisation benchmark from this PC: its state, the comparison, and the monthly counts it shares. */
export class BenchmarkService {
  private timer: ReturnType<typeof setInterval> | null = null;
  private firstCheck: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: BenchmarkDeps) {}

  /** Shares on a schedule while the organisation takes part; a failure waits for the next check. */
  start(): void {
    const every = this.deps.checkEveryMs ?? CHECK_EVERY_MS;
    const check = () => void this.shareIfDue().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'benchmark share failed; trying again later'));
    this.firstCheck = setTimeout(check, Math.min(every, FIRST_CHECK_MS));
    this.timer = setInterval(check, every);
    this.firstCheck.unref();
    this.timer.unref();
  }

  stop(): void {
    if (this.firstCheck) clearTimeout(this.firstCheck);
    if (this.timer) clearInterval(this.timer);
    this.firstCheck = null;
    this.timer = null;
  }

  async view(): Promise<BenchmarkView> {
    const server = this.server();
    const status = await ask(() => server.benchmarkStatus());
    return { status, comparison: status.participating && status.sector ? await ask(() => server.benchmarkComparison()) : null };
  }

  /** Opting in shares at once; opting out deletes the counts on the server. */
  async setParticipation(participating: boolean): Promise<BenchmarkView> {
    const server = this.server();
    await ask(() => server.setBenchmarkParticipation(participating));
    if (participating) await this.share(server);
    return this.view();
  }

  /** "Nu delen". */
  async shareNow(): Promise<BenchmarkView> {
    const server = this.server();
    const status = await ask(() => server.benchmarkStatus());
    if (!status.participating) throw new ContractFailure('FORBIDDEN', 'your organisation does not take part in the benchmark: an administrator opts in first');
    await this.share(server);
    return this.view();
  }

  /** The scheduled share: only while taking part, and once a day. */
  async shareIfDue(): Promise<boolean> {
    const server = this.deps.server();
    if (!server || !this.deps.organisation()) return false;
    const status = await ask(() => server.benchmarkStatus());
    const last = status.last_shared_at ? Date.parse(status.last_shared_at) : null;
    if (!status.participating || (last !== null && this.deps.now().getTime() - last < SHARE_AFTER_MS)) return false;
    return this.share(server);
  }

  private async share(server: HttpSyncTransport): Promise<boolean> {
    const organisation = this.deps.organisation();
    if (!organisation) return false;
    this.deps.facts.refresh();
    const share = monthlyShare(this.deps.read, organisation, this.deps.now());
    if (!share) return false;
    await ask(() => server.shareBenchmark(share));
    return true;
  }

  private server(): HttpSyncTransport {
    const server = this.deps.server();
    if (!server) throw new ContractFailure('SERVER_UNREACHABLE', 'this PC is not enrolled with a server: the benchmark is kept on the server');
    return server;
  }
}

/** The server's refusal in the contract's words, its message kept. */
async function ask<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (!(error instanceof SyncHttpError)) throw error;
    const code: ErrorCode = error.code === 'FORBIDDEN' || error.code === 'DEVICE_REVOKED' ? 'FORBIDDEN' : error.code === 'BAD_REQUEST' ? 'CONFLICT' : 'SERVER_UNREACHABLE';
    throw new ContractFailure(code, error.message);
  }
}
