import { randomInt } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Caller } from '../../../shared/contract/roles.js';
import { ContractFailure } from '../../../shared/contract/result.js';
import { newId } from '../../../shared/domain/ids.js';
import { roleAtDesk, staffMemberSchema, type DeskSession, type StaffCreate, type StaffIdentity, type StaffMember } from '../../../shared/domain/staff.js';
import { sql } from '../db/sql.js';
import type { ReplicaStore, Scope } from '../sync/replica-store.js';
import { hashPin, pinMatches } from './pin-hash.js';

const MAX_FAILED_SIGN_INS = 5;
const LOCKOUT_MS = 60_000;

interface StaffRow {
  id: string;
  display_name: string;
  role: string;
  active: number;
  data: string;
}

/**
 * Staff members (replicated per organisation) and who is signed in at this desk (local).
 * The signed-in person's role is the desk's role once anyone is on staff.
 */
export class StaffService {
  private failures: { count: number; until: number } = { count: 0, until: 0 };
  /** Read on every call and every alarm message: kept in memory, dropped when staff or the session change. */
  private cached: DeskSession | null = null;

  constructor(
    private readonly replica: ReplicaStore,
    private readonly write: Database,
    private readonly read: Database,
    private readonly scope: () => Scope | null,
    private readonly now: () => Date,
  ) {}

  list(): StaffMember[] {
    const organisation = this.scope()?.organisationId;
    if (!organisation) return [];
    const query = sql`SELECT id, display_name, role, active, data FROM staff_member WHERE organisation_id = ${organisation} ORDER BY display_name COLLATE NOCASE`;
    return (this.read.prepare(query.text).all(...query.params) as StaffRow[]).map((row) => staffMemberSchema.parse({ id: row.id, displayName: row.display_name, role: row.role, active: row.active === 1 }));
  }

  create({ displayName, role, pin, duressPin }: StaffCreate & { role: StaffMember['role'] }): StaffMember {
    const scope = this.requireScope();
    // The first member ends set-up mode: anyone else first would leave nobody to add an administrator.
    if (role !== 'admin' && !this.anyActiveStaff()) throw new ContractFailure('INVALID_INPUT', 'role: first_must_be_admin');
    const id = newId();
    this.replica.writeRow('staff_member', id, { display_name: displayName, role, pin_hash: hashPin(pin), duress_pin_hash: duressPin ? hashPin(duressPin) : null, active: true }, scope);
    this.invalidate();
    return { id, displayName, role, active: true };
  }

  update(id: string, changes: { displayName?: string | undefined; role?: StaffMember['role'] | undefined; active?: boolean | undefined; pin?: string | undefined; duressPin?: string | null | undefined }): StaffMember {
    const member = this.requireMember(id);
    const stopsBeingAdmin = member.active && member.role === 'admin' && (changes.active === false || (changes.role !== undefined && changes.role !== 'admin'));
    if (stopsBeingAdmin && this.activeAdmins() <= 1) throw new ContractFailure('CONFLICT', 'last_admin: make someone else an administrator first');
    const stored = this.pinHashes(id);
    if (changes.duressPin && changes.pin === undefined && stored.pin && pinMatches(changes.duressPin, stored.pin)) throw new ContractFailure('INVALID_INPUT', 'duressPin: same_as_pin');
    if (changes.pin && changes.duressPin === undefined && stored.duress && pinMatches(changes.pin, stored.duress)) throw new ContractFailure('INVALID_INPUT', 'pin: same_as_duress_pin');
    const patch: Record<string, unknown> = {};
    if (changes.displayName !== undefined) patch['display_name'] = changes.displayName;
    if (changes.role !== undefined) patch['role'] = changes.role;
    if (changes.active !== undefined) patch['active'] = changes.active;
    if (changes.pin !== undefined) patch['pin_hash'] = hashPin(changes.pin);
    if (changes.duressPin !== undefined) patch['duress_pin_hash'] = changes.duressPin === null ? null : hashPin(changes.duressPin);
    if (Object.keys(patch).length > 0) this.replica.writeRow('staff_member', id, patch, this.requireScope());
    this.invalidate();
    if (changes.active === false && this.session().staff?.id === id) this.signOut();
    return this.requireMember(id);
  }

  signIn(staffId: string, pin: string): DeskSession {
    const now = this.now().getTime();
    if (now < this.failures.until) throw new ContractFailure('FORBIDDEN', 'too many wrong PINs: wait a minute, then try again');
    const row = this.row(staffId);
    const stored = row ? this.pinHashes(row.id).pin : undefined;
    if (!row || row.active !== 1 || !stored || !pinMatches(pin, stored)) {
      this.failures.count += 1;
      if (this.failures.count >= MAX_FAILED_SIGN_INS) this.failures = { count: 0, until: now + LOCKOUT_MS };
      throw new ContractFailure('WRONG_PIN', 'this name and PIN do not match an active member of staff');
    }
    this.failures = { count: 0, until: 0 };
    const query = sql`INSERT INTO desk_session (id, staff_id, signed_in_at) VALUES (1, ${staffId}, ${this.now().toISOString()})
                      ON CONFLICT (id) DO UPDATE SET staff_id = excluded.staff_id, signed_in_at = excluded.signed_in_at`;
    this.write.prepare(query.text).run(...query.params);
    this.invalidate();
    return this.session();
  }

  signOut(): DeskSession {
    this.write.prepare('DELETE FROM desk_session').run();
    this.invalidate();
    return this.session();
  }

  session(): DeskSession {
    this.cached ??= this.readSession();
    return this.cached;
  }

  /** Staff rows changed (a local write, or a sync brought others'): read the session afresh next time. */
  invalidate(): void {
    this.cached = null;
  }

  /**
   * How a cancel of this desk's own alarm goes. Someone with a duress PIN must type a PIN, so
   * that the duress one looks like any cancel to whoever forces it.
   */
  cancelMode(pin: string | undefined): 'cancel' | 'duress' {
    const staff = this.session().staff;
    const stored = staff ? this.pinHashes(staff.id) : null;
    if (!stored?.duress) return 'cancel';
    if (pin === undefined) throw new ContractFailure('PIN_REQUIRED', 'type your PIN to cancel this alarm');
    if (pinMatches(pin, stored.duress)) return 'duress';
    if (stored.pin && pinMatches(pin, stored.pin)) return 'cancel';
    throw new ContractFailure('WRONG_PIN', 'this PIN is not right; the alarm goes on');
  }

  private readSession(): DeskSession {
    const staffId = this.read.prepare('SELECT staff_id FROM desk_session WHERE id = 1').pluck().get() as string | undefined;
    const row = staffId ? this.row(staffId) : undefined;
    const staff: StaffIdentity | null = row && row.active === 1 ? { id: row.id, displayName: row.display_name, role: row.role as StaffIdentity['role'] } : null;
    return { staff, setupMode: !staff && !this.anyActiveStaff(), cancelNeedsPin: staff ? this.pinHashes(staff.id).duress !== null : false };
  }

  private pinHashes(id: string): { pin: string | null; duress: string | null } {
    const row = this.row(id);
    const data = row ? (JSON.parse(row.data) as { pin_hash?: string; duress_pin_hash?: string | null }) : {};
    return { pin: data.pin_hash ?? null, duress: data.duress_pin_hash ?? null };
  }

  /** The role this call runs with: the display stays a display; staff act as who is signed in. */
  resolve(caller: Caller): { caller: Caller; staff: StaffIdentity | null } {
    if (caller.role === 'display') return { caller, staff: null };
    const session = this.session();
    return { caller: { ...caller, role: roleAtDesk(caller.role, session) }, staff: session.staff };
  }

  /**
   * For someone with access to this PC when no administrator can sign in (forgotten PIN, or
   * two PCs demoted the last two at once): a new administrator with a random PIN, shown once.
   */
  resetAdmin(displayName: string): { member: StaffMember; pin: string } {
    const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const scope = this.requireScope();
    const id = newId();
    this.replica.writeRow('staff_member', id, { display_name: displayName, role: 'admin', pin_hash: hashPin(pin), duress_pin_hash: null, active: true }, scope);
    this.invalidate();
    return { member: { id, displayName, role: 'admin', active: true }, pin };
  }

  private activeAdmins(): number {
    const organisation = this.scope()?.organisationId ?? '';
    const query = sql`SELECT count(*) FROM staff_member WHERE organisation_id = ${organisation} AND active = 1 AND role = 'admin'`;
    return this.read.prepare(query.text).pluck().get(...query.params) as number;
  }

  private anyActiveStaff(): boolean {
    const organisation = this.scope()?.organisationId;
    if (!organisation) return false;
    const query = sql`SELECT 1 FROM staff_member WHERE organisation_id = ${organisation} AND active = 1 LIMIT 1`;
    return this.read.prepare(query.text).get(...query.params) !== undefined;
  }

  private row(id: string): StaffRow | undefined {
    const organisation = this.scope()?.organisationId;
    const query = sql`SELECT id, display_name, role, active, data FROM staff_member WHERE id = ${id} AND organisation_id = ${organisation ?? ''}`;
    return this.read.prepare(query.text).get(...query.params) as StaffRow | undefined;
  }

  private requireMember(id: string): StaffMember {
    const member = this.list().find((candidate) => candidate.id === id);
    if (!member) throw new ContractFailure('NOT_FOUND', `no member of staff ${id} in this organisation`);
    return member;
  }

  private requireScope(): Scope {
    const scope = this.scope();
    if (!scope) throw new ContractFailure('CONFLICT', 'this PC has no organisation and site yet: an administrator sets them under Settings');
    return scope;
  }
}
