// Capacity under concurrent registrations, on PostgreSQL where transactions really race (PGlite has one
// connection, so it is skipped there): 40 teams register in parallel through the JSON API (two KOVs'
// API keys, real requests, each its own transaction on the pool) for 35 places. The places are never
// exceeded, the rest wait in order, and a cancellation promotes the next. The group's row lock
// (repo.lockGroup: SELECT … FOR UPDATE) is what makes it hold: without it the registrations read the
// same counters and this test fails (checked by hand, docs/training.md).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../kernel/db.js';
import { createKey } from '../admin/index.js';
import { closeTest, engine, testAppAt } from '../../../test/helpers.js';
import { FIXTURE_ACTOR, programmeWithGroup, teamInput } from './fixtures.js';
import { groupRoster } from './service.js';

const A = '0784';
const B = '0793';
let db: Db;
let app: FastifyInstance;
const keys: Record<string, string> = {};

describe.skipIf(engine !== 'postgres')('training: concurrent registrations (postgres)', () => {
  beforeAll(async () => {
    ({ db, app } = await testAppAt('2026-12-10T10:00:00+02:00', [
      [A, 'Tallinn', 'linn'],
      [B, 'Tartu', 'linn'],
    ]));
    for (const kov of [A, B]) keys[kov] = (await createKey(db, { kov, name: 'KOV system', scopes: ['read', 'write'], actor: FIXTURE_ACTOR })).key;
  });
  afterAll(() => closeTest(app, db));

  const register = (kov: string, body: object) =>
    app.inject({ method: 'POST', url: `/api/v1/kov/${kov}/training/teams`, headers: { authorization: `Bearer ${keys[kov]}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  it('40 one-person teams for 35 places: exactly 35 confirmed, 5 waiting in registration order; a cancellation promotes the first waiting', async () => {
    const { groupId } = await programmeWithGroup(db, { capacity: 35 });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => register(i % 2 ? A : B, teamInput(groupId, 1, i, 4))));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
    const outs = answers.map((r) => r.json() as { teamId: string; status: string; waitingPlace: number | null });
    expect(outs.filter((o) => o.status === 'confirmed')).toHaveLength(35);
    expect(
      outs
        .filter((o) => o.status === 'waiting')
        .map((o) => o.waitingPlace)
        .sort(),
    ).toEqual([1, 2, 3, 4, 5]);

    const roster = (await groupRoster(db, groupId))!;
    expect(roster.detail.group).toMatchObject({ taken: 35, free: 0, waiting: 5 });
    expect(roster.members).toHaveLength(35);
    const waiting = roster.teams.filter((x) => x.status === 'waiting');
    const confirmed = roster.teams.filter((x) => x.status === 'confirmed');
    // the waiting list is the last five registrations, in order
    expect(Math.max(...confirmed.map((x) => x.position))).toBeLessThan(Math.min(...waiting.map((x) => x.position)));
    expect(roster.teams.map((x) => x.position)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(waiting.map((x) => x.waitingPlace)).toEqual([1, 2, 3, 4, 5]);

    // a cancellation (through the API) gives the place to the first waiting team
    const gone = confirmed[0]!;
    const c = await app.inject({ method: 'POST', url: `/api/v1/kov/${gone.kov}/training/teams/${gone.id}/cancel`, headers: { authorization: `Bearer ${keys[gone.kov]}` } });
    expect(c.statusCode).toBe(200);
    expect(c.json()).toEqual({ promoted: [waiting[0]!.id] });
    const after = (await groupRoster(db, groupId))!;
    expect(after.detail.group).toMatchObject({ taken: 35, waiting: 4 });
    expect(after.teams.find((x) => x.id === waiting[0]!.id)!.status).toBe('confirmed');
    expect(after.teams.filter((x) => x.status === 'waiting').map((x) => x.waitingPlace)).toEqual([1, 2, 3, 4]);
  });

  it('40 teams of 1–5 people in parallel: the confirmed never exceed 35 people and no team waits before a later confirmed one', async () => {
    const { groupId } = await programmeWithGroup(db, { capacity: 35 });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => register(i % 2 ? A : B, teamInput(groupId, (i % 5) + 1, i * 5, 5))));
    expect(answers.every((r) => r.statusCode === 201)).toBe(true);
    const roster = (await groupRoster(db, groupId))!;
    const confirmed = roster.teams.filter((x) => x.status === 'confirmed');
    const people = confirmed.reduce((n, x) => n + x.size, 0);
    expect(people).toBeLessThanOrEqual(35);
    expect(roster.detail.group.taken).toBe(people);
    expect(roster.members).toHaveLength(people);
    expect(roster.detail.group.waiting).toBe(40 - confirmed.length);
    const firstWaiting = Math.min(...roster.teams.filter((x) => x.status === 'waiting').map((x) => x.position));
    expect(confirmed.every((x) => x.position < firstWaiting)).toBe(true);
  });
});
