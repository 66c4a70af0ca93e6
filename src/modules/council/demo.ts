// Demo data: Tallinn (0784) gets a council of 15 members in five factions (one of them replaced by a
// substitute for this month), two commissions, three drafts with small generated documents (PDF and
// DOCX), one past sitting (held and closed) and one upcoming sitting whose notice is published. The
// past sitting is set up on the kernel clock set back 40 days, then the clock is put back.
// The live and record parts add a played sitting after this (loadCouncilDemo returns what they need).
import type { Actor } from '../../kernel/audit.js';
import { clockIsReal, dateInTallinn, nowMs, resetClock, setClock, tallinnLocalToDate, today } from '../../kernel/clock.js';
import { withCheckDigit } from '../../kernel/idcode.js';
import type { DemoContext } from '../../kernel/module.js';
import { loadTenant } from '../../kernel/tenants.js';
import * as repo from './repo/setup.js';
import { addDays, addFile, addItem, addMembership, addPerson, createBody, createDraft, createSitting, publishNotice, setDraftStatus, setOpinion } from './service.js';

export const DEMO_KOV = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'Vallamaja demoandmed' };
const DAY = 86_400_000;

const FACTIONS = ['Eesti Reformierakond', 'Eesti Keskerakond', 'Isamaa', 'Sotsiaaldemokraatlik Erakond', 'Eesti 200'];
/** [first 10 digits of the ID code, name]; member 1 chairs, member 2 is deputy. */
const MEMBERS: [string, string][] = [
  ['3700101101', 'Tõnis Org'],
  ['4750202102', 'Kersti Lill'],
  ['3800303103', 'Margus Kallas'],
  ['4650404104', 'Anu Pärn'],
  ['3850505105', 'Rait Vaher'],
  ['4900606106', 'Triin Saar'],
  ['3720707107', 'Urmas Kivi'],
  ['4800808108', 'Katrin Mänd'],
  ['3660909109', 'Jüri Tamme'],
  ['4781010110', 'Eve Rebane'],
  ['3911111111', 'Marko Lepik'],
  ['4681212112', 'Piret Jõgi'],
  ['3820113113', 'Andrus Kuusk'],
  ['4950214114', 'Liisa Roos'],
];

/** A small valid one-page PDF with a line of text (no fonts embedded: Helvetica). */
export function tinyPdf(text: string): Buffer {
  const safe = text.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 72 760 Td (${safe}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP of stored (uncompressed) entries. */
function zipStored(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const n = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A small valid DOCX with one paragraph. */
export function tinyDocx(text: string): Buffer {
  return zipStored([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'],
    ['word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${xmlEscape(text)}</w:t></w:r></w:p></w:body></w:document>`],
  ]);
}

export interface CouncilDemo {
  kov: string;
  councilId: string;
  commissionIds: string[];
  pastSittingId: string;
  upcomingSittingId: string;
  draftIds: string[];
}

/** Loads the demo (once: nothing when Tallinn has a council already). Answers the ids for the other parts' demo. */
export async function loadCouncilDemo(ctx: DemoContext): Promise<CouncilDemo | null> {
  const { db, config, log } = ctx;
  if (!(await loadTenant(db, DEMO_KOV))) {
    log(`Council: KOV ${DEMO_KOV} does not exist; no demo council.`);
    return null;
  }
  if (await db.tx((t) => repo.hasBodies(t, DEMO_KOV), { kov: DEMO_KOV })) {
    log('Council: Tallinn has a council already; no demo council.');
    return null;
  }
  const key = config.idcodeHmacKey;
  const kov = DEMO_KOV;
  const real = clockIsReal();
  const started = nowMs();
  // the council's term and the past sitting are set up 40 days back
  setClock(started - 40 * DAY, { ticking: true });
  let demo: CouncilDemo;
  try {
    const { id: councilId } = await createBody(db, kov, { kind: 'council', name: 'Tallinna Linnavolikogu', shortName: 'TLV', seats: 15 }, SYSTEM);
    const { id: budgetCom } = await createBody(db, kov, { kind: 'commission', name: 'Eelarve- ja majanduskomisjon', seats: 5 }, SYSTEM);
    const { id: cityCom } = await createBody(db, kov, { kind: 'commission', name: 'Linnamajanduskomisjon', seats: 5 }, SYSTEM);
    const termStarts = '2025-11-01';
    // a demo person who can sign in (TARA simulator) sits on the council too
    const mari = ctx.people.find((p) => p.givenName === 'Mari');
    const people: { idcode: string; name: string }[] = MEMBERS.map(([d, name]) => ({ idcode: withCheckDigit(d), name }));
    if (mari) people.push({ idcode: mari.idcode, name: `${mari.givenName} ${mari.familyName}` });
    else people.push({ idcode: withCheckDigit('4960315115'), name: 'Mari Maasikas' });
    const ms: string[] = [];
    for (const [i, p] of people.entries()) {
      const { id: personId } = await addPerson(db, kov, key, { name: p.name, idcode: p.idcode }, SYSTEM);
      ms.push((await addMembership(db, kov, { bodyId: councilId, personId, role: i === 0 ? 'chair' : i === 1 ? 'deputy' : 'member', faction: FACTIONS[i % FACTIONS.length]!, votingRight: true, starts: termStarts }, SYSTEM)).id);
      if (i >= 2 && i < 7) await addMembership(db, kov, { bodyId: i % 2 ? budgetCom : cityCom, personId, role: i < 4 ? 'chair' : 'member', faction: FACTIONS[i % FACTIONS.length]!, votingRight: true, starts: termStarts }, SYSTEM);
    }
    // a substitute (asendusliige) for member 5 during the whole current month and the next
    const { id: subPerson } = await addPerson(db, kov, key, { name: 'Heiki Laas', idcode: withCheckDigit('3770416116') }, SYSTEM);
    const month = dateInTallinn(started).slice(0, 8);
    await addMembership(db, kov, { bodyId: councilId, personId: subPerson, role: 'member', faction: FACTIONS[4 % FACTIONS.length]!, votingRight: true, starts: `${month}01`, ends: addDays(`${month}01`, 75), substituteFor: ms[4]! }, SYSTEM);

    const drafts: { number: string; title: string; kind: 'decision' | 'regulation'; summary: string }[] = [
      { number: '1-3/41', title: 'Tallinna 2027. aasta eelarve', kind: 'regulation', summary: 'Linna 2027. aasta eelarve: tulud, kulud, investeeringud ja finantseerimistehingud.' },
      { number: '1-3/42', title: 'Pirita tee rekonstrueerimise projekteerimistingimused', kind: 'decision', summary: 'Pirita tee lõigu rekonstrueerimine koos jalg- ja rattateega.' },
      { number: '1-3/43', title: 'Huvihariduse toetuse kord', kind: 'regulation', summary: 'Huvihariduse ja huvitegevuse toetuse andmise kord alates 2027. aastast.' },
    ];
    const draftIds: string[] = [];
    for (const d of drafts) {
      const { id } = await createDraft(db, kov, { bodyId: councilId, ...d, presenter: 'Tallinna Linnavalitsus' }, SYSTEM);
      draftIds.push(id);
      await addFile(db, kov, { draftId: id }, { name: `${d.number.replace('/', '-')} eelnou.pdf`, bytes: tinyPdf(`Eelnou ${d.number}: ${d.title}`) }, SYSTEM);
      await addFile(db, kov, { draftId: id }, { name: `${d.number.replace('/', '-')} seletuskiri.docx`, bytes: tinyDocx(`Seletuskiri: ${d.title}. ${d.summary}`) }, SYSTEM);
    }
    // the past sitting: 30 days from the start of this replay (10 days before "now"), notice in time
    const pastStarts = tallinnLocalToDate(`${addDays(today(), 30)}T14:00`)!;
    const past = await createSitting(db, kov, { bodyId: councilId, kind: 'regular', mode: 'hybrid', startsAt: pastStarts, place: 'Tallinna raekoda, Raekoja plats 1', videoUrl: 'https://www.youtube.com/@tallinnalinnavolikogu' }, SYSTEM);
    await addItem(db, kov, past.id, { title: 'Pirita tee rekonstrueerimise projekteerimistingimused', draftId: draftIds[1]! }, SYSTEM);
    await addItem(db, kov, past.id, { title: 'Linnapea info' }, SYSTEM);
    await publishNotice(db, kov, past.id, SYSTEM);
    await setOpinion(db, kov, draftIds[1]!, { bodyId: cityCom, opinion: 'Komisjon toetab eelnõu esitamist volikogule.', decidedOn: addDays(today(), 20) }, SYSTEM);
    await db.tx((t) => repo.markSittingHeld(t, kov, past.id, pastStarts, new Date(pastStarts.getTime() + 3 * 3_600_000), 'Vastu võetud'), { kov });
    await setDraftStatus(db, kov, draftIds[1]!, 'adopted', SYSTEM);
    demo = { kov, councilId, commissionIds: [budgetCom, cityCom], pastSittingId: past.id, upcomingSittingId: '', draftIds };
  } finally {
    if (real) resetClock();
    else setClock(started, { ticking: true });
  }

  // the upcoming sitting: in 10 days at 14:00 Tallinn time, published now (7 days' notice)
  const day = addDays(today(), 10);
  const upcomingStarts = tallinnLocalToDate(`${day}T14:00`)!;
  const up = await createSitting(db, kov, { bodyId: demo.councilId, kind: 'regular', mode: 'hybrid', startsAt: upcomingStarts, place: 'Tallinna raekoda, Raekoja plats 1', videoUrl: 'https://www.youtube.com/@tallinnalinnavolikogu' }, SYSTEM);
  await addItem(db, kov, up.id, { title: 'Tallinna 2027. aasta eelarve (teine lugemine)', draftId: demo.draftIds[0]! }, SYSTEM);
  await addItem(db, kov, up.id, { title: 'Huvihariduse toetuse kord', draftId: demo.draftIds[2]! }, SYSTEM);
  await addItem(db, kov, up.id, { title: 'Arupärimisele vastamine' }, SYSTEM);
  await addFile(db, kov, { sittingId: up.id }, { name: 'kokkukutse.pdf', bytes: tinyPdf('Tallinna Linnavolikogu istungi kokkukutse') }, SYSTEM);
  await setOpinion(db, kov, demo.draftIds[0]!, { bodyId: demo.commissionIds[0]!, opinion: 'Komisjon toetab eelnõu esitamist teisele lugemisele.', decidedOn: today() }, SYSTEM);
  await publishNotice(db, kov, up.id, SYSTEM);
  demo.upcomingSittingId = up.id;
  log('Council: Tallinn has a council of 15 (one substitute), two commissions, three drafts, a past sitting and an upcoming one (notice published).');
  return demo;
}

/** The manifest's demo hook. */
export async function councilDemo(ctx: DemoContext): Promise<void> {
  await loadCouncilDemo(ctx);
}
