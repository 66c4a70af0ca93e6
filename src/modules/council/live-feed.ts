// The fan-out of a sitting's event log to its live watchers (SSE) in this process. The kernel's live
// bus delivers '<sitting id>:<seq>' from the channel council_live (appendEvent's NOTIFY, from any app
// process); one feed per watched sitting reads the new events once and keeps the recent ones, and each
// watcher is sent every event after the last one it has, in order, exactly once: a watcher that
// rejoins with Last-Event-ID (or ?after=) first catches up from the log, then follows the feed. A
// notification with no new event (a choice in the open vote) is passed on as a `tally` event.
import type { Db } from '../../kernel/db.js';
import type { EventStream, LiveBus } from '../../kernel/live.js';
import { sittingEventsAfter, sittingLastSeq } from './live.js';
import type { EventRow } from './repo/live.js';

const CACHE = 1000;
export const LIVE_CHANNEL = 'council_live';

/** What a watcher is sent for each event (the SSE `data:`; `id:` is the seq, `event:` the kind). */
export interface LiveEventOut {
  seq: number;
  kind: string;
  at: string;
  data: Record<string, unknown>;
}

export const eventOut = (e: EventRow): LiveEventOut => ({ seq: e.seq, kind: e.kind, at: new Date(e.at).toISOString(), data: e.data });

class Watcher {
  busy = false;
  constructor(
    public lastSent: number,
    public stream: EventStream,
    private feed: Feed,
  ) {}

  private sendRows(rows: readonly EventRow[]): void {
    for (const r of rows) {
      if (r.seq <= this.lastSent) continue;
      this.stream.send(r.seq, r.kind, eventOut(r));
      this.lastSent = r.seq;
    }
  }

  /** Sends what it lacks: from the feed's cache when that reaches back far enough, else from the log. */
  deliver(): void {
    if (this.busy || this.stream.ended || this.lastSent >= this.feed.lastSeq) return;
    const c = this.feed.cache;
    if (c.length > 0 && c[0]!.seq <= this.lastSent + 1) {
      this.sendRows(c);
      return;
    }
    this.busy = true;
    sittingEventsAfter(this.feed.db, this.feed.kov, this.feed.sittingId, this.lastSent)
      .then((rows) => {
        this.sendRows(rows);
        this.busy = false;
        this.deliver();
      })
      .catch(() => {
        this.busy = false;
        this.stream.end(); // the client reconnects with its Last-Event-ID
      });
  }
}

class Feed {
  cache: EventRow[] = [];
  lastSeq = 0;
  watchers = new Set<Watcher>();
  private pumping = false;
  private again = false;
  ready: Promise<void>;

  constructor(
    public db: Db,
    public kov: string,
    public sittingId: string,
  ) {
    this.ready = sittingLastSeq(db, kov, sittingId).then((n) => {
      this.lastSeq = Math.max(this.lastSeq, n);
    });
  }

  /** Reads the events after the last one known, once for every watcher. */
  async pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      await this.ready;
      do {
        this.again = false;
        const rows = await sittingEventsAfter(this.db, this.kov, this.sittingId, this.lastSeq);
        for (const r of rows) {
          if (r.seq <= this.lastSeq) continue;
          if (this.cache.length && this.cache.at(-1)!.seq !== r.seq - 1) this.cache = [];
          this.cache.push(r);
          this.lastSeq = r.seq;
        }
        if (this.cache.length > CACHE) this.cache.splice(0, this.cache.length - CACHE);
        for (const w of this.watchers) w.deliver();
      } while (this.again);
    } finally {
      this.pumping = false;
    }
  }

  tally(): void {
    for (const w of this.watchers) if (!w.busy) w.stream.send(null, 'tally', {});
  }
}

/** The feeds of one app's watchers, listening on the process's live bus. */
export class SittingFeeds {
  private feeds = new Map<string, Feed>();
  private subscribed: Promise<unknown> | null = null;

  constructor(
    private db: Db,
    private bus: LiveBus,
  ) {}

  private onNotify = (payload: string | null): void => {
    if (payload === null) {
      for (const f of this.feeds.values()) void f.pump().catch(() => undefined);
      return;
    }
    const [sittingId, seqText] = payload.split(':');
    const f = this.feeds.get(sittingId ?? '');
    if (!f) return;
    const seq = Number(seqText);
    if (seq > f.lastSeq) void f.pump().catch(() => undefined);
    else f.tally();
  };

  /** Adds a watcher who has every event up to `after`; it leaves when its stream ends. */
  async join(kov: string, sittingId: string, after: number, stream: EventStream): Promise<void> {
    this.subscribed ??= this.bus.subscribe(LIVE_CHANNEL, this.onNotify).catch((e: unknown) => {
      this.subscribed = null; // the next watcher tries again
      throw e;
    });
    await this.subscribed;
    let f = this.feeds.get(sittingId);
    if (!f || f.kov !== kov) {
      f = new Feed(this.db, kov, sittingId);
      this.feeds.set(sittingId, f);
    }
    const feed = f;
    const w = new Watcher(after, stream, feed);
    feed.watchers.add(w);
    stream.onEnd(() => {
      feed.watchers.delete(w);
      if (feed.watchers.size === 0 && this.feeds.get(sittingId) === feed) this.feeds.delete(sittingId);
    });
    await feed.ready;
    w.deliver();
  }

  /** Watched sittings in this process (for tests and the bench). */
  get size(): number {
    return this.feeds.size;
  }
}
