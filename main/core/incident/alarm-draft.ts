import type { Database } from 'better-sqlite3';
import { ContractFailure } from '../../../shared/contract/result.js';
import { sql } from '../db/sql.js';

interface AlarmEventRow {
  kind: string;
  at: string;
  desk: string | null;
  floor: string | null;
  person: string | null;
}

/** What a resolved alarm tells an incident report: when, where, and who was there or came. */
export function alarmFacts(read: Database, organisationId: string, alarmId: string, floorWord: string) {
  const query = sql`SELECT kind, at, desk, floor, person FROM alarm_event WHERE alarm_id = ${alarmId} AND organisation_id = ${organisationId} ORDER BY at`;
  const events = read.prepare(query.text).all(...query.params) as AlarmEventRow[];
  const raised = events.find((event) => event.kind === 'raised');
  if (!raised) throw new ContractFailure('NOT_FOUND', `no alarm ${alarmId} recorded on this PC`);
  const name = (event: AlarmEventRow) => event.person || event.desk || '';
  const people = [...new Set([raised, ...events.filter((event) => event.kind === 'coming')].map(name).filter(Boolean))];
  const desk = raised.desk ?? '';
  return { alarmId, raisedAt: raised.at, desk, floor: raised.floor ?? '', location: raised.floor ? `${desk} · ${floorWord} ${raised.floor}` : desk, people };
}
