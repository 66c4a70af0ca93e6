// No message ever shows a raw placeholder such as {status} (issue 9, item 3). Every message of every
// language of every module's catalogue (as the app registers them) is rendered with its parameters
// and without them, and no `{name}` may be left; every language of a message has the same
// placeholders (a translation that names one the others do not would show it raw).
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, catalogEntries, joinMessages, placeholdersOf, registerMessages, translate } from '../src/kernel/i18n.js';
import { kernelMessages } from '../src/kernel/messages.js';
import { loadModules } from '../src/modules/registry.js';

const LEFTOVER = /\{[^{}\s]*\}/;

beforeAll(async () => {
  registerMessages(kernelMessages);
  for (const m of await loadModules()) if (m.messages) registerMessages(m.messages);
});

describe('the message catalogue', () => {
  it('never holds one key from two places: a module’s parts are joined by joinMessages, which refuses a repeat, and no two modules (or a module and the kernel) share a key', async () => {
    const a = { 'x.one': { et: 'üks', en: 'one', ru: 'один' } };
    const b = { 'x.two': { et: 'kaks', en: 'two', ru: 'два' } };
    expect(Object.keys(joinMessages(a, b))).toEqual(['x.one', 'x.two']);
    expect(() => joinMessages(a, b, { 'x.one': { et: 'teine', en: 'other', ru: 'другой' } })).toThrow('message x.one is defined twice');
    const owner = new Map<string, string>(Object.keys(kernelMessages).map((k) => [k, 'kernel']));
    const twice: string[] = [];
    for (const m of await loadModules()) {
      for (const k of Object.keys(m.messages ?? {})) {
        if (owner.has(k)) twice.push(`${k}: ${owner.get(k)} and ${m.name}`);
        owner.set(k, m.name);
      }
    }
    expect(twice).toEqual([]);
  });

  it('holds every module’s messages', async () => {
    const keys = new Set(catalogEntries().map(([k]) => k));
    for (const m of await loadModules()) for (const k of Object.keys(m.messages ?? {})) expect(keys.has(k), k).toBe(true);
    expect(keys.size).toBeGreaterThan(300);
  });

  it('renders every message in every language with and without its parameters, never leaving a {placeholder}', () => {
    const bad: string[] = [];
    for (const [key, m] of catalogEntries()) {
      const names = [...new Set(LOCALES.flatMap((l) => placeholdersOf(m[l])))];
      const vars = Object.fromEntries(names.map((n, i) => [n, i % 2 ? 7 : { et: `«${n} et»`, en: `«${n} en»`, ru: `«${n} ru»` }]));
      for (const l of LOCALES) {
        const withVars = translate(l, key, vars);
        const without = translate(l, key);
        const partial = translate(l, key, { unrelated: 'x' });
        for (const [how, s] of [['with', withVars], ['without', without], ['partial', partial]] as const) {
          if (LEFTOVER.test(s)) bad.push(`${key} [${l}] ${how} parameters: ${s}`);
        }
        for (const n of names) if (typeof vars[n] === 'object' && !withVars.includes(`«${n} ${l}»`)) bad.push(`${key} [${l}]: parameter ${n} not shown in its language`);
      }
      const et = placeholdersOf(m.et).sort().join(',');
      for (const l of ['en', 'ru'] as const) if (placeholdersOf(m[l]).sort().join(',') !== et) bad.push(`${key} [${l}]: placeholders differ from Estonian (${et})`);
    }
    expect(bad).toEqual([]);
  });

  it('a left-out parameter leaves tidy text, not a gap or a dangling colon', () => {
    registerMessages({ 'test.msg.status': { et: 'Praegu ei saa hääletada: {status}.', en: 'You cannot vote now: {status}.', ru: 'Сейчас нельзя голосовать: {status}.' } });
    expect(translate('en', 'test.msg.status')).toBe('You cannot vote now.');
    expect(translate('et', 'test.msg.status', { status: { et: 'algab peagi', en: 'scheduled', ru: 'запланирован' } })).toBe('Praegu ei saa hääletada: algab peagi.');
    registerMessages({ 'test.msg.paren': { et: 'Pealkiri ({lang})', en: 'Title ({lang})', ru: 'Заголовок ({lang})' } });
    expect(translate('en', 'test.msg.paren')).toBe('Title');
  });
});
