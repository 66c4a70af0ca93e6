// X-tee (X-Road) client for the population register (rahvastikuregister, GOV/70008440/rr): SOAP
// over the KOV's own security server, X-Road message protocol v4.0. Message shapes follow the
// service description rr.wsdl (RR411: main residence of one person by EHAK level; RR417: residents
// of a KOV on a date).
//
// Configuration (environment):
//   XTEE_SECURITY_SERVER_URL  the security server's consumer endpoint, e.g. https://turvaserver.vald.ee/cgi-bin/consumer_proxy
//   XTEE_CLIENT               the client subsystem: instance/memberClass/memberCode/subsystem, e.g. EE/GOV/75000000/vallamaja
//   XTEE_USER_ID              the user on whose behalf queries run, "EE" + ID code (default EE00000000000: the system)
//   XTEE_RR_SERVICE           the provider: instance/memberClass/memberCode/subsystem (default EE/GOV/70008440/rr)
//   XTEE_TIMEOUT_MS           request timeout (default 30000)
import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

export interface XteeConfig {
  securityServerUrl: string;
  client: { instance: string; memberClass: string; memberCode: string; subsystem: string };
  service: { instance: string; memberClass: string; memberCode: string; subsystem: string };
  userId: string;
  timeoutMs: number;
}

export class XteeError extends Error {
  constructor(
    public readonly kind: 'config' | 'http' | 'fault' | 'response' | 'network',
    message: string,
    public readonly faultCode?: string,
  ) {
    super(message);
  }
}

function parseSubsystem(name: string, v: string): XteeConfig['client'] {
  const p = v.split('/');
  if (p.length !== 4 || p.some((x) => !x.trim())) throw new XteeError('config', `${name} must be instance/memberClass/memberCode/subsystem, not "${v}"`);
  return { instance: p[0]!, memberClass: p[1]!, memberCode: p[2]!, subsystem: p[3]! };
}

/** Reads the X-tee settings from the environment; null when XTEE_SECURITY_SERVER_URL is unset. */
export function xteeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): XteeConfig | null {
  const url = env.XTEE_SECURITY_SERVER_URL;
  if (!url) return null;
  try {
    new URL(url);
  } catch {
    throw new XteeError('config', `XTEE_SECURITY_SERVER_URL is not a URL: "${url}"`);
  }
  if (!env.XTEE_CLIENT) throw new XteeError('config', 'XTEE_CLIENT is required with XTEE_SECURITY_SERVER_URL (instance/memberClass/memberCode/subsystem)');
  const userId = env.XTEE_USER_ID || 'EE00000000000';
  if (!/^[A-Z]{2}\w+$/.test(userId)) throw new XteeError('config', `XTEE_USER_ID must be a country code and an ID code, e.g. EE38001085718, not "${userId}"`);
  return {
    securityServerUrl: url,
    client: parseSubsystem('XTEE_CLIENT', env.XTEE_CLIENT),
    service: parseSubsystem('XTEE_RR_SERVICE', env.XTEE_RR_SERVICE || 'EE/GOV/70008440/rr'),
    userId,
    timeoutMs: Number(env.XTEE_TIMEOUT_MS) > 0 ? Number(env.XTEE_TIMEOUT_MS) : 30_000,
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The SOAP envelope of an X-Road v4 request. */
export function buildEnvelope(cfg: XteeConfig, serviceCode: string, id: string, body: string): string {
  const c = cfg.client;
  const s = cfg.service;
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers" xmlns:prod="http://rr.x-road.eu/producer">
<SOAP-ENV:Header>
<xrd:client id:objectType="SUBSYSTEM"><id:xRoadInstance>${esc(c.instance)}</id:xRoadInstance><id:memberClass>${esc(c.memberClass)}</id:memberClass><id:memberCode>${esc(c.memberCode)}</id:memberCode><id:subsystemCode>${esc(c.subsystem)}</id:subsystemCode></xrd:client>
<xrd:service id:objectType="SERVICE"><id:xRoadInstance>${esc(s.instance)}</id:xRoadInstance><id:memberClass>${esc(s.memberClass)}</id:memberClass><id:memberCode>${esc(s.memberCode)}</id:memberCode><id:subsystemCode>${esc(s.subsystem)}</id:subsystemCode><id:serviceCode>${esc(serviceCode)}</id:serviceCode><id:serviceVersion>v1</id:serviceVersion></xrd:service>
<xrd:id>${esc(id)}</xrd:id>
<xrd:userId>${esc(cfg.userId)}</xrd:userId>
<xrd:protocolVersion>4.0</xrd:protocolVersion>
</SOAP-ENV:Header>
<SOAP-ENV:Body>${body}</SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'Isik',
});

type XmlNode = Record<string, unknown>;
const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v));

async function call(cfg: XteeConfig, serviceCode: string, body: string): Promise<XmlNode> {
  const envelope = buildEnvelope(cfg, serviceCode, randomUUID(), body);
  let res: Response;
  try {
    res = await fetch(cfg.securityServerUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      body: envelope,
      signal: AbortSignal.timeout(cfg.timeoutMs),
    });
  } catch (e) {
    throw new XteeError('network', `X-tee security server ${cfg.securityServerUrl} did not answer: ${(e as Error).message}`);
  }
  const text = await res.text();
  let doc: XmlNode;
  try {
    doc = parser.parse(text) as XmlNode;
  } catch {
    throw new XteeError('response', `X-tee ${serviceCode}: the answer is not XML (HTTP ${res.status})`);
  }
  const bodyNode = ((doc.Envelope as XmlNode | undefined)?.Body ?? null) as XmlNode | null;
  if (!bodyNode) throw new XteeError(res.ok ? 'response' : 'http', `X-tee ${serviceCode}: no SOAP body in the answer (HTTP ${res.status})`);
  const fault = bodyNode.Fault as XmlNode | undefined;
  if (fault) {
    const code = str(fault.faultcode);
    throw new XteeError('fault', `X-tee ${serviceCode} failed: ${str(fault.faultstring) || 'SOAP fault'}${code ? ` (${code})` : ''}`, code);
  }
  const resp = (bodyNode[`${serviceCode}Response`] as XmlNode | undefined)?.response as XmlNode | undefined;
  if (!resp) throw new XteeError('response', `X-tee ${serviceCode}: the answer has no ${serviceCode}Response/response`);
  const fc = str(resp.faultCode);
  if (fc) throw new XteeError('fault', `X-tee ${serviceCode} failed: ${str(resp.faultString) || 'error'} (${fc})`, fc);
  return resp;
}

export interface MainResidence {
  idcode: string;
  countyCode: string;
  kovCode: string;
  /** Settlement unit (asula); empty when the register has none at that level. */
  unitCode: string;
}

/** RR411: the EHAK codes of a person's main residence. */
export async function rr411(cfg: XteeConfig, idcode: string): Promise<MainResidence> {
  const r = await call(cfg, 'RR411', `<prod:RR411><request><Isikukood>${esc(idcode)}</Isikukood></request></prod:RR411>`);
  return { idcode: str(r.Isikukood), countyCode: str(r.MaakonnaKood), kovCode: str(r.VallaKood), unitCode: str(r.AsulaKood) };
}

export interface RegisterPerson {
  idcode: string;
  givenName: string;
  familyName: string;
  countyCode: string;
  kovCode: string;
  unitCode: string;
  /** YYYY-MM-DD, or '' when not given. */
  residenceSince: string;
  /** E alive, S dead, … (Isik.IsikuOlekSeisuga) */
  status: string;
}

const toIsoDate = (s: string) => {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s.trim());
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : s.trim();
};
const toRrDate = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new XteeError('config', `date must be YYYY-MM-DD, not "${iso}"`);
  return `${m[3]}.${m[2]}.${m[1]}`;
};

/** RR417: the residents of a KOV on a reference date. */
export async function rr417(cfg: XteeConfig, kov: string, on: string): Promise<RegisterPerson[]> {
  const r = await call(cfg, 'RR417', `<prod:RR417><request><Seisuga>${toRrDate(on)}</Seisuga><KOV>${esc(kov)}</KOV></request></prod:RR417>`);
  const isikud = (r.Isikud as XmlNode | undefined)?.Isik as XmlNode[] | undefined;
  return (isikud ?? []).map((p) => ({
    idcode: str(p['Isik.Isikukood']),
    givenName: str(p['Isik.cEesnimi']),
    familyName: str(p['Isik.cPerenimi']),
    countyCode: str(p['Isik.Maakondkd']),
    kovCode: str(p['Isik.Vallakd']),
    unitCode: str(p['Isik.Kylakd']),
    residenceSince: toIsoDate(str(p['Isik.Elukohaalgus'])),
    status: str(p['Isik.IsikuOlekSeisuga']),
  }));
}

/** RR417 as register-extract CSV lines (the importer's format), living people only. */
export function rr417AsCsv(people: RegisterPerson[], header: readonly string[]): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [header.join(',')];
  for (const p of people) {
    if (p.status && p.status !== 'E') continue;
    lines.push([p.idcode, p.givenName, p.familyName, p.countyCode, p.kovCode, p.unitCode, p.residenceSince].map(q).join(','));
  }
  return `${lines.join('\n')}\n`;
}
