import WebSocket from 'ws';
import { newId } from '../../shared/domain/ids.js';
import { defaultContent } from '../../shared/house-rules/default-texts.js';
import { DISPLAY_FEED_PATH, DISPLAY_KEY_PROTOCOL_PREFIX, DISPLAY_LIVE_PATH, DISPLAY_PROTOCOL, displayFeedSchema, displayLiveFrameSchema, type DisplayFeed } from '../../shared/house-rules/display-feed.js';
import { formatHlc } from '../../shared/sync/hlc.js';
import { SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol.js';
import type { RawDevice } from './raw-device.js';

const sequences = new Map<string, number>();

/** Pushes one row as a PC's sync does (the server's data path), and fails loudly if it is refused. */
export async function pushRow(serverUrl: string, device: RawDevice, entity: string, rowId: string, patch: Record<string, unknown>): Promise<void> {
  const seq = (sequences.get(device.deviceId) ?? 0) + 1;
  sequences.set(device.deviceId, seq);
  const hlc = formatHlc({ wall: Date.now(), counter: seq, node: device.deviceId });
  const response = await fetch(`${serverUrl}/v1/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json' },
    body: JSON.stringify({ schema_version: SYNC_SCHEMA_VERSION, ops: [{ op_id: newId(), device_seq: seq, entity, row_id: rowId, patch, hlc, base_hlc: null, schema_version: SYNC_SCHEMA_VERSION }] }),
  });
  const body = (await response.json()) as { rejected?: unknown[] };
  if (response.status !== 200 || (body.rejected?.length ?? 0) > 0) throw new Error(`push refused: ${response.status} ${JSON.stringify(body)}`);
}

/** Publishes a house rules version whose Dutch "what we offer" says `marker`; returns its id. */
export async function publishVersion(serverUrl: string, device: RawDevice, organisationName: string, marker: string, forSiteId: string | null = null): Promise<string> {
  const content = defaultContent(organisationName);
  const id = newId();
  const at = new Date(Date.now() - 1_000).toISOString();
  await pushRow(serverUrl, device, 'house_rules_version', id, { content: { ...content, texts: { ...content.texts, nl: { ...content.texts.nl, weOffer: marker } } }, starts_at: at, published_at: at, published_by: 'Carla', for_site_id: forSiteId });
  return id;
}

export async function readFeed(serverUrl: string, key: string): Promise<{ status: number; feed: DisplayFeed | null; body: unknown }> {
  const response = await fetch(`${serverUrl}${DISPLAY_FEED_PATH}`, { headers: { authorization: `Bearer ${key}` } });
  const body: unknown = await response.json();
  return { status: response.status, feed: response.ok ? displayFeedSchema.parse(body) : null, body };
}

/** The Dutch "what we offer" of each organisation in the feed, in the order the display shows them. */
export const offers = (feed: DisplayFeed | null) => (feed ?? []).map((snapshot) => snapshot.content.texts.nl.weOffer);

/** A display's live socket as a browser opens it (the credential as a subprotocol); records every feed. */
export interface DisplaySocket {
  socket: WebSocket;
  feeds: { feed: DisplayFeed; at: number }[];
  closed: Promise<{ code: number; at: number }>;
}

export async function openDisplaySocket(serverUrl: string, key: string): Promise<DisplaySocket> {
  const socket = new WebSocket(`${serverUrl.replace('http', 'ws')}${DISPLAY_LIVE_PATH}`, [DISPLAY_PROTOCOL, `${DISPLAY_KEY_PROTOCOL_PREFIX}${key}`]);
  const feeds: DisplaySocket['feeds'] = [];
  socket.on('message', (data: Buffer) => feeds.push({ feed: displayLiveFrameSchema.parse(JSON.parse(data.toString())).feed, at: Date.now() }));
  const closed = new Promise<{ code: number; at: number }>((resolve) => socket.once('close', (code) => resolve({ code, at: Date.now() })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, feeds, closed };
}
