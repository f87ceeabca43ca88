import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AnalyticsFilter, ExportLogEntry } from '../../../shared/analytics/analytics-contract.js';
import { ContractFailure } from '../../../shared/contract/result.js';
import type { StaffIdentity } from '../../../shared/domain/staff.js';
import type { Handlers } from '../dispatcher.js';
import type { Scope } from '../sync/replica-store.js';
import type { AnalyticsFacts } from './analytics-facts.js';
import { AnalyticsQueries } from './analytics-queries.js';

export interface AnalyticsHandlerDeps {
  read: Database;
  write: Database;
  /** Brought up to date before every read: the counts never rest on an out-of-date fact. */
  facts: AnalyticsFacts;
  scope: () => Scope | null;
  siteName: (siteId: string) => string;
  now: () => Date;
}

type AnalyticsCalls = 'analytics.summary' | 'analytics.exportIncidents' | 'analytics.logExport' | 'analytics.exportLog';

/** An export is answered for by a person, so it needs someone signed in. */
function signedIn(staff: StaffIdentity | null): StaffIdentity {
  if (!staff) throw new ContractFailure('SIGN_IN_REQUIRED', 'sign in at this desk first: every export is logged with who made it');
  return staff;
}

export function analyticsHandlers({ read, write, facts, scope, siteName, now }: AnalyticsHandlerDeps): Pick<Handlers, AnalyticsCalls> {
  const queries = new AnalyticsQueries(read, siteName);
  const insertLog = write.prepare('INSERT INTO analytics_export (at, staff_id, staff_name, kind, format, filter, with_names, rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const organisation = () => {
    const current = scope();
    if (!current) throw new ContractFailure('CONFLICT', 'this PC has no organisation and site yet: an administrator sets them under Settings');
    return current.organisationId;
  };
  const log = (staff: StaffIdentity, kind: ExportLogEntry['kind'], format: ExportLogEntry['format'], filter: AnalyticsFilter, withNames: boolean, rows: number) =>
    insertLog.run(now().toISOString(), staff.id, staff.displayName, kind, format, JSON.stringify(filter), withNames ? 1 : 0, rows);
  return {
    'analytics.summary': (filter) => {
      const org = organisation();
      facts.refresh();
      return queries.summary(org, filter);
    },
    'analytics.exportIncidents': ({ filter, include_names: includeNames, format }, { staff }) => {
      const who = signedIn(staff);
      const org = organisation();
      facts.refresh();
      const rows = queries.exportRows(org, filter, includeNames);
      // Logged before the rows leave the core: an export that fails on the way was still taken.
      log(who, 'incidents', format, filter, includeNames, rows.length);
      return rows;
    },
    'analytics.logExport': ({ filter, kind, format }, { staff }) => {
      organisation();
      log(signedIn(staff), kind, format, filter, false, 0);
      return { logged: true as const };
    },
    'analytics.exportLog': () =>
      (read.prepare('SELECT at, staff_name, kind, format, filter, with_names, rows FROM analytics_export ORDER BY id DESC LIMIT 50').all() as (Omit<ExportLogEntry, 'with_names'> & { with_names: number })[]).map((row) => ({
        ...row,
        with_names: row.with_names === 1,
      })),
  };
}
