// The X-tee client against a local mock security server (test/xtee-mock.ts): RR411 and RR417
// requests carry the X-Road v4 headers; answers are read in the WSDL's shapes; SOAP faults and
// response-level faults become clear errors; an RR417 answer imports as a register.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../kernel/db.js';
import { hashIdcode } from '../../kernel/idcode.js';
import { engine, testConfig, testDb } from '../../../test/helpers.js';
import type { XteeMock } from '../../../test/xtee-mock.js';
import { startXteeMock } from '../../../test/xtee-mock.js';
import { loadDemoTerritory } from '../territory/index.js';
import { CSV_HEADER, importRegister, sourceOf } from './import.js';
import { findResident } from './service.js';
import type { XteeConfig } from './xtee.js';
import { XteeError, rr411, rr417, rr417AsCsv, xteeConfigFromEnv } from './xtee.js';

let mock: XteeMock;
let cfg: XteeConfig;
let db: Db;

beforeAll(async () => {
  mock = await startXteeMock([
    { idcode: '47502124911', givenName: 'Mari', familyName: 'Maasikas', countyCode: '0037', kovCode: '0784', unitCode: '0298', residenceSince: '15.03.2010' },
    { idcode: '39002102761', givenName: 'Jaan', familyName: 'Tamm', countyCode: '0037', kovCode: '0784', unitCode: '0176', residenceSince: '02.01.2026' },
    { idcode: '38001085718', givenName: 'Peeter', familyName: 'Kask', countyCode: '0037', kovCode: '0784', unitCode: '0176', residenceSince: '01.01.2000', status: 'S' },
    { idcode: '60001019906', givenName: 'Liis', familyName: 'Lepp', countyCode: '0079', kovCode: '0793', unitCode: '0793', residenceSince: '01.09.2019' },
  ]);
  cfg = xteeConfigFromEnv({
    XTEE_SECURITY_SERVER_URL: mock.url,
    XTEE_CLIENT: 'ee-test/GOV/75000000/vallamaja',
    XTEE_USER_ID: 'EE38001085718',
    XTEE_RR_SERVICE: 'ee-test/GOV/70008440/rr',
  })!;
  db = await testDb();
  await loadDemoTerritory(db);
});
afterAll(async () => {
  await mock.close();
  await db.close();
});

describe(`X-tee population register client (${engine})`, () => {
  it('reads the configuration from the environment, with clear errors', () => {
    expect(xteeConfigFromEnv({})).toBeNull();
    expect(cfg.client).toEqual({ instance: 'ee-test', memberClass: 'GOV', memberCode: '75000000', subsystem: 'vallamaja' });
    expect(cfg.userId).toBe('EE38001085718');
    expect(xteeConfigFromEnv({ XTEE_SECURITY_SERVER_URL: mock.url, XTEE_CLIENT: 'EE/GOV/1/x' })!.service.memberCode).toBe('70008440');
  });

  it('rejects bad settings', () => {
    expect(() => xteeConfigFromEnv({ XTEE_SECURITY_SERVER_URL: mock.url })).toThrow(/XTEE_CLIENT is required/);
    expect(() => xteeConfigFromEnv({ XTEE_SECURITY_SERVER_URL: mock.url, XTEE_CLIENT: 'EE/GOV/1' })).toThrow(/instance\/memberClass\/memberCode\/subsystem/);
    expect(() => xteeConfigFromEnv({ XTEE_SECURITY_SERVER_URL: 'not a url', XTEE_CLIENT: 'EE/GOV/1/x' })).toThrow(/not a URL/);
  });

  it('RR411: main residence of one person, with the X-Road v4 headers', async () => {
    const r = await rr411(cfg, '47502124911');
    expect(r).toEqual({ idcode: '47502124911', countyCode: '0037', kovCode: '0784', unitCode: '0298' });
    const req = mock.requests.at(-1)!;
    expect(req.service).toBe('RR411');
    expect(req.protocolVersion).toBe('4.0');
    expect(req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.userId).toBe('EE38001085718');
    expect(req.client).toEqual({ xRoadInstance: 'ee-test', memberClass: 'GOV', memberCode: '75000000', subsystemCode: 'vallamaja' });
    expect(req.serviceHeader).toEqual({
      xRoadInstance: 'ee-test',
      memberClass: 'GOV',
      memberCode: '70008440',
      subsystemCode: 'rr',
      serviceCode: 'RR411',
      serviceVersion: 'v1',
    });
    expect(req.contentType).toContain('text/xml');
    expect(req.body).toEqual({ RR411: { request: { Isikukood: '47502124911' } } });
    // each request has its own id
    await rr411(cfg, '39002102761');
    expect(mock.requests.at(-1)!.id).not.toBe(req.id);
  });

  it('RR411: a response-level fault and a SOAP fault become clear errors', async () => {
    await expect(rr411(cfg, '49403136526')).rejects.toMatchObject({ kind: 'fault', faultCode: 'RR-404', message: expect.stringContaining('Isikut ei leitud') });
    mock.faultFor.add('47502124911');
    const e = await rr411(cfg, '47502124911').catch((x: unknown) => x);
    mock.faultFor.delete('47502124911');
    expect(e).toBeInstanceOf(XteeError);
    expect((e as XteeError).kind).toBe('fault');
    expect((e as XteeError).faultCode).toBe('Server.ServerProxy.ServiceFailed');
    expect((e as Error).message).toBe('X-tee RR411 failed: Teenuse viga: andmebaas ei vasta (Server.ServerProxy.ServiceFailed)');
  });

  it('a security server that is down is a network error', async () => {
    const dead = { ...cfg, securityServerUrl: 'http://127.0.0.1:1/cgi-bin/consumer_proxy', timeoutMs: 2000 };
    await expect(rr411(dead, '47502124911')).rejects.toMatchObject({ kind: 'network' });
  });

  it('RR417: residents of a KOV on a date (the date sent as DD.MM.YYYY), faults too', async () => {
    const people = await rr417(cfg, '0784', '2026-12-01');
    expect(mock.requests.at(-1)!.body).toEqual({ RR417: { request: { Seisuga: '01.12.2026', KOV: '0784' } } });
    expect(mock.requests.at(-1)!.protocolVersion).toBe('4.0');
    expect(people).toHaveLength(3);
    expect(people[0]).toEqual({
      idcode: '47502124911',
      givenName: 'Mari',
      familyName: 'Maasikas',
      countyCode: '0037',
      kovCode: '0784',
      unitCode: '0298',
      residenceSince: '2010-03-15',
      status: 'E',
    });
    expect(await rr417(cfg, '0890', '2026-12-01')).toEqual([]);
    mock.faultFor.add('0784');
    await expect(rr417(cfg, '0784', '2026-12-01')).rejects.toThrow(/X-tee RR417 failed: Omavalitsus 0784/);
    mock.faultFor.delete('0784');
    await expect(rr417(cfg, '0784', '1.12.2026')).rejects.toMatchObject({ kind: 'config' });
  });

  it('an RR417 answer imports as the KOV’s register (living people only)', async () => {
    const people = await rr417(cfg, '0784', '2026-12-01');
    const r = await importRegister(db, testConfig().idcodeHmacKey, sourceOf(rr417AsCsv(people, CSV_HEADER)), {
      kov: '0784',
      actor: { kind: 'system', id: null, name: 'X-tee RR417' },
      source: 'xtee',
      fileName: 'RR417 2026-12-01',
    });
    expect(r).toMatchObject({ ok: true, rowsImported: 2 });
    const key = testConfig().idcodeHmacKey;
    expect(await findResident(db, '0784', hashIdcode(key, '39002102761'))).toMatchObject({ unitCode: '0176', residenceSince: '2026-01-02' });
    expect(await findResident(db, '0784', hashIdcode(key, '38001085718'))).toBeNull();
  });
});
