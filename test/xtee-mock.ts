// A local stand-in for an X-tee security server in front of the population register (RR411, RR417),
// answering with the shapes of rr.wsdl. node:http on 127.0.0.1, port 0. It records every request's
// X-Road v4 headers, so tests can check them, and answers SOAP faults for unknown people/KOVs, for
// requests without the v4 headers, and for any code listed in `faultFor`. `answer` shapes how the
// next answers travel: in small parts (chunkBytes), cut off mid-way (cutAfterBytes: the connection
// is dropped), held near its end until release() (holdBeforeEndBytes), or never (hang: the request
// is held open until the mock closes).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

export interface MockPerson {
  idcode: string;
  givenName: string;
  familyName: string;
  countyCode: string;
  kovCode: string;
  unitCode: string;
  /** DD.MM.YYYY, as the register writes it */
  residenceSince: string;
  status?: string;
}

export interface RecordedRequest {
  service: string;
  protocolVersion: string;
  id: string;
  userId: string;
  client: Record<string, string>;
  serviceHeader: Record<string, string>;
  body: Record<string, unknown>;
  contentType: string;
}

export interface AnswerShape {
  /** Send the answer in parts of this many bytes, each in its own write. */
  chunkBytes?: number;
  /** Send only this many bytes of the answer, then drop the connection. */
  cutAfterBytes?: number;
  /** Never answer (the request stays open until close()). */
  hang?: boolean;
  /** Send all but the last this-many bytes of the answer (in chunkBytes parts), then wait for release(). */
  holdBeforeEndBytes?: number;
}

export interface XteeMock {
  url: string;
  requests: RecordedRequest[];
  people: MockPerson[];
  faultFor: Set<string>;
  /** How answers travel (default: whole, at once); change it between requests. */
  answer: AnswerShape;
  /** Lets answers held by holdBeforeEndBytes go on. */
  release(): void;
  /** Whether an answer is held now (waiting for release()). */
  holding(): boolean;
  close(): Promise<void>;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function envelope(header: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers" xmlns:prod="http://rr.x-road.eu/producer">
<SOAP-ENV:Header>${header}</SOAP-ENV:Header>
<SOAP-ENV:Body>${body}</SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;
}

function fault(code: string, message: string): string {
  return envelope('', `<SOAP-ENV:Fault><faultcode>${esc(code)}</faultcode><faultstring>${esc(message)}</faultstring></SOAP-ENV:Fault>`);
}

const asStrings = (o: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((o ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));

export async function startXteeMock(people: MockPerson[] = []): Promise<XteeMock> {
  const requests: RecordedRequest[] = [];
  const faultFor = new Set<string>();
  const answer: AnswerShape = {};
  let held: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, xml: string) => {
        if (answer.hang) return;
        const bytes = Buffer.from(xml, 'utf8');
        if (!answer.chunkBytes && answer.cutAfterBytes === undefined && answer.holdBeforeEndBytes === undefined) {
          res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
          res.end(bytes);
          return;
        }
        // chunked transfer, part by part (each part its own write, a turn of the event loop apart)
        res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
        const limit = answer.cutAfterBytes ?? bytes.length;
        const step = answer.chunkBytes ?? 16 * 1024;
        let hold = answer.holdBeforeEndBytes === undefined ? undefined : Math.max(0, limit - answer.holdBeforeEndBytes);
        let at = 0;
        const next = () => {
          if (hold !== undefined && at >= hold) {
            hold = undefined;
            held.push(next);
            return;
          }
          if (at >= limit) {
            if (limit < bytes.length) res.socket?.destroy();
            else res.end();
            return;
          }
          const end = Math.min(at + step, limit, hold !== undefined && at < hold ? hold : limit);
          res.write(bytes.subarray(at, end));
          at = end;
          setImmediate(next);
        };
        next();
      };
      let doc: Record<string, unknown>;
      try {
        doc = parser.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return send(500, fault('Server.ClientProxy.InvalidSoap', 'Malformed SOAP message'));
      }
      const env = (doc.Envelope ?? {}) as Record<string, Record<string, unknown>>;
      const h = env.Header ?? {};
      const b = env.Body ?? {};
      const serviceHeader = asStrings(h.service);
      const rec: RecordedRequest = {
        service: serviceHeader.serviceCode ?? '',
        protocolVersion: String(h.protocolVersion ?? ''),
        id: String(h.id ?? ''),
        userId: String(h.userId ?? ''),
        client: asStrings(h.client),
        serviceHeader,
        body: b,
        contentType: String(req.headers['content-type'] ?? ''),
      };
      requests.push(rec);
      if (rec.protocolVersion !== '4.0' || !rec.id || !rec.userId || !rec.client.memberCode) {
        return send(500, fault('Server.ClientProxy.InvalidHeader', 'X-Road v4 headers protocolVersion, id, userId and client are required'));
      }
      const headerEcho = `<xrd:protocolVersion>4.0</xrd:protocolVersion><xrd:id>${esc(rec.id)}</xrd:id><xrd:userId>${esc(rec.userId)}</xrd:userId>`;
      if (rec.service === 'RR411') {
        const code = String(((b.RR411 as Record<string, Record<string, unknown>>)?.request ?? {}).Isikukood ?? '');
        if (faultFor.has(code)) return send(500, fault('Server.ServerProxy.ServiceFailed', 'Teenuse viga: andmebaas ei vasta'));
        const p = people.find((x) => x.idcode === code);
        if (!p) {
          return send(
            200,
            envelope(
              headerEcho,
              `<prod:RR411Response><request><Isikukood>${esc(code)}</Isikukood></request><response><faultCode>RR-404</faultCode><faultString>Isikut ei leitud</faultString></response></prod:RR411Response>`,
            ),
          );
        }
        return send(
          200,
          envelope(
            headerEcho,
            `<prod:RR411Response><request><Isikukood>${esc(code)}</Isikukood></request><response><Isikukood>${p.idcode}</Isikukood><MaakonnaKood>${p.countyCode}</MaakonnaKood><VallaKood>${p.kovCode}</VallaKood><AsulaKood>${p.unitCode}</AsulaKood></response></prod:RR411Response>`,
          ),
        );
      }
      if (rec.service === 'RR417') {
        const r = ((b.RR417 as Record<string, Record<string, unknown>>)?.request ?? {}) as Record<string, unknown>;
        const kov = String(r.KOV ?? '');
        const on = String(r.Seisuga ?? '');
        if (faultFor.has(kov)) return send(500, fault('Server.ServerProxy.ServiceFailed', `Omavalitsus ${kov}: teenus ei ole kättesaadav`));
        const rows = people
          .filter((p) => p.kovCode === kov)
          .map(
            (p) =>
              `<Isik><Isik.Isikukood>${p.idcode}</Isik.Isikukood><Isik.cPerenimi>${esc(p.familyName)}</Isik.cPerenimi><Isik.cEesnimi>${esc(p.givenName)}</Isik.cEesnimi>` +
              `<Isik.cRiikKood>EST</Isik.cRiikKood><Isik.cRiik>Eesti</Isik.cRiik><Isik.Elukohaalgus>${p.residenceSince}</Isik.Elukohaalgus><Isik.Elukohalopp></Isik.Elukohalopp>` +
              `<Isik.IsikuOlekHetkel>${p.status ?? 'E'}</Isik.IsikuOlekHetkel><Isik.KirjeOlekHetkel>K</Isik.KirjeOlekHetkel><Isik.IsikuOlekSeisuga>${p.status ?? 'E'}</Isik.IsikuOlekSeisuga><Isik.KirjeOlekSeisuga>K</Isik.KirjeOlekSeisuga>` +
              `<Isik.Riik>Eesti</Isik.Riik><Isik.Maakondkd>${p.countyCode}</Isik.Maakondkd><Isik.Maakond></Isik.Maakond><Isik.Vallakd>${p.kovCode}</Isik.Vallakd><Isik.Vald></Isik.Vald>` +
              `<Isik.Kylakd>${p.unitCode}</Isik.Kylakd><Isik.Kyla></Isik.Kyla><Isik.Vaikekohtkd></Isik.Vaikekohtkd><Isik.Vaikekoht></Isik.Vaikekoht><Isik.Tanavakd></Isik.Tanavakd><Isik.Tanavanm></Isik.Tanavanm>` +
              `<Isik.Nimikd></Isik.Nimikd><Isik.Nimi></Isik.Nimi><Isik.Majanr></Isik.Majanr><Isik.Korternr></Isik.Korternr><Isik.ADS_ADR_ID></Isik.ADS_ADR_ID><Isik.ADS_OID></Isik.ADS_OID><Isik.ADS_Koodaadress></Isik.ADS_Koodaadress><Isik.ADS_ADOB_OID></Isik.ADS_ADOB_OID></Isik>`,
          )
          .join('');
        return send(
          200,
          envelope(
            headerEcho,
            `<prod:RR417Response><request><Seisuga>${esc(on)}</Seisuga><KOV>${esc(kov)}</KOV></request><response><Isikud>${rows}</Isikud></response></prod:RR417Response>`,
          ),
        );
      }
      return send(500, fault('Server.ServerProxy.UnknownService', `Unknown service ${rec.service}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/cgi-bin/consumer_proxy`,
    requests,
    people,
    faultFor,
    answer,
    holding: () => held.length > 0,
    release() {
      const go = held;
      held = [];
      for (const f of go) f();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
