// A local webhook receiver for the reports webhooks tests: an HTTP server on 127.0.0.1 that keeps
// every request (headers, raw body) and answers as the test says (status, delay, redirect).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Decides the answer to each request (default 200). */
  respond: (r: Received, n: number) => { status: number; headers?: Record<string, string>; delayMs?: number; body?: string };
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const rec: Receiver = {
    url: '',
    port: 0,
    received: [],
    respond: () => ({ status: 200 }),
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      rec.received.push(r);
      const a = rec.respond(r, rec.received.length);
      const send = () => {
        res.writeHead(a.status, a.headers ?? { 'content-type': 'text/plain' });
        res.end(a.body ?? `status ${a.status}`);
      };
      if (a.delayMs) setTimeout(send, a.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rec.port = (server.address() as AddressInfo).port;
  rec.url = `http://127.0.0.1:${rec.port}`;
  rec.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return rec;
}
