// Every audit action code recorded anywhere in the code has a name in et, en and ru (declared in
// its module's manifest, `auditActions`, or the kernel's own list), so the audit log never shows a
// bare code. The code is read from the source (every `recordAudit(…, { action: '…' })`); an action
// that is not a string literal is refused too, since it could not be checked.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../src/kernel/i18n.js';
import type { Message } from '../src/kernel/i18n.js';
import { kernelAuditActions } from '../src/kernel/messages.js';
import { loadModules } from '../src/modules/registry.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Src {
  path: string;
  text: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) walk(rel, out);
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

/** The action codes of every recordAudit call in the files; calls whose action is not a literal. */
function recordedActions(files: Src[]): { codes: Map<string, string>; unreadable: string[] } {
  const codes = new Map<string, string>();
  const unreadable: string[] = [];
  for (const f of files) {
    for (const m of f.text.matchAll(/(?<!function )\brecordAudit\(/g)) {
      const at = m.index;
      const line = f.text.slice(0, at).split('\n').length;
      // the call's argument object: up to its closing "})" (calls are short)
      const end = f.text.indexOf('})', at);
      const call = f.text.slice(at, end === -1 ? at + 1500 : end);
      const lit = /\baction:\s*'([^'\n]+)'/.exec(call);
      if (lit) {
        if (!codes.has(lit[1]!)) codes.set(lit[1]!, `${f.path}:${line}`);
      } else unreadable.push(`${f.path}:${line}`);
    }
  }
  return { codes, unreadable };
}

/** Codes without a complete name (et, en and ru, none empty). */
function unnamed(codes: Map<string, string>, names: Map<string, Message>): string[] {
  const out: string[] = [];
  for (const [code, where] of codes) {
    const n = names.get(code);
    if (!n || LOCALES.some((l) => !n[l]?.trim())) out.push(`${code} (${where})`);
  }
  return out.sort();
}

async function declaredNames(): Promise<Map<string, Message>> {
  const names = new Map<string, Message>(Object.entries(kernelAuditActions));
  for (const m of await loadModules()) for (const [code, n] of Object.entries(m.auditActions ?? {})) names.set(code, n);
  return names;
}

const files: Src[] = walk('src').map((p) => ({ path: p, text: fs.readFileSync(path.join(ROOT, p), 'utf8') }));

describe('audit action names', () => {
  it('finds the recorded actions in the source (admin, residents, polls, voting and the kernel)', () => {
    const { codes, unreadable } = recordedActions(files);
    expect(unreadable).toEqual([]);
    for (const c of ['role.grant', 'apikey.revoke', 'residents.import', 'residents.xtee.fetch', 'polls.poll.publish', 'voting.vote.close', 'voting.result.certify', 'job.retry']) {
      expect([...codes.keys()]).toContain(c);
    }
    expect(codes.size).toBeGreaterThanOrEqual(20);
  });

  it('every recorded action has a name in et, en and ru', async () => {
    const { codes } = recordedActions(files);
    expect(unnamed(codes, await declaredNames())).toEqual([]);
  });

  it('would catch a recorded action without a name, and an action that is not a literal', async () => {
    const planted: Src[] = [
      { path: 'src/modules/polls/service.ts', text: "await recordAudit(t, { kov, actor, action: 'polls.poll.vanish', targetType: 'polls_poll' });\n" },
      { path: 'src/modules/polls/other.ts', text: 'await recordAudit(t, { kov, actor, action: code });\n' },
    ];
    const { codes, unreadable } = recordedActions(planted);
    expect(unnamed(codes, await declaredNames())).toEqual(['polls.poll.vanish (src/modules/polls/service.ts:1)']);
    expect(unreadable).toEqual(['src/modules/polls/other.ts:1']);
    // a name missing one language is not a name
    const partial = new Map<string, Message>([['x.y', { et: 'Midagi', en: 'Something', ru: '' }]]);
    expect(unnamed(new Map([['x.y', 'here']]), partial)).toEqual(['x.y (here)']);
  });
});
