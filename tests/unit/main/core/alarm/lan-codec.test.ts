import { describe, expect, it } from 'vitest';
import { createPublicKey } from 'node:crypto';
import { encodeDatagram, LanVerifier, rawPublicKey, REPLAY_WINDOW_MS, trustFromPolicy, trustFromSeed, type LanTrust } from '../../../../../main/core/alarm/lan-codec.js';
import type { SitePolicy } from '../../../../../shared/alarm/site-policy.js';
import { newId } from '../../../../../shared/domain/ids.js';
import { alarmMessage, beaconMessage, siteKey } from '../../../../support/alarm.js';

const site = newId();
const now = Date.parse('2026-11-28T10:00:00.000Z');
const at = new Date(now).toISOString();

/** A site policy as the server would give it to a PC of `own`, with these organisations' keys. */
function policyFor(own: string, seeds: Record<string, Buffer>, agreements: { from: string; to: string }[], validUntil: Record<string, string | null> = {}): SitePolicy {
  const key = (organisation: string) => trustFromSeed(organisation, seeds[organisation] as Buffer);
  return {
    escalation_after_s: 30,
    groups: 2,
    signing_key: { key_id: key(own).signing.keyId, organisation_id: own, private_key: (seeds[own] as Buffer).toString('base64') },
    public_keys: Object.keys(seeds).map((organisation) => ({
      key_id: key(organisation).signing.keyId,
      organisation_id: organisation,
      public_key: rawPublicKey(createPublicKey(key(organisation).signing.privateKey)).toString('base64'),
      valid_until: validUntil[organisation] ?? null,
    })),
    agreements,
  };
}

describe('LAN alarm codec: Ed25519 per organisation', () => {
  const [a, c] = [newId(), newId()];
  const seeds = { [a]: siteKey(), [c]: siteKey() };
  const signer = (organisation: string): LanTrust['signing'] => trustFromSeed(organisation, seeds[organisation] as Buffer).signing;
  const fresh = (organisation = a) => alarmMessage({ site_id: site, organisation_id: organisation, at });
  const verifierAt = (own: string, agreements: { from: string; to: string }[] = [], clock = now) => new LanVerifier(trustFromPolicy(policyFor(own, seeds, agreements)), site, () => clock);

  it('accepts a message signed with its organisation\'s key, once', () => {
    const verifier = verifierAt(a);
    const message = fresh();
    const datagram = encodeDatagram(message, signer(a));
    expect(verifier.decode(datagram)).toEqual({ ok: true, message });
    expect(verifier.decode(datagram)).toMatchObject({ ok: false, reason: 'replayed' });
  });

  it('refuses a message a neighbour signed with its own key but in another organisation\'s name', () => {
    expect(verifierAt(a).decode(encodeDatagram(fresh(a), signer(c)))).toMatchObject({ ok: false, reason: 'forged', organisationId: a });
  });

  it('refuses a message signed with another key under the organisation\'s key id', () => {
    const stolenId = { ...signer(c), keyId: signer(a).keyId };
    expect(verifierAt(a).decode(encodeDatagram(fresh(a), stolenId))).toMatchObject({ ok: false, reason: 'forged' });
  });

  it('refuses a key id it does not know', () => {
    const stranger = trustFromSeed(newId(), siteKey());
    expect(verifierAt(a).decode(encodeDatagram(alarmMessage({ site_id: site, organisation_id: stranger.signing.organisationId, at }), stranger.signing))).toMatchObject({ ok: false, reason: 'unknown_key' });
  });

  it('refuses a message whose text was changed after signing', () => {
    const envelope = JSON.parse(encodeDatagram(fresh(), signer(a)).toString()) as { m: string; k: string; s: string };
    envelope.m = envelope.m.replace('"assist"', '"emergency"');
    expect(verifierAt(a).decode(Buffer.from(JSON.stringify(envelope)))).toMatchObject({ ok: false, reason: 'forged' });
  });

  it('refuses a message from another site, even with a valid signature', () => {
    expect(verifierAt(a).decode(encodeDatagram(alarmMessage({ site_id: newId(), organisation_id: a, at }), signer(a)))).toMatchObject({ ok: false, reason: 'other_site' });
  });

  it('without an agreement, refuses the other organisation\'s alarm events and beacons', () => {
    const verifier = verifierAt(a);
    expect(verifier.decode(encodeDatagram(fresh(c), signer(c)))).toMatchObject({ ok: false, reason: 'not_audience' });
    expect(verifier.decode(encodeDatagram(beaconMessage({ site_id: site, organisation_id: c, at }), signer(c)))).toMatchObject({ ok: false, reason: 'not_audience' });
  });

  it('with A → C: A takes C\'s answers (not its alarms) and counts C\'s beacons; C takes A\'s alarms but does not count A\'s beacons', () => {
    const agreements = [{ from: a, to: c }];
    const atA = verifierAt(a, agreements);
    const atC = verifierAt(c, agreements);
    expect(atA.decode(encodeDatagram(alarmMessage({ site_id: site, organisation_id: c, event: 'coming', at }), signer(c)))).toMatchObject({ ok: true });
    expect(atA.decode(encodeDatagram(beaconMessage({ site_id: site, organisation_id: c, at }), signer(c)))).toMatchObject({ ok: true });
    expect(atC.decode(encodeDatagram(fresh(a), signer(a)))).toMatchObject({ ok: true });
    expect(atC.decode(encodeDatagram(beaconMessage({ site_id: site, organisation_id: a, at }), signer(a)))).toMatchObject({ ok: false, reason: 'not_audience' });
    // C's own alarms do not reach A.
    expect(atA.decode(encodeDatagram(alarmMessage({ site_id: site, organisation_id: c, event: 'raised', at }), signer(c)))).toMatchObject({ ok: false, reason: 'not_audience' });
  });

  it('after a rotation, accepts the previous key until its grace ends, and not after', () => {
    const graceEnds = new Date(now + 60_000).toISOString();
    const policy = policyFor(a, seeds, [], { [a]: graceEnds });
    const message = () => alarmMessage({ site_id: site, organisation_id: a, at: new Date(now + 60_000).toISOString() });
    expect(new LanVerifier(trustFromPolicy(policy), site, () => now + 60_000).decode(encodeDatagram(message(), signer(a)))).toMatchObject({ ok: true });
    expect(new LanVerifier(trustFromPolicy(policy), site, () => now + 60_001).decode(encodeDatagram(message(), signer(a)))).toMatchObject({ ok: false, reason: 'unknown_key' });
  });

  it('refuses a recorded message played back later (outside the time window)', () => {
    const recorded = encodeDatagram(fresh(), signer(a));
    expect(verifierAt(a, [], now + REPLAY_WINDOW_MS + 1).decode(recorded)).toMatchObject({ ok: false, reason: 'stale' });
    expect(verifierAt(a, [], now - REPLAY_WINDOW_MS - 1).decode(recorded)).toMatchObject({ ok: false, reason: 'stale' });
  });

  it.each([Buffer.from('not json'), Buffer.from('{}'), Buffer.from(JSON.stringify({ m: '{}', k: 'abcdefgh', s: 'x' })), Buffer.alloc(9000, 1)])('refuses malformed datagrams', (datagram) => {
    expect(verifierAt(a).decode(datagram)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a key that is not a 32-byte seed', () => {
    expect(() => trustFromSeed(a, Buffer.alloc(8))).toThrow(/32 bytes, not 8/);
  });
});
