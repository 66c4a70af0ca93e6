// Process diagrams: the type by content (BPMN 2.0 definitions in its namespace, draw.io mxfile), never
// the name; document types refused; size limit; BPMN tasks as an ordered list (flow order, lanes);
// stored, listed, downloaded and removed with audit entries, only in the service's own KOV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActionsOf } from '../../kernel/audit.js';
import { setClock } from '../../kernel/clock.js';
import type { Db } from '../../kernel/db.js';
import { isHttpError } from '../../kernel/errors.js';
import { engine, testDb } from '../../../test/helpers.js';
import { sampleBpmn, sampleDrawio } from './demo.js';
import { FIXTURE_ACTOR, SERVICES_KOV as A, SERVICES_OTHER_KOV as B, createService } from './fixtures.js';
import { MAX_DIAGRAM_BYTES, addDiagram, bpmnTasks, getDiagram, listDiagrams, removeDiagram, sniffDiagram } from './service.js';

const buf = (s: string) => Buffer.from(s, 'utf8');
const BPMN = sampleBpmn([
  { name: 'Taotluse esitamine', lane: 'Taotleja' },
  { name: 'Andmete kontroll', lane: 'Sotsiaalosakond' },
  { name: 'Otsus <ja> teavitus', lane: 'Sotsiaalosakond' },
]);

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isHttpError(e)) return `${e.status} ${e.fields.map((f) => f.reason).join(',') || e.detailKey}`;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('services: diagram files by content', () => {
  it('BPMN 2.0 and draw.io are told by their root element, not their name', () => {
    expect(sniffDiagram(buf(BPMN))).toBe('bpmn');
    expect(sniffDiagram(buf(sampleDrawio()))).toBe('drawio');
    expect(sniffDiagram(buf('<mxGraphModel><root/></mxGraphModel>'))).toBe('drawio');
    // the BPMN root in another namespace, or none
    expect(sniffDiagram(buf('<definitions xmlns="http://example.org/not-bpmn"/>'))).toBeNull();
    expect(sniffDiagram(buf('<bpmn:definitions xmlns:bpmn="http://example.org/x"/>'))).toBeNull();
    expect(sniffDiagram(buf('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>'))).toBe('bpmn');
    expect(sniffDiagram(buf('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffDiagram(buf('%PDF-1.7 not xml'))).toBeNull();
    expect(sniffDiagram(buf('<mxfile><unclosed></mxfile>'))).toBeNull();
    // a document type (entity expansion) is refused outright
    expect(sniffDiagram(buf('<?xml version="1.0"?><!DOCTYPE mxfile [<!ENTITY a "aaaa">]><mxfile>&a;</mxfile>'))).toBeNull();
    expect(sniffDiagram(Buffer.alloc(0))).toBeNull();
  });

  it('BPMN tasks in flow order with their lanes (document order differs)', () => {
    expect(bpmnTasks(buf(BPMN))).toEqual([
      { name: 'Taotluse esitamine', kind: 'userTask', lane: 'Taotleja' },
      { name: 'Andmete kontroll', kind: 'userTask', lane: 'Sotsiaalosakond' },
      { name: 'Otsus <ja> teavitus', kind: 'userTask', lane: 'Sotsiaalosakond' },
    ]);
    expect(bpmnTasks(buf(sampleDrawio()))).toEqual([]);
    // default namespace, no lanes, an unreached task last
    const plain = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"><task id="x" name="Eraldi"/><startEvent id="s"/><serviceTask id="a" name="Automaatne"/><sequenceFlow id="f" sourceRef="s" targetRef="a"/></process></definitions>`;
    expect(bpmnTasks(buf(plain))).toEqual([
      { name: 'Automaatne', kind: 'serviceTask', lane: null },
      { name: 'Eraldi', kind: 'task', lane: null },
    ]);
  });
});

describe(`services: diagrams stored (${engine})`, () => {
  let db: Db;
  beforeAll(async () => {
    setClock('2026-12-10T10:00:00+02:00');
    db = await testDb();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('added, listed with tasks, downloaded, removed; audited; refused by content, size and KOV', async () => {
    const s = await createService(db, A);
    const { id } = await addDiagram(db, A, s.id, { name: 'C:\\joonised\\sünnitoetus.bpmn', bytes: buf(BPMN) }, FIXTURE_ACTOR);
    await addDiagram(db, A, s.id, { name: 'skeem.drawio', bytes: buf(sampleDrawio()) }, FIXTURE_ACTOR);
    const list = await listDiagrams(db, A, s.id);
    expect(list.map((d) => [d.name, d.kind, d.tasks.length])).toEqual([
      ['sünnitoetus.bpmn', 'bpmn', 3],
      ['skeem.drawio', 'drawio', 0],
    ]);
    const f = (await getDiagram(db, A, s.id, id))!;
    expect(f.bytes.toString('utf8')).toBe(BPMN);
    expect(await getDiagram(db, B, s.id, id)).toBeNull();
    expect(await reason(addDiagram(db, A, s.id, { name: 'pilt.bpmn', bytes: buf('<svg xmlns="http://www.w3.org/2000/svg"/>') }, FIXTURE_ACTOR))).toBe('400 services.error.fileType');
    expect(await reason(addDiagram(db, A, s.id, { name: 'protsess.pdf', bytes: buf(BPMN) }, FIXTURE_ACTOR))).toBe('400 services.error.fileType');
    expect(await reason(addDiagram(db, A, s.id, { name: 'suur.bpmn', bytes: Buffer.alloc(MAX_DIAGRAM_BYTES + 1, 32) }, FIXTURE_ACTOR))).toBe('400 services.error.fileSize');
    expect(await reason(addDiagram(db, B, s.id, { name: 'x.bpmn', bytes: buf(BPMN) }, FIXTURE_ACTOR))).toBe('404 services.error.notFound');
    expect(await reason(removeDiagram(db, B, s.id, id, FIXTURE_ACTOR))).toBe('404 services.error.notFound');
    await removeDiagram(db, A, s.id, id, FIXTURE_ACTOR);
    expect((await listDiagrams(db, A, s.id)).map((d) => d.kind)).toEqual(['drawio']);
    expect(await db.tx((t) => auditActionsOf(t, A), { kov: A })).toEqual(expect.arrayContaining(['services.diagram.add', 'services.diagram.remove']));
  });
});
