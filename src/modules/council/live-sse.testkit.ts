// A server-sent events reader for the council's live tests and the bench: a real socket to a
// listening app, the stream parsed into events (id, event, data), reconnect by hand with Last-Event-ID.
import http from 'node:http';

export interface SseEvent {
  id: number | null;
  event: string;
  data: unknown;
}

export class SseReader {
  events: SseEvent[] = [];
  tallies = 0;
  status = 0;
  private req: http.ClientRequest | null = null;
  private buf = '';
  private waiters: (() => void)[] = [];
  onEvent: ((e: SseEvent) => void) | null = null;

  constructor(
    private base: string,
    private path: string,
    private headers: Record<string, string> = {},
  ) {}

  /** Connects (with Last-Event-ID when given); resolves once the response headers arrive. */
  open(lastEventId?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { accept: 'text/event-stream', ...this.headers };
      if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
      const req = http.get(`${this.base}${this.path}`, { headers, agent: false }, (res) => {
        this.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.feed(chunk));
        res.on('error', () => undefined);
        resolve();
      });
      req.on('error', (e) => reject(e));
      this.req = req;
    });
  }

  private feed(chunk: string): void {
    this.buf += chunk;
    for (;;) {
      const i = this.buf.indexOf('\n\n');
      if (i === -1) break;
      const block = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 2);
      let id: number | null = null;
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        if (line.startsWith('id: ')) id = Number(line.slice(4));
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (!data.length) continue;
      const e: SseEvent = { id, event, data: JSON.parse(data.join('\n')) };
      if (event === 'tally') this.tallies++;
      else this.events.push(e);
      this.onEvent?.(e);
    }
    for (const w of this.waiters.splice(0)) w();
  }

  /** The last event id received (0: none). */
  get lastId(): number {
    return this.events.at(-1)?.id ?? 0;
  }

  /** Waits until `check` holds for the events received (polled on each chunk, up to timeoutMs). */
  async until(what: string, check: (events: SseEvent[]) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!check(this.events)) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what} (${this.events.length} events)`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  close(): void {
    this.req?.destroy();
    this.req = null;
  }
}
