// HTTP POST load: `clients` keep-alive connections (in a worker thread, so the measuring does not share
// the app's event loop) POSTing one body to `path` for `seconds`; counts the answers with status `ok`.
import { Worker } from 'node:worker_threads';

export interface PostLoad {
  port: number;
  path: string;
  body: string;
  contentType: string;
  /** The status a stored request answers. */
  ok: number;
  clients: number;
  seconds: number;
  /** Each client as a resident of her own address (X-Forwarded-For 10.0.<client>.1, behind the proxy the app trusts). */
  forwardedFor?: boolean;
  /** Vary the body a little each time: `find` replaced by `prefix` and four digits. */
  vary?: { find: string; prefix: string };
}

export interface PostLoadResult {
  /** Requests answered `ok`. */
  n: number;
  bad: number;
  /** Each request's latency in ms. */
  lat: number[];
  /** The other statuses, counted. */
  codes: Record<string, number>;
  /** Seconds from the worker's start to its end. */
  secs: number;
}

const POSTER = `
  const http = require('node:http');
  const { parentPort, workerData: w } = require('node:worker_threads');
  const agent = new http.Agent({ keepAlive: true, maxSockets: w.clients });
  let n = 0, bad = 0; const lat = []; const codes = {};
  const until = Date.now() + w.seconds * 1000;
  function one(i) {
    if (Date.now() >= until) return Promise.resolve();
    const t0 = performance.now();
    const body = w.vary ? w.body.replace(w.vary.find, w.vary.prefix + String(1000 + ((n + i * 7919) % 9000)).slice(0, 4)) : w.body;
    return new Promise((resolve) => {
      const headers = { 'content-type': w.contentType, 'content-length': Buffer.byteLength(body) };
      if (w.forwardedFor) headers['x-forwarded-for'] = '10.0.' + i + '.1';
      const req = http.request({ agent, host: '127.0.0.1', port: w.port, method: 'POST', path: w.path, headers }, (res) => {
        res.resume();
        res.on('end', () => { lat.push(performance.now() - t0); if (res.statusCode === w.ok) n++; else { bad++; codes[res.statusCode] = (codes[res.statusCode] || 0) + 1; } resolve(); });
      });
      req.on('error', () => { bad++; resolve(); });
      req.end(body);
    }).then(() => one(i));
  }
  Promise.all(Array.from({ length: w.clients }, (_, i) => one(i))).then(() => parentPort.postMessage({ n, bad, lat, codes }));
`;

/** Runs the load and resolves with what it counted. */
export async function postLoad(o: PostLoad): Promise<PostLoadResult> {
  const t1 = performance.now();
  const res = await new Promise<Omit<PostLoadResult, 'secs'>>((resolve, reject) => {
    const w = new Worker(POSTER, { eval: true, workerData: o });
    w.once('message', resolve);
    w.once('error', reject);
  });
  return { ...res, secs: (performance.now() - t1) / 1000 };
}
