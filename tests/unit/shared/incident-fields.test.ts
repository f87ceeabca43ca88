import { describe, expect, it } from 'vitest';
import { incidentPatchSchema } from '../../../shared/incident/incident-contract.js';
import { entities } from '../../../shared/sync/entities.js';
import { checkPatch } from '../../../shared/sync/validate-op.js';

describe('incident fields: one definition for the contract and the replicated rows', () => {
  it.each([['narrative', 'bel\u0007'], ['witnesses', 'a\u0000b'], ['evidence', 'x\u001b[2J']])('the replicated schema refuses control characters in %s, as the contract does', (field, value) => {
    expect(incidentPatchSchema.safeParse({ [field]: value }).success).toBe(false);
    expect(checkPatch('incident', { [field]: value })).toMatchObject({ ok: false, code: 'INVALID_VALUE' });
    expect(checkPatch('incident', { [field]: 'regel 1\nregel 2\ttab' })).toMatchObject({ ok: true });
  });

  it('replicates every field a person may change, with the same limits', () => {
    const replicated: Readonly<Record<string, unknown>> = entities.incident.fields;
    for (const field of Object.keys(incidentPatchSchema.shape)) expect(replicated[field], field).toBeDefined();
    expect(checkPatch('incident', { damage_amount_cents: 100_000_001 })).toMatchObject({ ok: false });
    expect(checkPatch('incident', { sick_leave_days: 366 })).toMatchObject({ ok: false });
  });
});
