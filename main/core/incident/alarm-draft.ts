import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractFailure } from '../../../shared/contract/result.js';
import { sql } from '../db/sql.js';

interface AlarmEventRow {
  kind: string;
  at: string;
  desk: string | null;
  floor: string | null;
  person: string | null;
}

/** What a resolved alarm tells an incident report: when, where, and who came. */
export function alarmFacts(read: Database, organisationId: string, alarmId: string, floorWord: string) {
  const query = sql`SELECT kind, at, desk, floor, person FROM alarm_event WHERE alarm_id = ${alarmId} AND organisation_id = ${organisationId} ORDER BY at`;
  const events = read.prepare(query.text).all(...query.params) as AlarmEventRow[];
  const raised = events.find((event) => event.kind === 'raised');
  if (!raised) throw new ContractFailure('NOT_FOUND', `no alarm ${alarmId} recorded on this PC`);
  const name = (event: AlarmEventRow) => event.person || event.desk || '';
  // Witnesses are those who came; the sender is the one who reports, not a witness.
  const sender = name(raised);
  const people = [...new Set(events.filter((event) => event.kind === 'coming').map(name))].filter((person) => person && person !== sender);
  const desk = raised.desk ?? '';
  return { alarmId, raisedAt: raised.at, desk, floor: raised.floor ?? '', location: raised.floor ? `${desk} · ${floorWord} ${raised.floor}` : desk, people };
}
