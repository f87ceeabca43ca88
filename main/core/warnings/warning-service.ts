import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractFailure } from '../../../shared/contract/result.js';
import { newId } from '../../../shared/domain/ids.js';
import type { StaffIdentity } from '../../../shared/domain/staff.js';
import { normaliseName, probeVariants, storedVariants } from '../../../shared/warnings/match.js';
import {
  DEFAULT_WARNING_POLICY,
  notificationDeadline,
  purgeDue,
  termProblem,
  today,
  warningPolicySchema,
  warningState,
  type IncompleteWarning,
  type Warning,
  type WarningCheckResult,
  type WarningCreate,
  type SubjectAccessExport,
  type WarningPolicy,
} from '../../../shared/warnings/warning.js';
import type { ReplicaStore, Scope } from '../sync/replica-store.js';
import { birthKey, keyedMatchKey, ownMatchKey, type WarningKeyring } from './warning-keys.js';
import type { AccessLog } from './access-log.js';
import type { AccessEntry } from '../../../shared/warnings/access-log.js';

export interface WarningServiceDeps {
  replica: ReplicaStore;
  read: Database;
  keyring: WarningKeyring;
  log: AccessLog;
  scope: () => Scope | null;
  now: () => Date;
}

/** The stored row of a warning (entities.visitor_warning). */
interface WarningRow {
  subject_name: string;
  birth_date: string | null;
  subject_description: string | null;
  measure_kind: Warning['measure']['kind'];
  measure_text: string | null;
  reason_category: Warning['reason_category'];
  reason_note: string;
  decided_by: string;
  contact: string;
  valid_from: string;
  valid_until: string;
  term_reason: string | null;
  letter_sent_on: string | null;
  notification_exception: string | null;
  incident_ids: string[];
  revoked?: true;
  revoked_at?: string;
  revoke_reason?: string;
  birth_hash: string | null;
}

interface ProjectionRow {
  issuer_name: string;
  contact: string;
  measure_kind: Warning['measure']['kind'];
  measure_text: string | null;
  valid_from: string;
  valid_until: string;
  birth_hash: string | null;
  agreement_id: string;
}

const LOOKUP_CHUNK = 500;

/**
 * Visitor warnings (docs/warnings.md). The issuing organisation's coordinator creates,
 * extends and revokes; every desk, of that organisation or of a partner that holds only
 * hashes, asks hit or no hit and learns the measure, the end date and whom to call.
 */
export class WarningService {
  private scrubbedTombstones = -1;

  constructor(private readonly deps: WarningServiceDeps) {}

  create(input: WarningCreate, staff: StaffIdentity): Warning {
    const scope = this.requireScope();
    this.checkOrganisation(input.organisation_id, scope);
    const policy = this.policy(scope.organisationId);
    const term = termProblem(input.valid_from, input.valid_until, input.term_reason, policy);
    if (term) throw new ContractFailure('INVALID_INPUT', `${term.field}: ${term.message}`);
    this.checkIncidents(input.incident_ids, scope);
    const normalised = normaliseName(input.subject.name);
    const id = newId();
    this.deps.replica.together(() => {
      this.deps.replica.writeRow(
        'visitor_warning',
        id,
        {
          subject_name: input.subject.name,
          birth_date: input.subject.birth_date ?? null,
          subject_description: input.subject.description || null,
          measure_kind: input.measure.kind,
          measure_text: input.measure.text || null,
          reason_category: input.reason_category,
          reason_note: input.reason_note,
          decided_by: input.decided_by,
          contact: input.contact,
          valid_from: input.valid_from,
          valid_until: input.valid_until,
          term_reason: input.term_reason || null,
          letter_sent_on: input.notification.letter_sent_on ?? null,
          notification_exception: input.notification.exception_reason ?? null,
          incident_ids: input.incident_ids,
          created_by: staff.displayName,
          created_at: this.deps.now().toISOString(),
          match: storedVariants(normalised).map(ownMatchKey),
          birth_hash: input.subject.birth_date ? birthKey(ownMatchKey, input.subject.birth_date) : null,
        },
        scope,
      );
      this.deps.log.append(scope, staff, 'create', { warning_id: id });
    });
    return this.read(id, scope);
  }

  /** A new end date, under the same cap, counted from the original start. */
  extend(id: string, validUntil: string, termReason: string | undefined, staff: StaffIdentity): Warning {
    const scope = this.requireScope();
    const row = this.ownRow(id, scope);
    if (row.revoked) throw new ContractFailure('CONFLICT', 'this warning was revoked; a revoked warning cannot be changed');
    const term = termProblem(row.valid_from, validUntil, termReason ?? row.term_reason ?? undefined, this.policy(scope.organisationId));
    if (term) throw new ContractFailure('INVALID_INPUT', `${term.field}: ${term.message}`);
    this.deps.replica.together(() => {
      this.deps.replica.writeRow('visitor_warning', id, { valid_until: validUntil, ...(termReason ? { term_reason: termReason } : {}) }, scope);
      this.deps.log.append(scope, staff, 'extend', { warning_id: id });
    });
    return this.read(id, scope);
  }

  notify(id: string, notification: { letter_sent_on?: string | undefined; exception_reason?: string | undefined }, staff: StaffIdentity): Warning {
    const scope = this.requireScope();
    const row = this.ownRow(id, scope);
    if (row.revoked) throw new ContractFailure('CONFLICT', 'this warning was revoked; a revoked warning cannot be changed');
    if (!notification.letter_sent_on && !notification.exception_reason) throw new ContractFailure('INVALID_INPUT', 'notification: give the date the letter was sent, or the reason for an exception');
    this.deps.replica.together(() => {
      this.deps.replica.writeRow('visitor_warning', id, { letter_sent_on: notification.letter_sent_on ?? null, notification_exception: notification.exception_reason ?? null }, scope);
      this.deps.log.append(scope, staff, 'notify', { warning_id: id });
    });
    return this.read(id, scope);
  }

  /** Revocation is final: the row keeps a revocation no edit can clear, and no desk sees it again. */
  revoke(id: string, reason: string, staff: StaffIdentity): Warning {
    const scope = this.requireScope();
    const row = this.ownRow(id, scope);
    if (!row.revoked) {
      this.deps.replica.together(() => {
        this.deps.replica.writeRow('visitor_warning', id, { revoked: true, revoked_at: this.deps.now().toISOString(), revoked_by: staff.displayName, revoke_reason: reason }, scope);
        this.deps.log.append(scope, staff, 'revoke', { warning_id: id });
      });
    }
    return this.read(id, scope);
  }

  list(staff: StaffIdentity): Warning[] {
    const scope = this.requireScope();
    this.deps.log.append(scope, staff, 'list');
    const rows = this.deps.read.prepare('SELECT id, organisation_id, data FROM visitor_warning WHERE organisation_id = ?').all(scope.organisationId) as { id: string; organisation_id: string; data: string }[];
    const day = today(this.deps.now());
    return rows.map((row) => toWarning(row.id, row.organisation_id, JSON.parse(row.data) as WarningRow, day)).sort((a, b) => (a.valid_until < b.valid_until ? 1 : -1));
  }

  /** Not yet notified, oldest deadline first; holds no personal data, so it is not logged. */
  incomplete(): IncompleteWarning[] {
    const scope = this.requireScope();
    const rows = this.deps.read.prepare('SELECT id, data FROM visitor_warning WHERE organisation_id = ?').all(scope.organisationId) as { id: string; data: string }[];
    const day = today(this.deps.now());
    return rows
      .map((row) => toWarning(row.id, scope.organisationId, JSON.parse(row.data) as WarningRow, day))
      .flatMap((warning) => (warning.notification_due !== null && warning.state !== 'ended' ? [{ id: warning.id, measure: warning.measure.kind, valid_from: warning.valid_from, notification_due: warning.notification_due, overdue: warning.notification_due < day }] : []))
      .sort((a, b) => (a.notification_due < b.notification_due ? -1 : a.notification_due > b.notification_due ? 1 : 0));
  }

  /** One warning in full; the view is logged. */
  get(id: string, staff: StaffIdentity): Warning {
    const scope = this.requireScope();
    const warning = this.read(id, scope);
    this.deps.log.append(scope, staff, 'view', { warning_id: id });
    return warning;
  }

  /**
   * Subject access: the person's warnings (same normalised name, and the same date of birth
   * where both are known; no typo tolerance, so nobody else's data is handed out), the facts of
   * the incidents they rest on, the letters, and every log entry about them. The export is logged.
   */
  subjectAccess(name: string, birthDate: string | undefined, staff: StaffIdentity): SubjectAccessExport {
    const scope = this.requireScope();
    const normalised = normaliseName(name);
    const day = today(this.deps.now());
    const rows = this.deps.read.prepare('SELECT id, data FROM visitor_warning WHERE organisation_id = ?').all(scope.organisationId) as { id: string; data: string }[];
    const warnings = rows
      .map((row) => ({ id: row.id, data: JSON.parse(row.data) as WarningRow }))
      .filter(({ data }) => normaliseName(data.subject_name) === normalised && (!birthDate || !data.birth_date || data.birth_date === birthDate))
      .map(({ id, data }) => toWarning(id, scope.organisationId, data, day));
    const incidentIds = [...new Set(warnings.flatMap((warning) => warning.incident_ids))];
    const incidents = incidentIds.flatMap((id) => {
      const data = this.deps.read.prepare('SELECT data FROM incident WHERE id = ? AND organisation_id = ?').pluck().get(id, scope.organisationId) as string | undefined;
      if (!data) return [];
      const facts = JSON.parse(data) as Record<string, unknown>;
      const text = (field: string) => (typeof facts[field] === 'string' ? facts[field] : null);
      return [{ id, occurred_at: String(facts['occurred_at']), location: text('location'), forms: Array.isArray(facts['forms']) ? facts['forms'].map(String) : [], perpetrator_description: text('perpetrator_description'), narrative: text('narrative') }];
    });
    const orgKey = this.deps.keyring.organisationKey();
    const queryHash = orgKey ? keyedMatchKey(orgKey, `q:${normalised}`) : null;
    const ids = new Set(warnings.map((warning) => warning.id));
    const accessLog = this.deps.log
      .entries(scope.organisationId, 100_000)
      .filter((entry) => (entry.warning_id !== null && ids.has(entry.warning_id)) || (queryHash !== null && entry.query_hash === queryHash))
      .map((entry) => ({ at: entry.at, actor: entry.actor, desk: entry.desk, action: entry.action, warning_id: entry.warning_id, result: entry.result }));
    this.deps.log.append(scope, staff, 'export', { query_hash: queryHash });
    const organisation = (this.deps.read.prepare('SELECT name FROM organisation WHERE id = ?').pluck().get(scope.organisationId) as string | undefined) ?? '';
    return {
      subject: { name, birth_date: birthDate ?? null },
      organisation,
      generated_at: this.deps.now().toISOString(),
      warnings,
      incidents,
      letters: warnings.map((warning) => ({ warning_id: warning.id, letter_sent_on: warning.letter_sent_on, notification_exception: warning.notification_exception })),
      access_log: accessLog,
    };
  }

  /** The organisation's access log, newest first: who looked up or looked at what, when. */
  accessLog(): AccessEntry[] {
    return this.deps.log.entries(this.requireScope().organisationId);
  }

  private read(id: string, scope: Scope): Warning {
    return toWarning(id, scope.organisationId, this.ownRow(id, scope), today(this.deps.now()));
  }

  /**
   * Hit or no hit for a name (and a date of birth if known), from this PC's replica alone, so
   * it works offline. Own warnings and partners' projections share one index of hashed name
   * variants; a date of birth on both sides must agree.
   */
  check(name: string, birthDate: string | undefined, staff: StaffIdentity): WarningCheckResult {
    const scope = this.requireScope();
    const normalised = normaliseName(name);
    const probes = probeVariants(normalised);
    const hashers: { hash: (variant: string) => string; agreementId: string | null }[] = [
      { hash: ownMatchKey, agreementId: null },
      ...this.deps.keyring.agreementKeys().map(({ agreementId, key }) => ({ hash: (variant: string) => keyedMatchKey(key, variant), agreementId })),
    ];
    const candidates = new Map<string, string | null>();
    for (const { hash, agreementId } of hashers) {
      const keys = probes.map(hash);
      for (let i = 0; i < keys.length; i += LOOKUP_CHUNK) {
        const chunk = keys.slice(i, i + LOOKUP_CHUNK);
        const ids = this.deps.read.prepare(`SELECT DISTINCT row_id FROM warning_match WHERE key IN (${chunk.map(() => '?').join(',')})`).pluck().all(...chunk) as string[];
        ids.forEach((id) => candidates.set(id, agreementId));
      }
    }
    const day = today(this.deps.now());
    const hits: WarningCheckResult['hits'] = [];
    const orgName = (this.deps.read.prepare('SELECT name FROM organisation WHERE id = ?').pluck().get(scope.organisationId) as string | undefined) ?? '';
    for (const [id, agreementId] of candidates) {
      const row = this.deps.read.prepare("SELECT entity, organisation_id, data FROM replica_row WHERE id = ? AND deleted = 0 AND entity IN ('visitor_warning', 'warning_projection')").get(id) as
        | { entity: string; organisation_id: string; data: string }
        | undefined;
      if (!row || row.organisation_id !== scope.organisationId) continue;
      if (row.entity === 'visitor_warning' && agreementId === null) {
        const data = JSON.parse(row.data) as WarningRow;
        if (warningState(data, day) !== 'active') continue;
        if (birthDate && data.birth_hash && data.birth_hash !== birthKey(ownMatchKey, birthDate)) continue;
        hits.push({ measure: data.measure_kind, measure_text: data.measure_text, valid_until: data.valid_until, contact: data.contact, organisation: orgName });
      } else if (row.entity === 'warning_projection' && agreementId !== null) {
        const data = JSON.parse(row.data) as ProjectionRow;
        if (data.agreement_id !== agreementId || warningState(data, day) !== 'active') continue;
        const key = this.deps.keyring.agreementKeys().find((entry) => entry.agreementId === agreementId)?.key;
        if (birthDate && data.birth_hash && key && data.birth_hash !== birthKey((variant) => keyedMatchKey(key, variant), birthDate)) continue;
        hits.push({ measure: data.measure_kind, measure_text: data.measure_text, valid_until: data.valid_until, contact: data.contact, organisation: data.issuer_name });
      }
    }
    // What was searched is logged only as a hash under the organisation's key, never as typed.
    const orgKey = this.deps.keyring.organisationKey();
    this.deps.log.append(scope, staff, 'check', { query_hash: orgKey ? keyedMatchKey(orgKey, `q:${normalised}`) : null, result: hits.length > 0 ? 'hit' : 'no_hit' });
    return { hit: hits.length > 0, hits };
  }

  /**
   * Deletes the personal data of this organisation's warnings whose last day lies more than the
   * retention period behind: each becomes a bare tombstone, here and, once pushed, everywhere.
   */
  purge(): number {
    const scope = this.deps.scope();
    if (!scope) return 0;
    const retention = this.policy(scope.organisationId).retention_days;
    const now = this.deps.now();
    const rows = this.deps.read.prepare('SELECT id, data FROM visitor_warning WHERE organisation_id = ?').all(scope.organisationId) as { id: string; data: string }[];
    const due = rows.filter((row) => purgeDue(JSON.parse(row.data) as Record<string, unknown>, retention, now));
    this.deps.replica.together(() => {
      for (const row of due) this.deps.replica.writeRow('visitor_warning', row.id, { _deleted: true }, scope);
    });
    // Tombstones pulled from other PCs need the same scrub as our own.
    const tombstones = this.deps.read.prepare("SELECT count(*) FROM replica_row WHERE entity = 'visitor_warning' AND deleted = 1").pluck().get() as number;
    if (due.length > 0 || tombstones !== this.scrubbedTombstones) this.deps.replica.scrubPurged('visitor_warning');
    this.scrubbedTombstones = tombstones;
    return due.length;
  }

  policy(organisationId: string): WarningPolicy {
    const data = this.deps.read.prepare('SELECT data FROM warning_policy WHERE organisation_id = ?').pluck().get(organisationId) as string | undefined;
    const parsed = warningPolicySchema.safeParse({ ...DEFAULT_WARNING_POLICY, ...(data ? (JSON.parse(data) as object) : {}) });
    return parsed.success ? parsed.data : DEFAULT_WARNING_POLICY;
  }

  setPolicy(policy: WarningPolicy): WarningPolicy {
    const scope = this.requireScope();
    if (policy.standard_months > policy.max_months) throw new ContractFailure('INVALID_INPUT', 'standard_months: cannot exceed max_months');
    this.deps.replica.writeRow('warning_policy', scope.organisationId, policy, scope);
    return this.policy(scope.organisationId);
  }

  private ownRow(id: string, scope: Scope): WarningRow {
    const data = this.deps.read.prepare('SELECT data FROM visitor_warning WHERE id = ? AND organisation_id = ?').pluck().get(id, scope.organisationId) as string | undefined;
    if (!data) throw new ContractFailure('NOT_FOUND', `no warning ${id} of this organisation`);
    return JSON.parse(data) as WarningRow;
  }

  private checkOrganisation(organisationId: string, scope: Scope): void {
    if (organisationId === scope.organisationId) return;
    const known = this.deps.read.prepare('SELECT 1 FROM organisation WHERE id = ?').pluck().get(organisationId) !== undefined;
    throw new ContractFailure('INVALID_INPUT', known ? 'organisation_id: a warning is issued by the organisation of this desk' : 'organisation_id: unknown organisation');
  }

  private checkIncidents(ids: readonly string[], scope: Scope): void {
    for (const id of ids) {
      const found = this.deps.read.prepare('SELECT 1 FROM incident WHERE id = ? AND organisation_id = ?').pluck().get(id, scope.organisationId);
      if (found === undefined) throw new ContractFailure('INVALID_INPUT', `incident_ids: unknown incident ${id}`);
    }
  }

  private requireScope(): Scope {
    const scope = this.deps.scope();
    if (!scope) throw new ContractFailure('CONFLICT', 'this PC has no organisation and site yet: an administrator sets them under Settings');
    return scope;
  }
}

function toWarning(id: string, organisationId: string, row: WarningRow, day: string): Warning {
  const notified = row.letter_sent_on !== null || row.notification_exception !== null;
  const state = warningState(row, day);
  return {
    id,
    organisation_id: organisationId,
    subject: { name: row.subject_name, birth_date: row.birth_date, description: row.subject_description },
    measure: { kind: row.measure_kind, text: row.measure_text },
    reason_category: row.reason_category,
    reason_note: row.reason_note,
    decided_by: row.decided_by,
    contact: row.contact,
    valid_from: row.valid_from,
    valid_until: row.valid_until,
    term_reason: row.term_reason,
    letter_sent_on: row.letter_sent_on,
    notification_exception: row.notification_exception,
    incident_ids: row.incident_ids,
    state,
    notification_due: notified || state === 'revoked' ? null : notificationDeadline(row.valid_from),
    revoked_at: row.revoked_at ?? null,
    revoke_reason: row.revoke_reason ?? null,
  };
}
