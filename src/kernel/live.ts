// Live updates: the bus (PostgreSQL LISTEN/NOTIFY, so that several app processes stay in step) and
// server-sent event streams.
//
// The bus: one LISTEN connection per process and database (on PGlite its in-process listen), shared
// by every subscriber of every channel; a notification fans out to the channel's subscribers. When
// the connection drops it reconnects (1 s, then up to 10 s apart) and tells subscribers with
// `null` that they may have missed notifications (they catch up from their own log).
//
// The streams (createLiveHub): text/event-stream replies with a heartbeat comment every 20 s, a cap on
// open streams per process (503 with Retry-After beyond it), cleanup when the client goes away, and
// every stream ended before the app closes (so that closing never waits on a watcher).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import pg from 'pg';
import type { Db } from './db.js';
import { connectionStringOf, pgliteOf } from './db.js';
import { HttpError } from './errors.js';

export type LiveListener = (payload: string | null) => void;

export interface LiveBus {
  /** Listens on `channel` (a lower-case SQL identifier); answers the unsubscribe function. */
  subscribe(channel: string, fn: LiveListener): Promise<() => void>;
  /** Stops listening (the last holder's release closes the connection). */
  release(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

class Bus {
  private listeners = new Map<string, Set<LiveListener>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private pgliteUnlisten = new Map<string, () => Promise<void>>();
  private closed = false;
  private retryMs = 1000;
  refs = 0;

  constructor(private db: Db) {}

  private fan(channel: string, payload: string | null): void {
    for (const fn of this.listeners.get(channel) ?? []) {
      try {
        fn(payload);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  private async connectPg(url: string): Promise<void> {
    const client = new pg.Client({ connectionString: url, application_name: 'vallamaja-live' });
    client.on('error', () => undefined);
    client.on('notification', (n) => this.fan(n.channel, n.payload ?? ''));
    client.on('end', () => {
      if (this.client !== client || this.closed) return;
      this.client = null;
      this.connecting = null;
      this.reconnect();
    });
    try {
      await client.connect();
      for (const ch of this.listeners.keys()) await client.query(`LISTEN ${ch}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    this.client = client;
    this.retryMs = 1000;
  }

  private reconnecting = false;

  /** Tries again after a wait (1 s, doubling up to 10 s); on success tells every channel to catch up. */
  private reconnect(): void {
    if (this.closed || this.reconnecting) return;
    this.reconnecting = true;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
    setTimeout(() => {
      this.reconnecting = false;
      if (this.closed) return;
      this.ensure()
        .then(() => {
          // whatever was notified while the connection was down is lost: subscribers catch up
          for (const ch of this.listeners.keys()) this.fan(ch, null);
        })
        .catch(() => this.reconnect());
    }, wait).unref();
  }

  private ensure(): Promise<void> {
    const url = connectionStringOf(this.db);
    if (!url) return Promise.resolve();
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connectPg(url).catch((e: unknown) => {
      this.connecting = null;
      throw e;
    });
    return this.connecting;
  }

  async subscribe(channel: string, fn: LiveListener): Promise<() => void> {
    if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
    let set = this.listeners.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(fn);
    if (first) {
      const pglite = pgliteOf(this.db);
      if (pglite) this.pgliteUnlisten.set(channel, await pglite.listen(channel, (p) => this.fan(channel, p)));
      else {
        await this.ensure();
        if (this.client) await this.client.query(`LISTEN ${channel}`);
      }
    }
    return () => {
      set.delete(fn);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
    for (const un of this.pgliteUnlisten.values()) await un().catch(() => undefined);
    this.pgliteUnlisten.clear();
    this.listeners.clear();
  }
}

const buses = new WeakMap<Db, Bus>();

/** The process's live bus for `db` (shared; call release() when done with it). */
export function liveBus(db: Db): LiveBus {
  let bus = buses.get(db);
  if (!bus) {
    bus = new Bus(db);
    buses.set(db, bus);
  }
  const b = bus;
  b.refs++;
  let released = false;
  return {
    subscribe: (channel, fn) => b.subscribe(channel, fn),
    async release() {
      if (released) return;
      released = true;
      if (--b.refs === 0) {
        buses.delete(db);
        await b.close();
      }
    },
  };
}

// ---------------------------------------------------------------- server-sent event streams

export interface EventStream {
  /** Sends one event (`id` is what the client's Last-Event-ID will be; null: none). */
  send(id: number | null, event: string, data: unknown): void;
  /** Runs `fn` once when the stream ends (the client left, or the app closes). */
  onEnd(fn: () => void): void;
  end(): void;
  readonly ended: boolean;
}

export interface LiveHub {
  /** Hijacks the reply and opens an event stream; 503 (before anything is sent) over the cap. */
  open(req: FastifyRequest, reply: FastifyReply): EventStream;
  /** Open streams in this process. */
  readonly watchers: number;
}

/** Streams of one app: registered on `app` (its preClose ends them). */
export function createLiveHub(app: FastifyInstance, opts: { maxWatchers?: number; heartbeatMs?: number; fullKey?: string } = {}): LiveHub {
  const max = opts.maxWatchers ?? 5000;
  const heartbeatMs = opts.heartbeatMs ?? 20_000;
  const open = new Set<EventStream>();
  app.addHook('preClose', async () => {
    for (const s of [...open]) s.end();
  });
  return {
    get watchers() {
      return open.size;
    },
    open(req, reply) {
      if (open.size >= max) throw new HttpError(503, 'unavailable', 'error.unavailable.title', [], opts.fullKey, { 'retry-after': '10' });
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      res.write('retry: 2000\n\n');
      const ends: (() => void)[] = [];
      let ended = false;
      const beat = setInterval(() => {
        if (!ended) res.write(': heartbeat\n\n');
      }, heartbeatMs);
      beat.unref();
      const stream: EventStream = {
        get ended() {
          return ended;
        },
        send(id, event, data) {
          if (ended) return;
          res.write(`${id === null ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        },
        onEnd(fn) {
          if (ended) fn();
          else ends.push(fn);
        },
        end() {
          if (ended) return;
          ended = true;
          clearInterval(beat);
          open.delete(stream);
          for (const fn of ends.splice(0)) {
            try {
              fn();
            } catch {
              /* cleanup of one must not stop the others */
            }
          }
          if (!res.writableEnded) res.end();
        },
      };
      open.add(stream);
      req.raw.on('close', () => stream.end());
      res.on('close', () => stream.end());
      return stream;
    },
  };
}
