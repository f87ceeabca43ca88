import { describe, expect, it } from 'vitest';
import { encodeDatagram, LanVerifier, REPLAY_WINDOW_MS } from '../../../../../main/core/alarm/lan-codec.js';
import { newId } from '../../../../../shared/domain/ids.js';
import { alarmMessage, siteKey } from '../../../../support/alarm.js';

describe('LAN alarm codec', () => {
  const key = siteKey();
  const site = newId();
  const now = Date.parse('2026-11-28T10:00:00.000Z');
  const fresh = () => alarmMessage({ site_id: site, at: new Date(now).toISOString() });

  it('accepts a message signed with the site key, once', () => {
    const verifier = new LanVerifier(key, site, () => now);
    const message = fresh();
    const datagram = encodeDatagram(message, key);
    expect(verifier.decode(datagram)).toEqual({ ok: true, message });
    expect(verifier.decode(datagram)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('refuses a message signed with another key (forged)', () => {
    const verifier = new LanVerifier(key, site, () => now);
    expect(verifier.decode(encodeDatagram(fresh(), siteKey()))).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses a message whose text was changed after signing', () => {
    const verifier = new LanVerifier(key, site, () => now);
    const envelope = JSON.parse(encodeDatagram(fresh(), key).toString()) as { m: string; s: string };
    envelope.m = envelope.m.replace('"assist"', '"emergency"');
    expect(verifier.decode(Buffer.from(JSON.stringify(envelope)))).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses a message from another site, even with a valid signature', () => {
    const verifier = new LanVerifier(key, site, () => now);
    expect(verifier.decode(encodeDatagram(alarmMessage({ site_id: newId(), at: new Date(now).toISOString() }), key))).toEqual({ ok: false, reason: 'other_site' });
  });

  it('refuses a recorded message played back later (outside the time window)', () => {
    const recorded = encodeDatagram(fresh(), key);
    const later = new LanVerifier(key, site, () => now + REPLAY_WINDOW_MS + 1);
    expect(later.decode(recorded)).toEqual({ ok: false, reason: 'stale' });
    const early = new LanVerifier(key, site, () => now - REPLAY_WINDOW_MS - 1);
    expect(early.decode(recorded)).toEqual({ ok: false, reason: 'stale' });
  });

  it.each([Buffer.from('not json'), Buffer.from('{}'), Buffer.from(JSON.stringify({ m: '{}', s: 'x' })), Buffer.alloc(9000, 1)])('refuses malformed datagrams', (datagram) => {
    expect(new LanVerifier(key, site, () => now).decode(datagram)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a weak site key', () => {
    expect(() => new LanVerifier(Buffer.alloc(8), site, () => now)).toThrow(/at least 32 bytes/);
  });
});
