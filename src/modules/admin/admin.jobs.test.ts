// The platform administration's jobs page through the real plugins (sessions, CSRF, flash messages):
// a job that always fails lands in the dead letter, shows there with its attempts and last error
// (no personal ID code), and "try again" on the page gives it one more attempt, which runs; the
// retry is audited on the platform chain. Platform admins only. Both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { defineJob } from '../../kernel/jobs.js';
import { DEMO_PEOPLE } from '../../dev/demo-people.js';
import { Agent, asOwner, csrfFrom, engine, loginAs, seedTenant, testConfig, testDb } from '../../../test/helpers.js';
import { waitFor } from '../../../test/wait.js';
import { grantRole } from './service.js';

const A = '0784';
const SYSTEM: Actor = { kind: 'system', id: null, name: 'test setup' };
const person = (given: string) => DEMO_PEOPLE.find((p) => p.givenName === given)!;
const PEETER = person('Peeter'); // platform admin
const JAAN = person('Jaan'); // KOV admin of A
const MARI = person('Mari'); // resident

/** The mail server is down until a test brings it back. */
let down = true;
let runs = 0;
const mailJob = defineJob({
  name: 'test.mail',
  retryLimit: 1,
  retryDelaySeconds: 0,
  retryBackoff: false,
  async handler() {
    runs++;
    if (down) throw new Error(`the mail server refused the message to ${MARI.idcode}`);
  },
});

let db: Db;
let app: FastifyInstance;
let boss: Agent;
let kovAdmin: Agent;
let resident: Agent;

beforeAll(async () => {
  db = await testDb();
  app = await buildApp({ config: testConfig(), db, jobs: [mailJob] });
  await app.jobs.start();
  await seedTenant(db, A, 'Tallinn', 'linn');
  const key = app.config.idcodeHmacKey;
  await grantRole(db, key, { kov: null, idcode: PEETER.idcode, role: 'platform-admin', actor: SYSTEM });
  await grantRole(db, key, { kov: A, idcode: JAAN.idcode, role: 'kov-admin', actor: SYSTEM });
  boss = new Agent(app);
  await loginAs(boss, db, PEETER.idcode, { givenName: 'Peeter', familyName: 'Kask' });
  kovAdmin = new Agent(app);
  await loginAs(kovAdmin, db, JAAN.idcode, { givenName: 'Jaan', familyName: 'Tamm' });
  resident = new Agent(app);
  await loginAs(resident, db, MARI.idcode);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const retries = () =>
  asOwner(db, (t) =>
    t.query<{ actor_name: string; target_type: string; target_id: string; after: { name: string } }>(
      `SELECT actor_name, target_type, target_id, after FROM core_audit WHERE kov_code = '0000' AND action = 'job.retry' ORDER BY seq`,
    ),
  );

describe(`the jobs page (${engine})`, () => {
  it('a job that always fails lands in the dead letter, is shown there, and "try again" on the page runs it again; audited', async () => {
    const id = await app.jobs.send('test.mail', {});
    await waitFor('the job to fail for good', async () => (await app.jobs.get(id))?.state === 'failed');
    expect(runs).toBe(2);

    const page = await boss.get('/admin/jobs?lang=en');
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(page.body).toContain('<h1>Background jobs</h1>');
    expect(page.body).toContain(engine === 'postgres' ? 'Queue: PostgreSQL (pg-boss)' : 'Queue: the embedded database');
    expect(page.body).toContain('Workers are running in this process.');
    // the counts: every declared kind (the residents module's X-tee fetch too, by its label), test.mail with one failed job
    expect(page.body).toContain('Population register fetch over X-tee (RR417)<br/><code>residents.xtee-fetch</code>');
    const countsRow = /<tr><td[^>]*><code>test\.mail<\/code><\/td>(.*?)<\/tr>/.exec(page.body);
    expect(countsRow, 'a counts row for test.mail').not.toBeNull();
    expect([...countsRow![1]!.matchAll(/<td class="num"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(['0', '0', '0', '0', '1']);
    // the dead letter: the job, its attempts, its last error without the ID code, a button to try again
    expect(page.body).toContain(id);
    expect(page.body).toContain('2 of 2');
    expect(page.body).toContain('the mail server refused the message to [isikukood]');
    expect(page.body).not.toContain(MARI.idcode);
    expect(page.body).toContain(`action="/admin/jobs/${id}/retry"`);
    expect(page.body).toMatch(/<time datetime="[^"]+">\d\d\.\d\d\.\d{4} \d\d:\d\d<\/time>/);

    // no CSRF token: refused, nothing changes
    expect((await boss.req({ method: 'POST', url: `/admin/jobs/${id}/retry`, form: { x: '1' } })).statusCode).toBe(403);
    expect((await app.jobs.get(id))!.state).toBe('failed');

    down = false;
    const res = await boss.postForm('/admin/jobs', `/admin/jobs/${id}/retry`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/jobs#failed');
    const done = await waitFor('the retried job to complete', async () => {
      const j = await app.jobs.get(id);
      return j?.state === 'completed' ? j : null;
    });
    expect(runs).toBe(3);
    expect(done).toMatchObject({ attempts: 3, maxAttempts: 3 });
    const after = await boss.get('/admin/jobs?lang=en');
    expect(after.body).toContain('The job “test.mail” gets one more attempt and runs again shortly.');
    expect(after.body).not.toContain(`action="/admin/jobs/${id}/retry"`);

    const audit = await retries();
    expect(audit).toEqual([{ actor_name: 'Peeter Kask', target_type: 'job', target_id: id, after: { name: 'test.mail', attempts: 2, maxAttempts: 3 } }]);

    // trying again a job that is no longer failed: said so, nothing audited
    const again = await boss.postForm('/admin/jobs', `/admin/jobs/${id}/retry`, {});
    expect(again.statusCode).toBe(303);
    expect((await boss.get('/admin/jobs?lang=en')).body).toContain('That job is no longer among the failed jobs');
    expect(await retries()).toHaveLength(1);
    expect((await boss.postForm('/admin/jobs', '/admin/jobs/not-a-job/retry', {})).statusCode).toBe(303);
  });

  it('is for platform admins only: a visitor 401, a KOV admin and a resident 403, and their retry changes nothing', async () => {
    down = true;
    const id = await app.jobs.send('test.mail', {});
    await waitFor('the job to fail for good', async () => (await app.jobs.get(id))?.state === 'failed');
    for (const url of ['/admin', '/admin/jobs']) {
      expect((await new Agent(app).get(url)).statusCode, url).toBe(401);
      expect((await kovAdmin.get(url)).statusCode, url).toBe(403);
      expect((await resident.get(url)).statusCode, url).toBe(403);
    }
    for (const agent of [kovAdmin, resident]) {
      const token = csrfFrom((await agent.get('/me')).body);
      expect((await agent.req({ method: 'POST', url: `/admin/jobs/${id}/retry`, form: { _csrf: token } })).statusCode).toBe(403);
    }
    expect((await app.jobs.get(id))!.state).toBe('failed');
    expect(await retries()).toHaveLength(1);
  });

  it('the platform administration’s front page links the jobs page (with the counts) and the platform roles; /me links it', async () => {
    const front = await boss.get('/admin?lang=en');
    expect(front.statusCode).toBe(200);
    expect(front.body).toContain('<h1>Platform administration</h1>');
    expect(front.body).toContain('href="/admin/jobs"');
    expect(front.body).toContain('href="/admin/roles"');
    expect(front.body).toContain('Waiting: 0. Failed (waiting for a decision): 1.');
    expect((await boss.get('/admin?lang=et')).body).toContain('<h1>Platvormi haldus</h1>');
    expect((await boss.get('/admin/jobs?lang=ru')).body).toContain('<h1>Фоновые задания</h1>');
    expect((await boss.get('/me?lang=en')).body).toContain('<a href="/admin">Platform administration</a>');
    expect((await kovAdmin.get('/me?lang=en')).body).not.toContain('href="/admin"');
  });
});
