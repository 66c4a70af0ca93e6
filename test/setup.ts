// Runs in every test worker: block outbound network (loopback only) so no test can reach the
// internet, and make sure the far-off time zone is in force.
import dns from 'node:dns';
import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;

// (with the workers not isolated, this file runs again before every test file in the same process:
// the guards are installed once)
const guarded = (globalThis as { __vallamajaNetGuard?: boolean }).__vallamajaNetGuard === true;
(globalThis as { __vallamajaNetGuard?: boolean }).__vallamajaNetGuard = true;
const origConnect = net.Socket.prototype.connect;
if (!guarded) net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string; port?: number } | number | string;
  let host: string | undefined;
  if (typeof first === 'object' && first !== null) {
    if (first.path) return (origConnect as (...a: unknown[]) => net.Socket).apply(this, args); // unix socket
    host = first.host ?? 'localhost';
  } else if (typeof first === 'number') host = typeof args[1] === 'string' ? (args[1] as string) : 'localhost';
  else if (typeof first === 'string') return (origConnect as (...a: unknown[]) => net.Socket).apply(this, args); // unix socket path
  if (host && !LOOPBACK.test(host)) {
    throw new Error(`Outbound network is blocked in tests (tried ${host})`);
  }
  return (origConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const origLookup = dns.lookup;
if (!guarded) (dns as { lookup: unknown }).lookup = function (hostname: string, ...rest: unknown[]) {
  if (!LOOPBACK.test(hostname)) {
    const cb = rest[rest.length - 1] as (e: Error) => void;
    const e = Object.assign(new Error(`Outbound network is blocked in tests (lookup ${hostname})`), { code: 'ENOTFOUND' });
    process.nextTick(() => cb(e));
    return;
  }
  return (origLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
};

if (process.env.TZ !== 'Pacific/Kiritimati') throw new Error('tests must run with TZ=Pacific/Kiritimati');

// The date the suite runs at: the real one, or VALLAMAJA_TEST_DATE (an ISO date or instant) for the
// whole run, the clock then ticking from there. No test may depend on which.
// Every test file starts from it, whatever the file before it in the same worker set the clock to.
import { resetClock, setClock } from '../src/kernel/clock.js';
import { resetIdSequence } from '../src/kernel/ids.js';
if (process.env.VALLAMAJA_TEST_DATE) setClock(process.env.VALLAMAJA_TEST_DATE, { ticking: true });
else resetClock();
resetIdSequence();
