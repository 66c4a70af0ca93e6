// The minutes at the service level, on PGlite and (TEST_DATABASE_URL) PostgreSQL, from a sitting
// played through the live part's repo (fixtures.ts playedSitting): the draft from the event log
// (heading, presence, speakers, recusal, every vote with names or counts, the repeat with its reason,
// the decisions), the secretary's edits with their history and audit entries, the chair's sign-off
// (only the chair; signed minutes are frozen), the safe rendering of the text, and the PDF, whose
// text shows every open vote's members by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/audit.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { registerMessages } from '../../kernel/i18n.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { asOwner, engine, seedTenant, testDb } from '../../../test/helpers.js';
import type { CouncilWorld, PlayedSitting } from './fixtures.js';
import { councilWorld, playedSitting } from './fixtures.js';
import { councilAuditActions, councilMessages } from './messages.js';
import { buildRecord, minutesPdf, minutesText, minutesView, parseMinutes, publishedMinutes, saveMinutesText, signMinutesAsChair } from './minutes.js';
import { pdfLines } from './record.pdf-text.js';

const KEY = 'test-idcode-key';
const SECRETARY: Actor = { kind: 'person', id: null, name: 'Sille Sekretär' };
let db: Db;
let w: CouncilWorld;
let played: PlayedSitting;

async function refusal(p: Promise<unknown>): Promise<{ status: number; key: string }> {
  try {
    await p;
  } catch (e) {
    if (!isHttpError(e)) throw e;
    return { status: e.status, key: e.detailKey ?? e.fields[0]?.reason ?? '' };
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  registerMessages(councilMessages);
  registerMessages(councilAuditActions);
  setClock('2027-01-14T12:00:00Z', { ticking: true });
  db = await testDb();
  await seedTenant(db, '0784', 'Tallinn', 'linn');
  w = await councilWorld(db, KEY, { members: 31, items: 3 });
  played = await playedSitting(db, w);
});
afterAll(async () => {
  await db?.close();
});

describe(`council minutes (${engine})`, () => {
  it('drafts the record from the event log: presence, speakers, recusal, votes, repeat, decisions', async () => {
    const v = await minutesView(db, w.kov, w.sittingId);
    const r = v.record;
    expect(v.state).toBe('closed');
    expect(v.saved).toBeNull();
    expect(r.present).toHaveLength(25);
    expect(r.present.filter((p) => p.how === 'online')).toHaveLength(7);
    expect(r.absent.map((a) => a.name).sort()).toEqual(played.absent.map((n) => w.members[n - 1]!.name).sort());
    expect(r.openedAt).not.toBeNull();
    expect(r.closedAt).not.toBeNull();
    const [i1, i2, i3] = r.items;
    expect(i1!.speakers).toEqual([
      { name: w.members[2]!.name, kind: 'speech' },
      { name: w.members[3]!.name, kind: 'question' },
    ]);
    expect(i1!.recusals).toEqual([{ name: w.members[4]!.name, reason: 'Abikaasa ettevõte on tehingu osapool' }]);
    expect(i1!.votes).toHaveLength(1);
    const v1 = i1!.votes[0]!;
    expect(v1.outcome).toMatchObject({ for: 15, against: 4, abstain: 2, notVoting: 3, needed: 5, adopted: true });
    expect(v1.choices).toHaveLength(24);
    expect(v1.choices!.some((c) => c.name === w.members[4]!.name)).toBe(false);
    expect(i2!.votes.map((x) => [x.outcome!.adopted, x.repeatOf])).toEqual([
      [false, null],
      [true, played.voteIds[1]],
    ]);
    expect(i2!.votes[1]!.repeatReason).toBe('Hääletusseadme tõrge saalis');
    expect(i3!.votes[0]!.kind).toBe('secret');
    expect(i3!.votes[0]!.choices).toBeNull();
    expect(r.items.map((i) => i.result)).toEqual(['Otsus nr 1 vastu võetud', 'Määrus nr 2 vastu võetud', 'Revisjonikomisjoni esimees valitud']);

    const text = v.text;
    expect(text).toContain('# Volikogu istungi nr 1 protokoll');
    expect(text).toContain('Koht: Raekoja saal');
    expect(text).toContain(`- ${w.members[2]!.name} — sõnavõtt`);
    expect(text).toContain(`- ${w.members[4]!.name} — Abikaasa ettevõte on tehingu osapool`);
    expect(text).toContain('Korduv hääletus (kordab hääletust „Määruse 2 vastuvõtmine“). Põhjus: Hääletusseadme tõrge saalis');
    expect(text).toContain('Poolt 14, vastu 8, erapooletuid 1, ei hääletanud 2; vaja oli 9 poolthäält. Vastu võetud.');
    expect(text).toContain('Otsus: Määrus nr 2 vastu võetud');
    // every open vote lists each eligible member with faction and choice; the secret one lists none
    const m1 = w.members[0]!;
    expect(text.split(`- ${m1.name} (${m1.faction}): poolt`).length - 1).toBe(3);
    const secretPart = text.slice(text.indexOf('### Hääletus: Revisjonikomisjoni'));
    expect(secretPart).not.toContain(m1.name);
    expect(secretPart).toContain('Salajane hääletus');
  });

  it('names the amendments of an item’s draft and which vote was on which amendment', () => {
    const at = new Date('2027-01-14T12:00:00Z');
    const sitting = { id: 's', kov_code: '0784', body_id: 'b', number: 4, kind: 'regular', mode: 'room', starts_at: at, place: null, video_url: null, state: 'closed', notice_published_at: at, opened_at: at, closed_at: at, created_at: at } as const;
    const r = buildRecord({
      sitting,
      body: { id: 'b', kov_code: '0784', kind: 'council', parent_id: null, name: 'Volikogu', short_name: null, seats: 3, created_at: at },
      items: [{ id: 'i', kov_code: '0784', sitting_id: 's', position: 1, title: 'Eelarve', draft_id: 'd', public: true, state: 'done', result: null }],
      seats: [],
      events: [
        { sitting_id: 's', seq: 1, kov_code: '0784', at, kind: 'vote.opened', data: { voteId: 'v1', itemId: 'i', subject: 'Muudatus 1', kind: 'open', majority: 'simple' }, actor: null },
        { sitting_id: 's', seq: 2, kov_code: '0784', at, kind: 'vote.opened', data: { voteId: 'v2', itemId: 'i', subject: 'Eelnõu', kind: 'open', majority: 'simple' }, actor: null },
      ],
      amendments: [{ id: 'a', draft_id: 'd', item_id: 'i', text: 'Lisada\nrida', status: 'rejected', proposer: 'Mari Maasikas' }],
      voteAmendments: [{ id: 'v1', amendment_id: 'a' }],
    });
    expect(r.items[0]!.amendments).toEqual([{ id: 'a', proposer: 'Mari Maasikas', text: 'Lisada\nrida', status: 'rejected' }]);
    expect(r.items[0]!.votes.map((v) => v.amendmentId)).toEqual(['a', null]);
    const text = minutesText(r, 'et');
    expect(text).toContain('Muudatusettepanekud:\n- Mari Maasikas: Lisada rida (tagasi lükatud)');
    expect(text).toContain('### Hääletus: Muudatus 1 (avalik nimeline, poolthäälteenamus) — muudatusettepanek, esitaja Mari Maasikas');
  });

  it('parses the edited text into headings, list items and paragraphs, never HTML', () => {
    expect(parseMinutes('# A\n\n## B\n### C\n- d\n* e\n<script>alert(1)</script>\n')).toEqual([
      { kind: 'h1', text: 'A' },
      { kind: 'h2', text: 'B' },
      { kind: 'h3', text: 'C' },
      { kind: 'li', text: 'd' },
      { kind: 'li', text: 'e' },
      { kind: 'p', text: '<script>alert(1)</script>' },
    ]);
  });

  it('keeps the secretary’s edits with their history and audit; only the chair signs; signed minutes are frozen', async () => {
    expect(await refusal(saveMinutesText(db, w.kov, w.sittingId, '   ', SECRETARY))).toEqual({ status: 400, key: 'council.rec.error.text' });
    expect(await refusal(signMinutesAsChair(db, w.kov, w.sittingId, hashIdcode(KEY, w.members[0]!.idcode), { kind: 'person', id: null, name: w.members[0]!.name }))).toEqual({ status: 409, key: 'council.rec.error.noMinutes' });
    const draft = (await minutesView(db, w.kov, w.sittingId)).text;
    expect(await saveMinutesText(db, w.kov, w.sittingId, draft, SECRETARY)).toEqual({ version: 1 });
    const edited = draft.replace('Koht: Raekoja saal', 'Koht: Raekoja saal, 2. korrus');
    expect(await saveMinutesText(db, w.kov, w.sittingId, edited, SECRETARY)).toEqual({ version: 2 });
    const v = await minutesView(db, w.kov, w.sittingId);
    expect(v.saved!.text).toBe(edited);
    expect(v.saved!.edited_by).toBe('Sille Sekretär');
    expect(v.versions.map((x) => x.version)).toEqual([2, 1]);
    expect(await publishedMinutes(db, w.kov, w.sittingId)).toBeNull();
    // the deputy is not the chair; the chair is member 1
    const deputy = w.members[1]!;
    expect(await refusal(signMinutesAsChair(db, w.kov, w.sittingId, hashIdcode(KEY, deputy.idcode), { kind: 'person', id: null, name: deputy.name }))).toEqual({ status: 403, key: 'council.rec.error.notChair' });
    const chair = w.members[0]!;
    const signed = await signMinutesAsChair(db, w.kov, w.sittingId, hashIdcode(KEY, chair.idcode), { kind: 'person', id: null, name: chair.name });
    expect(signed.signed_by).toBe(chair.name);
    expect(await refusal(saveMinutesText(db, w.kov, w.sittingId, 'muudetud', SECRETARY))).toEqual({ status: 409, key: 'council.rec.error.signed' });
    expect(await refusal(signMinutesAsChair(db, w.kov, w.sittingId, hashIdcode(KEY, chair.idcode), { kind: 'person', id: null, name: chair.name }))).toEqual({ status: 409, key: 'council.rec.error.signed' });
    expect((await publishedMinutes(db, w.kov, w.sittingId))!.minutes.text).toBe(edited);
    const audit = await asOwner(db, (t) => t.query<{ action: string; actor_name: string }>(`SELECT action, actor_name FROM core_audit WHERE kov_code = $1 AND action LIKE 'council.minutes.%' ORDER BY seq`, [w.kov]));
    expect(audit).toEqual([
      { action: 'council.minutes.edit', actor_name: 'Sille Sekretär' },
      { action: 'council.minutes.edit', actor_name: 'Sille Sekretär' },
      { action: 'council.minutes.sign', actor_name: chair.name },
    ]);
  });

  it('prints the PDF with the text, the sign-off and every open vote by name', async () => {
    const p = (await publishedMinutes(db, w.kov, w.sittingId))!;
    const pdf = await minutesPdf(p.record, { text: p.minutes.text, signedAt: p.minutes.signed_at, signedBy: p.minutes.signed_by, url: 'https://vallamaja.example/x' }, 'et', { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const lines = pdfLines(pdf);
    const all = lines.join('\n');
    expect(all).toContain('Volikogu istungi nr 1 protokoll');
    expect(all).toContain('Koht: Raekoja saal, 2. korrus');
    expect(all).toContain(`Allkirjastas istungi juhataja ${w.members[0]!.name}`);
    expect(all).toContain('Lisa: hääletuste nimelised tulemused');
    // the annex (from the record, not the editable text): every open vote lists every eligible member
    const annex = lines.slice(lines.indexOf('Lisa: hääletuste nimelised tulemused'));
    for (const vote of p.record.items.flatMap((i) => i.votes).filter((x) => x.kind === 'open')) {
      for (const c of vote.choices!) expect(annex).toContain(`• ${c.name} (${c.faction}): ${{ for: 'poolt', against: 'vastu', abstain: 'erapooletu', none: 'ei hääletanud' }[c.choice]}`);
    }
    expect(annex.filter((l) => l.startsWith(`• ${w.members[0]!.name} (`))).toHaveLength(3);
  });
});
