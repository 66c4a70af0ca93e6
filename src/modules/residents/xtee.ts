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
//   XTEE_TIMEOUT_MS           how long to wait for an answer, and between two parts of a long one (default 30000)
//
// RR417 is not paged in rr.wsdl (its request is Seisuga + KOV only), so one answer holds every
// person of the KOV — hundreds of megabytes for Tallinn. rr417Open() reads that answer as a stream,
// one <Isik> at a time, with bounded memory, and refuses an answer that breaks off before its end.
// Error messages pass through the log scrubber: an ID code in a fault text never travels further.
import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { scrub } from '../../kernel/log.js';

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
    // a fault text may quote the person asked about: ID codes are masked before the message goes anywhere
    super(scrub(message));
  }
}

function parseSubsystem(name: string, v: string): XteeConfig['client'] {
  const p = v.split('/');
  if (p.length !== 4 || p.some((x) => !x.trim())) throw new XteeError('config', `${name} must be instance/memberClass/memberCode/subsystem, not "${v}"`);
  return { instance: p[0]!, memberClass: p[1]!, memberCode: p[2]!, subsystem: p[3]! };
}

/** Reads the X-tee settings from the environment; null when XTEE_SECURITY_SERVER_URL is unset (throws XteeError 'config' on bad values). */
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

export type XteeSetting = { state: 'on'; cfg: XteeConfig } | { state: 'off' } | { state: 'invalid'; message: string };

/** The X-tee settings as the pages and commands need them: on, off (not configured) or invalid (why). */
export function xteeSetting(env: NodeJS.ProcessEnv = process.env): XteeSetting {
  try {
    const cfg = xteeConfigFromEnv(env);
    return cfg ? { state: 'on', cfg } : { state: 'off' };
  } catch (e) {
    if (e instanceof XteeError) return { state: 'invalid', message: e.message };
    throw e;
  }
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

function networkError(cfg: XteeConfig, e: unknown, timedOut: boolean): XteeError {
  if (timedOut) return new XteeError('network', `X-tee security server ${cfg.securityServerUrl} did not answer within ${cfg.timeoutMs / 1000} s`);
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return new XteeError('network', `X-tee security server ${cfg.securityServerUrl} did not answer: ${err.message}${cause ? ` (${cause})` : ''}`);
}

async function post(cfg: XteeConfig, serviceCode: string, body: string, signal: AbortSignal): Promise<Response> {
  const envelope = buildEnvelope(cfg, serviceCode, randomUUID(), body);
  try {
    return await fetch(cfg.securityServerUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      body: envelope,
      signal,
    });
  } catch (e) {
    throw networkError(cfg, e, signal.aborted);
  }
}

/** The service's response element of a whole answer; SOAP faults and response-level faults throw. */
function readAnswer(serviceCode: string, text: string, status: number): XmlNode {
  let doc: XmlNode;
  try {
    doc = parser.parse(text) as XmlNode;
  } catch {
    throw new XteeError('response', `X-tee ${serviceCode}: the answer is not XML (HTTP ${status})`);
  }
  const bodyNode = ((doc.Envelope as XmlNode | undefined)?.Body ?? null) as XmlNode | null;
  if (!bodyNode) throw new XteeError(status >= 200 && status < 300 ? 'response' : 'http', `X-tee ${serviceCode}: no SOAP body in the answer (HTTP ${status})`);
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

async function call(cfg: XteeConfig, serviceCode: string, body: string): Promise<XmlNode> {
  const signal = AbortSignal.timeout(cfg.timeoutMs);
  const res = await post(cfg, serviceCode, body, signal);
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    throw networkError(cfg, e, signal.aborted);
  }
  return readAnswer(serviceCode, text, res.status);
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

// ---------- RR417, read as a stream ----------

export interface Rr417Answer {
  /** The people of the answer in its order; throws XteeError when the answer breaks off before its end. */
  people: AsyncGenerator<RegisterPerson>;
  /** Bytes of the answer received so far. */
  received(): number;
  /** Stops reading and closes the connection (harmless once the answer is read). */
  cancel(): Promise<void>;
}

const P = '(?:[\\w.-]+:)?'; // an optional namespace prefix
const ISIKUD_OPEN = new RegExp(`<${P}Isikud(?:\\s[^>]*?)?(/)?>`);
const ISIK_OR_ISIKUD_END = new RegExp(`</${P}(Isik|Isikud)\\s*>`, 'g');
const ISIK_OPEN = new RegExp(`<${P}Isik(?:\\s[^>]*?)?>`, 'g');
const ISIK_FIELD = new RegExp(`<${P}Isik\\.(\\w+)(?:\\s[^>]*?)?(?:/>|>((?:[^<]|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>)*)</${P}Isik\\.\\1\\s*>)`, 'g');
const HEAD_FAULT_CODE = new RegExp(`<${P}faultCode>([^<]*)</`);
const HEAD_FAULT_STRING = new RegExp(`<${P}faultString>([^<]*)</`);
const HEAD_RESPONSE = new RegExp(`<${P}RR417Response[\\s>]`);
const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** An answer whose head (up to the list of people) is longer than this is not an RR417 answer. */
const HEAD_LIMIT = 4 * 1024 * 1024;

const decodeEntities = (s: string) =>
  s.includes('&') ? s.replace(ENTITY, (_, dec?: string, hex?: string, name?: string) => (name ? NAMED[name]! : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16)))) : s;

function xmlText(raw: string | undefined): string {
  if (!raw) return '';
  if (!raw.includes('<')) return decodeEntities(raw).trim();
  let out = '';
  let last = 0;
  for (const m of raw.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)) {
    out += decodeEntities(raw.slice(last, m.index)) + m[1]!;
    last = m.index + m[0].length;
  }
  return (out + decodeEntities(raw.slice(last))).trim();
}

function toPerson(f: (name: string) => string): RegisterPerson {
  return {
    idcode: f('Isikukood'),
    givenName: f('cEesnimi'),
    familyName: f('cPerenimi'),
    countyCode: f('Maakondkd'),
    kovCode: f('Vallakd'),
    unitCode: f('Kylakd'),
    residenceSince: toIsoDate(f('Elukohaalgus')),
    status: f('IsikuOlekSeisuga'),
  };
}

/** One <Isik> element's text (from its start tag to before its end tag) → a person. */
function parseIsik(block: string): RegisterPerson {
  let start = 0;
  ISIK_OPEN.lastIndex = 0;
  for (let m = ISIK_OPEN.exec(block); m; m = ISIK_OPEN.exec(block)) start = m.index + m[0].length;
  const fields = new Map<string, string>();
  ISIK_FIELD.lastIndex = start;
  for (let m = ISIK_FIELD.exec(block); m; m = ISIK_FIELD.exec(block)) fields.set(m[1]!, xmlText(m[2]));
  return toPerson((name) => fields.get(name) ?? '');
}

async function* none(): AsyncGenerator<RegisterPerson> {}

/**
 * RR417: asks for the residents of a KOV on a reference date and returns once the answer has begun
 * (faults, HTTP errors and an unreachable server throw here, before anything is read). The people
 * then come one by one as the answer arrives; the timeout applies to every wait for more of it.
 */
export async function rr417Open(cfg: XteeConfig, kov: string, on: string): Promise<Rr417Answer> {
  const body = `<prod:RR417><request><Seisuga>${toRrDate(on)}</Seisuga><KOV>${esc(kov)}</KOV></request></prod:RR417>`;
  const ctrl = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ctrl.abort(), cfg.timeoutMs);
  };
  const disarm = () => clearTimeout(timer);
  arm();
  let res: Response;
  try {
    res = await post(cfg, 'RR417', body, ctrl.signal);
  } catch (e) {
    disarm();
    throw e;
  }
  const reader = res.body?.getReader();
  let received = 0;
  let ended = !reader;
  const decoder = new TextDecoder('utf-8');
  const cancel = async () => {
    disarm();
    if (reader && !ended) {
      ended = true;
      await reader.cancel().catch(() => undefined);
    }
  };
  /** The next part of the answer ('' and end at its end). */
  const more = async (): Promise<{ text: string; end: boolean }> => {
    if (ended || !reader) return { text: '', end: true };
    let r: ReadableStreamReadResult<Uint8Array>;
    arm(); // the timeout runs only while waiting for the security server, not while the importer works
    try {
      r = await reader.read();
    } catch (e) {
      ended = true;
      if (ctrl.signal.aborted) throw new XteeError('network', `X-tee RR417: the answer stopped coming (nothing for ${cfg.timeoutMs / 1000} s)`);
      throw new XteeError('network', `X-tee RR417: the answer broke off: ${(e as Error).message}`);
    } finally {
      disarm();
    }
    if (r.done) {
      ended = true;
      return { text: decoder.decode(), end: true };
    }
    received += r.value.byteLength;
    return { text: decoder.decode(r.value, { stream: true }), end: false };
  };

  // The head: up to the start of the list of people (or the whole answer, when it has none).
  let buf = '';
  let open: RegExpExecArray | null = null;
  try {
    for (;;) {
      const { text, end } = await more();
      buf += text;
      open = ISIKUD_OPEN.exec(buf);
      if (open) break;
      if (end) {
        readAnswer('RR417', buf, res.status); // faults throw; an answer without Isikud has nobody in it
        return { people: none(), received: () => received, cancel };
      }
      if (buf.length > HEAD_LIMIT) throw new XteeError('response', 'X-tee RR417: the answer has no list of people (Isikud)');
    }
    const head = buf.slice(0, open.index);
    if (!res.ok) throw new XteeError('http', `X-tee RR417: HTTP ${res.status}`);
    const fc = HEAD_FAULT_CODE.exec(head)?.[1]?.trim();
    if (fc) throw new XteeError('fault', `X-tee RR417 failed: ${xmlText(HEAD_FAULT_STRING.exec(head)?.[1]) || 'error'} (${fc})`, fc);
    if (!HEAD_RESPONSE.test(head)) throw new XteeError('response', 'X-tee RR417: the answer has no RR417Response/response');
  } catch (e) {
    await cancel();
    throw e;
  }
  if (open[1] === '/') {
    await cancel();
    return { people: none(), received: () => received, cancel };
  }
  buf = buf.slice(open.index + open[0].length);

  async function* people(): AsyncGenerator<RegisterPerson> {
    let pos = 0;
    let n = 0;
    let end = false;
    try {
      for (;;) {
        ISIK_OR_ISIKUD_END.lastIndex = pos;
        const m = ISIK_OR_ISIKUD_END.exec(buf);
        if (m && m[1] === 'Isikud') return;
        if (m) {
          const person = parseIsik(buf.slice(pos, m.index));
          pos = m.index + m[0].length;
          n++;
          yield person;
          continue;
        }
        if (end) throw new XteeError('response', `X-tee RR417: the answer broke off after ${n} people, before its end; none of it is used`);
        buf = buf.slice(pos);
        pos = 0;
        const r = await more();
        buf += r.text;
        end = r.end;
      }
    } finally {
      await cancel();
    }
  }
  return { people: people(), received: () => received, cancel };
}

/** RR417: the residents of a KOV on a reference date, all at once (small KOVs and tests; the import streams). */
export async function rr417(cfg: XteeConfig, kov: string, on: string): Promise<RegisterPerson[]> {
  const answer = await rr417Open(cfg, kov, on);
  const out: RegisterPerson[] = [];
  for await (const p of answer.people) out.push(p);
  return out;
}

const csvCell = (s: string) => {
  const v = /[\r\n]/.test(s) ? s.replace(/[\r\n]+/g, ' ') : s;
  return /[",;\t]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};
const csvLine = (p: RegisterPerson) => [p.idcode, p.givenName, p.familyName, p.countyCode, p.kovCode, p.unitCode, p.residenceSince].map(csvCell).join(',');
const living = (p: RegisterPerson) => !p.status || p.status === 'E';

/** RR417 as register-extract CSV lines (the importer's format), living people only. */
export function rr417AsCsv(people: RegisterPerson[], header: readonly string[]): string {
  const lines = [header.join(',')];
  for (const p of people) if (living(p)) lines.push(csvLine(p));
  return `${lines.join('\n')}\n`;
}

export interface Rr417Counts {
  /** People in the answer. */
  people: number;
  /** Of them, not living on the date (IsikuOlekSeisuga other than E): left out. */
  notLiving: number;
}

/**
 * An RR417 answer as the importer's CSV, part by part. A person who is not living on the date
 * becomes an empty line (the importer skips those), so that line N of the CSV is always person
 * N − 1 of the answer and the bad-row report can name the person's place in the answer.
 */
export async function* rr417CsvStream(people: AsyncIterable<RegisterPerson>, header: readonly string[], counts: Rr417Counts): AsyncGenerator<string> {
  let part = `${header.join(',')}\n`;
  for await (const p of people) {
    counts.people++;
    if (living(p)) part += `${csvLine(p)}\n`;
    else {
      counts.notLiving++;
      part += '\n';
    }
    if (counts.people % 1000 === 0) {
      yield part;
      part = '';
    }
  }
  if (part) yield part;
}
