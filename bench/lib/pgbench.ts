// pgbench as a bench's baseline: a custom script (lines of SQL and pgbench meta-commands) run by
// `clients` connections for `seconds` against one database, as measured in the same run as the app.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PgbenchResult {
  /** Transactions per second (without the initial connection time). */
  tps: number;
  /** Transactions pgbench says it completed. */
  transactions: number;
  /** Each transaction's latency in ms (only with `latencies`). */
  lat: number[];
}

/** The 99th percentile of a list of numbers (NaN for none). */
export function p99(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] ?? NaN;
}

/**
 * Runs pgbench with the script on `database` of the server in `url` (its host, port, user and
 * password). `prepared`: `-M prepared`; `latencies`: log every transaction and return its latency.
 */
export function runPgbench(
  url: URL,
  database: string,
  script: string[],
  o: { clients: number; seconds: number; prepared?: boolean; latencies?: boolean; what?: string },
): PgbenchResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vallamaja-bench-'));
  try {
    const file = path.join(dir, 'script.sql');
    fs.writeFileSync(file, [...script, ''].join('\n'));
    const args = ['-n', ...(o.prepared ? ['-M', 'prepared'] : []), '-c', String(o.clients), '-j', '2', '-T', String(o.seconds), '-f', file];
    if (o.latencies) args.push('-l', '--log-prefix', path.join(dir, 'log'));
    args.push('-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'), database);
    const pb = spawnSync('pgbench', args, { encoding: 'utf8', env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } });
    if (pb.status !== 0) throw new Error(`pgbench${o.what ? ` (${o.what})` : ''} failed: ${pb.stderr}`);
    const tps = Number(/tps = ([\d.]+) \(without initial/.exec(pb.stdout)?.[1] ?? /tps = ([\d.]+)/.exec(pb.stdout)?.[1]);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(pb.stdout)?.[1] ?? NaN);
    const lat: number[] = [];
    for (const f of fs.readdirSync(dir).filter((f) => f.startsWith('log'))) {
      for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (line && Number.isFinite(us)) lat.push(us / 1000);
      }
    }
    return { tps, transactions, lat };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
