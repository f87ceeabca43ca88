import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import type { ServerDatabase } from '../db/schema.js';
import type { RelayBus } from '../realtime/relay-bus.js';
import type { DisplayScope } from '../tenancy/displays.js';
import { readDisplayFeed } from './feed.js';

/** Pushes of one burst (a publish and its draft, several PCs syncing) share one read. */
const SETTLE_MS = 50;

/** The displays of one organisation at one site: they show the same feed, read once for all. */
interface Channel {
  readonly scope: Pick<DisplayScope, 'organisationId' | 'siteId'>;
  readonly sockets: Set<WebSocket>;
  /** Whose commits can change this feed: the organisation and its sharing partners. */
  organisationIds: readonly string[];
  /** The frame last sent, so a commit that changes nothing on screen sends nothing. */
  last: string | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Open display sockets, and what wakes them: a commit in any organisation a display shows
 * (the relay's pokes, over NOTIFY on PostgreSQL, so every instance hears them), a change to
 * the site's agreements, or an access change (a partner disabled, an agreement ended). Each
 * wakes only the channels concerned, which read the feed again and send it if it changed.
 */
export class DisplayLive {
  private readonly channels = new Map<string, Channel>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly db: Kysely<ServerDatabase>,
    pokes: RelayBus,
    private readonly log: FastifyBaseLogger,
    private readonly now: () => Date,
  ) {
    this.unsubscribe = [
      pokes.subscribe((organisationIds) => this.wake((channel) => organisationIds === 'all' || channel.organisationIds.some((id) => organisationIds.includes(id)))),
      pokes.subscribeAgreements((siteId) => this.wake((channel) => siteId === 'all' || channel.scope.siteId === siteId)),
      pokes.subscribeAccessChange(() => this.wake(() => true)),
    ];
  }

  /** Sends this socket the feed now, and every change from then on. */
  async add(socket: WebSocket, scope: DisplayScope): Promise<void> {
    const key = `${scope.organisationId}:${scope.siteId}`;
    let channel = this.channels.get(key);
    if (!channel) this.channels.set(key, (channel = { scope: { organisationId: scope.organisationId, siteId: scope.siteId }, sockets: new Set(), organisationIds: [scope.organisationId], last: null, timer: null }));
    channel.sockets.add(socket);
    socket.once('close', () => this.remove(key, socket));
    const { feed, organisationIds } = await readDisplayFeed(this.db, channel.scope, this.now());
    channel.organisationIds = organisationIds;
    const frame = JSON.stringify({ type: 'house-rules', feed });
    // Newer than what the channel's other displays have: they get it too.
    const to = frame === channel.last ? [socket] : channel.sockets;
    channel.last = frame;
    for (const open of to) if (open.readyState === open.OPEN) open.send(frame);
  }

  close(): void {
    this.unsubscribe.forEach((stop) => stop());
    for (const channel of this.channels.values()) if (channel.timer) clearTimeout(channel.timer);
    this.channels.clear();
  }

  private remove(key: string, socket: WebSocket): void {
    const channel = this.channels.get(key);
    if (!channel) return;
    channel.sockets.delete(socket);
    if (channel.sockets.size > 0) return;
    if (channel.timer) clearTimeout(channel.timer);
    this.channels.delete(key);
  }

  private wake(concerned: (channel: Channel) => boolean): void {
    for (const channel of this.channels.values()) {
      if (!concerned(channel) || channel.timer) continue;
      channel.timer = setTimeout(() => {
        channel.timer = null;
        void this.refresh(channel);
      }, SETTLE_MS);
    }
  }

  private async refresh(channel: Channel): Promise<void> {
    try {
      const { feed, organisationIds } = await readDisplayFeed(this.db, channel.scope, this.now());
      channel.organisationIds = organisationIds;
      const frame = JSON.stringify({ type: 'house-rules', feed });
      if (frame === channel.last) return;
      channel.last = frame;
      for (const socket of channel.sockets) if (socket.readyState === socket.OPEN) socket.send(frame);
    } catch (error) {
      // The displays keep what they show; the next change or their own poll tries again.
      this.log.warn({ err: error }, 'could not read the house rules for open displays');
    }
  }
}
