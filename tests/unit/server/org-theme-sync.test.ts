import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { formatHlc } from '../../../shared/sync/hlc.js';
import { SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import { DEFAULT_ORG_THEME } from '../../../shared/theme/org-theme.js';
import { tinyPng } from '../../support/images.js';
import { enrolReplica, visibleRows, type TestReplica } from '../../support/replica.js';
import { postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';

const open: { servers: TestServer[]; replicas: TestReplica[] } = { servers: [], replicas: [] };
afterEach(async () => {
  for (const replica of open.replicas.splice(0)) await replica.close();
  for (const server of open.servers.splice(0)) await server.close();
});

const theme = { primary: '#005a2b', header_background: '#fff4d6', accent: '#c05800', logo: tinyPng };

describe.each(['sqlite', 'postgres'] as StorageKind[])('the organisation theme through the server on %s', (kind) => {
  it('reaches the other desk of the organisation; the server refuses what a desk would refuse, and a partner cannot claim it', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind);
    open.servers.push(t);
    const site = await t.directory.createSite('Werkplein');
    const [orgA, orgC] = [await t.directory.createOrganisation('Gemeente'), await t.directory.createOrganisation('UWV')];
    await t.directory.hostAt(orgA.id, site.id);
    await t.directory.hostAt(orgC.id, site.id);
    const a = await enrolReplica(t.server.url, t.directory, { organisationId: orgA.id, siteId: site.id });
    const b = await enrolReplica(t.server.url, t.directory, { organisationId: orgA.id, siteId: site.id });
    const c = await enrolReplica(t.server.url, t.directory, { organisationId: orgC.id, siteId: site.id });
    open.replicas.push(a, b, c);

    a.replica.writeRow('org_theme', orgA.id, theme, a.scope);
    await a.engine.syncNow();
    await b.engine.syncNow();
    await c.engine.syncNow();
    expect(visibleRows(b.store.read, 'org_theme')).toEqual([{ id: orgA.id, data: theme }]);
    expect(visibleRows(c.store.read, 'org_theme')).toEqual([]);

    const push = async (device: TestReplica, rowId: string, patch: Record<string, unknown>) => {
      const hlc = formatHlc({ wall: Date.now() + 60_000, counter: 0, node: device.deviceId });
      const response = await fetch(`${t.server.url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json' },
        body: JSON.stringify({ schema_version: SYNC_SCHEMA_VERSION, ops: [{ op_id: newId(), device_seq: 1, entity: 'org_theme', row_id: rowId, patch, hlc, base_hlc: null, schema_version: SYNC_SCHEMA_VERSION }] }),
      });
      return ((await response.json()) as { rejected: { code: string; message: string }[] }).rejected;
    };
    // A desk that skipped its own checks: a faint colour, an SVG with a script, a PNG that is not one.
    const svg = `data:image/svg+xml;base64,${Buffer.from('<svg><script>alert(1)</script></svg>').toString('base64')}`;
    const bad: [Record<string, unknown>, string][] = [
      [{ primary: '#eeeeee' }, 'low_contrast'],
      [{ header_background: '#000000' }, 'low_contrast'],
      [{ accent: 'red' }, 'hex_colour'],
      [{ logo: svg }, 'logo_not_image'],
      [{ logo: tinyPng.replace('image/png', 'image/jpeg') }, 'logo_wrong_bytes'],
    ];
    for (const [patch, mentions] of bad) {
      const rejected = await push(b, orgA.id, patch);
      expect(rejected.map((r) => r.code), mentions).toEqual(['INVALID_VALUE']);
      expect(rejected[0]?.message).toContain(`org_theme.${Object.keys(patch)[0] ?? ''}`);
    }
    // A partner at the same site knows orgA's id (it travels in every LAN datagram) but cannot write its theme.
    expect((await push(c, orgA.id, DEFAULT_ORG_THEME)).map((r) => r.code)).toEqual(['FORBIDDEN_SCOPE']);
    // One theme per organisation: a row under another id is refused too.
    expect((await push(b, newId(), DEFAULT_ORG_THEME)).map((r) => r.code)).toEqual(['FORBIDDEN_SCOPE']);
    const stored = await t.server.store.db.selectFrom('replica_row').select(['data']).where('id', '=', orgA.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.data)).toEqual(theme);
  });
});
