// A TARA simulator for development and tests (never in production): an OpenID Connect provider
// (oidc-provider 8) that behaves like RIA's TARA as INTEGRATIONS.md describes it.
//
//   issuer            the URL given (may carry a path, e.g. http://127.0.0.1:3000/dev/tara)
//   discovery         {issuer}/.well-known/openid-configuration
//   endpoints         {issuer}/oidc/authorize, /oidc/token, /oidc/jwks, /oidc/profile (userinfo)
//   client auth       client_secret_basic only; no PKCE (TARA documents none)
//   ID token          RS256 (a fresh in-memory RSA key per start), sub = "EE" + isikukood,
//                     profile_attributes { date_of_birth, given_name, family_name }, amr, acr,
//                     nonce passed through; code valid 30 s and single-use, tokens 40 s
//   state             mandatory (≥ 8 characters), as TARA requires
//   ui_locales        et / en / ru choose the language of the person picker
//   no single sign-on every authorization request asks again, as TARA does
//
// The person picker ({issuer}/interaction/{uid}) is plain, accessible HTML without scripts, in the
// site's own style (public/styles.css, served by the simulator itself at {issuer}/static/styles.css
// so that it works on a port of its own too) and marked as a development tool, served with a strict
// Content-Security-Policy. Tests drive it without a browser by posting its
// form (application/x-www-form-urlencoded) to the same URL, with the simulator's cookies:
//
//   person       a demo person's ID code, or "other" to use the typed fields below
//   idcode       (person=other) personal ID code, checked with parseIdcode (check digit and all)
//   given_name   (person=other) given name
//   family_name  (person=other) family name
//   method       idcard | mID | smartid (acr high) | eidas-substantial | eidas-low (amr eIDAS)
//   action       login (default) | cancel (→ error=user_cancel, as when the person cancels in TARA)
//   unchecked    "1" skips the ID-code check; honoured only when the simulator was created with
//                allowInvalidIdcodes (tests use it to make TARA issue a code with a bad check
//                digit and prove the platform refuses it). Never set by `vallamaja start`.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import { fileURLToPath } from 'node:url';
// @ts-expect-error oidc-provider 8 ships no type declarations; the few parts used are typed below.
import OidcProviderCtor, { interactionPolicy as rawInteractionPolicy } from 'oidc-provider';
import { parseIdcode, withCheckDigit } from '../kernel/idcode.js';
import type { IdcodeProblem } from '../kernel/idcode.js';
import type { DemoPerson } from './demo-people.js';
import { DEMO_PEOPLE } from './demo-people.js';
import { nowMs } from '../kernel/clock.js';

// ---------- the slice of oidc-provider's API this file uses ----------

interface InteractionDetails {
  uid: string;
  prompt: { name: string; reasons: string[] };
  params: Record<string, unknown>;
}

interface GrantInstance {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}

interface LoginResult {
  login: { accountId: string; acr: string; amr: string[]; remember: boolean };
  consent: { grantId: string };
}

interface ErrorResult {
  error: string;
  error_description: string;
}

/** The oidc-provider instance (only the members used here and by tests). */
export interface Provider {
  readonly issuer: string;
  callback(): http.RequestListener;
  interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<InteractionDetails>;
  interactionFinished(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    result: LoginResult | ErrorResult,
    opts?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (init: { accountId: string; clientId: string }) => GrantInstance;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

interface KoaContextLike {
  type: string;
  body: string;
  status: number;
  oidc?: { result?: { login?: unknown }; params?: Record<string, unknown> };
}

interface CheckInstance {
  reason: string;
}

interface InteractionPolicyModule {
  base(): { get(name: string): { checks: { add(check: CheckInstance): void } } | undefined };
  Check: (new (reason: string, description: string, check: (ctx: KoaContextLike) => boolean) => CheckInstance) & {
    REQUEST_PROMPT: boolean;
    NO_NEED_TO_PROMPT: boolean;
  };
}

const ProviderClass = OidcProviderCtor as new (issuer: string, configuration: Record<string, unknown>) => Provider;
const interactionPolicy = rawInteractionPolicy as InteractionPolicyModule;

// ---------- options ----------

export interface SimulatorClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface TaraSimulatorOptions {
  /** Issuer URL; its path (e.g. /dev/tara) is where the handler expects to be mounted. */
  issuer: string;
  clients: SimulatorClient[];
  /** People offered in the picker (default: the demo people). */
  people?: DemoPerson[];
  /** Tests only: honour the form field unchecked=1 and issue an ID code that fails validation. */
  allowInvalidIdcodes?: boolean;
}

export interface TaraSimulator {
  /** Node request listener; serve it at the issuer's path (requests keep the full path). */
  handler: http.RequestListener;
  provider: Provider;
  close?(): void;
}

// ---------- TARA's vocabulary ----------

export const TARA_METHODS = ['idcard', 'mID', 'smartid', 'eidas-substantial', 'eidas-low'] as const;
export type TaraMethod = (typeof TARA_METHODS)[number];

const METHOD_CLAIMS: Record<TaraMethod, { amr: string; acr: 'low' | 'substantial' | 'high'; scope: string }> = {
  idcard: { amr: 'idcard', acr: 'high', scope: 'idcard' },
  mID: { amr: 'mID', acr: 'high', scope: 'mid' },
  smartid: { amr: 'smartid', acr: 'high', scope: 'smartid' },
  'eidas-substantial': { amr: 'eIDAS', acr: 'substantial', scope: 'eidas' },
  'eidas-low': { amr: 'eIDAS', acr: 'low', scope: 'eidas' },
};

type Lang = 'et' | 'en' | 'ru';

const TEXT: Record<Lang, Record<string, string>> = {
  et: {
    title: 'TARA simulaator: isiku tuvastamine',
    intro:
      'See on arendamiseks ja testimiseks mõeldud TARA simulaator. Päris TARA-s tõendaksite siin oma isikut ID-kaardi, Mobiil-ID, Smart-ID või välisriigi eID-ga.',
    client: 'Sisse logite teenusesse: {client}',
    personLegend: 'Kes logib sisse?',
    other: 'Keegi teine (sisestan isikukoodi ja nime)',
    idcode: 'Isikukood',
    idcodeHint: '11 numbrit, näiteks 39002102761',
    givenName: 'Eesnimi',
    familyName: 'Perekonnanimi',
    methodLegend: 'Autentimisviis',
    'method.idcard': 'ID-kaart (tase kõrge)',
    'method.mID': 'Mobiil-ID (tase kõrge)',
    'method.smartid': 'Smart-ID (tase kõrge)',
    'method.eidas-substantial': 'Välisriigi eID (eIDAS), tase märkimisväärne',
    'method.eidas-low': 'Välisriigi eID (eIDAS), tase madal — näitab, kuidas teenus liiga madala taseme tagasi lükkab',
    login: 'Jätka',
    cancel: 'Katkesta',
    errorSummary: 'Vormis on vead',
    'error.person': 'Valige isik',
    'error.method': 'Valige autentimisviis',
    'error.givenName': 'Sisestage eesnimi',
    'error.familyName': 'Sisestage perekonnanimi',
    'error.idcode.format': 'Isikukood peab koosnema 11 numbrist',
    'error.idcode.century': 'Isikukoodi esimene number peab olema 1–8',
    'error.idcode.date': 'Isikukoodis ei ole kehtivat sünnikuupäeva',
    'error.idcode.checksum': 'Isikukoodi kontrollnumber ei klapi',
    brand: 'TARA simulaator',
    devOnlyTitle: 'Ainult arendamiseks.',
    devOnly: 'See ei ole päris TARA ega tõenda kedagi: nii saab Vallamaja arendada ja testida näidisisikutega. Päris keskkonnas on see välja lülitatud.',
    errorTitle: 'TARA simulaator: viga',
    errorIntro: 'Isiku tuvastamist ei saanud jätkata. Minge tagasi teenusesse ja alustage uuesti.',
  },
  en: {
    title: 'TARA simulator: authentication',
    intro:
      'This is a TARA simulator for development and testing. In the real TARA you would prove who you are here with an ID card, Mobile-ID, Smart-ID or a foreign eID.',
    client: 'You are signing in to: {client}',
    personLegend: 'Who is signing in?',
    other: 'Someone else (I will type the ID code and name)',
    idcode: 'Personal ID code',
    idcodeHint: '11 digits, for example 39002102761',
    givenName: 'Given name',
    familyName: 'Family name',
    methodLegend: 'Authentication method',
    'method.idcard': 'ID card (level high)',
    'method.mID': 'Mobile-ID (level high)',
    'method.smartid': 'Smart-ID (level high)',
    'method.eidas-substantial': 'Foreign eID (eIDAS), level substantial',
    'method.eidas-low': 'Foreign eID (eIDAS), level low — shows how the service refuses a level that is too low',
    login: 'Continue',
    cancel: 'Cancel',
    errorSummary: 'There is a problem',
    'error.person': 'Choose a person',
    'error.method': 'Choose an authentication method',
    'error.givenName': 'Enter the given name',
    'error.familyName': 'Enter the family name',
    'error.idcode.format': 'A personal ID code has 11 digits',
    'error.idcode.century': 'The first digit of a personal ID code must be 1–8',
    'error.idcode.date': 'The personal ID code does not hold a valid birth date',
    'error.idcode.checksum': 'The check digit of the personal ID code is wrong',
    brand: 'TARA simulator',
    devOnlyTitle: 'For development only.',
    devOnly: 'This is not the real TARA and proves no one’s identity: it lets Vallamaja be developed and tested with demo people. It is switched off in production.',
    errorTitle: 'TARA simulator: error',
    errorIntro: 'Authentication could not continue. Go back to the service and start again.',
  },
  ru: {
    title: 'Симулятор TARA: идентификация',
    intro:
      'Это симулятор TARA для разработки и тестирования. В настоящей TARA здесь вы подтвердили бы свою личность ID-картой, Mobiil-ID, Smart-ID или иностранным eID.',
    client: 'Вы входите в услугу: {client}',
    personLegend: 'Кто входит?',
    other: 'Другой человек (введу личный код и имя)',
    idcode: 'Личный код',
    idcodeHint: '11 цифр, например 39002102761',
    givenName: 'Имя',
    familyName: 'Фамилия',
    methodLegend: 'Способ аутентификации',
    'method.idcard': 'ID-карта (уровень высокий)',
    'method.mID': 'Mobiil-ID (уровень высокий)',
    'method.smartid': 'Smart-ID (уровень высокий)',
    'method.eidas-substantial': 'Иностранный eID (eIDAS), уровень существенный',
    'method.eidas-low': 'Иностранный eID (eIDAS), уровень низкий — показывает, как услуга отклоняет слишком низкий уровень',
    login: 'Продолжить',
    cancel: 'Отменить',
    errorSummary: 'В форме есть ошибки',
    'error.person': 'Выберите человека',
    'error.method': 'Выберите способ аутентификации',
    'error.givenName': 'Введите имя',
    'error.familyName': 'Введите фамилию',
    'error.idcode.format': 'Личный код состоит из 11 цифр',
    'error.idcode.century': 'Первая цифра личного кода должна быть от 1 до 8',
    'error.idcode.date': 'Личный код не содержит действительной даты рождения',
    'error.idcode.checksum': 'Контрольная цифра личного кода неверна',
    brand: 'Симулятор TARA',
    devOnlyTitle: 'Только для разработки.',
    devOnly: 'Это не настоящая TARA, и она никого не идентифицирует: она позволяет разрабатывать и тестировать Vallamaja с демонстрационными людьми. В рабочей среде она отключена.',
    errorTitle: 'Симулятор TARA: ошибка',
    errorIntro: 'Идентификацию не удалось продолжить. Вернитесь в услугу и начните заново.',
  },
};

function langOf(uiLocales: unknown): Lang {
  if (typeof uiLocales === 'string') {
    for (const l of uiLocales.split(/\s+/)) {
      const base = l.toLowerCase().split('-')[0];
      if (base === 'et' || base === 'en' || base === 'ru') return base;
    }
  }
  return 'et';
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function tr(lang: Lang, key: string, vars: Record<string, string> = {}): string {
  return (TEXT[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);
}

// ---------- an in-memory adapter of this simulator's own ----------
// (oidc-provider's bundled memory adapter is process-global and warns on use; two simulators in
// one test process must not share codes.)

interface Stored {
  payload: Record<string, unknown>;
  expiresAt: number;
}

function memoryAdapterFactory() {
  const store = new Map<string, Stored>();
  const byGrant = new Map<string, Set<string>>();
  const byUid = new Map<string, string>();
  const byUserCode = new Map<string, string>();
  const live = (key: string): Record<string, unknown> | undefined => {
    const s = store.get(key);
    if (!s) return undefined;
    if (s.expiresAt <= nowMs()) {
      store.delete(key);
      return undefined;
    }
    return s.payload;
  };
  const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);
  return class SimulatorAdapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Record<string, unknown>, expiresIn: number) {
      const key = this.key(id);
      store.set(key, { payload, expiresAt: nowMs() + expiresIn * 1000 });
      if (this.model === 'Session' && typeof payload.uid === 'string') byUid.set(payload.uid, id);
      if (typeof payload.userCode === 'string') byUserCode.set(payload.userCode, id);
      if (GRANTABLE.has(this.model) && typeof payload.grantId === 'string') {
        const set = byGrant.get(payload.grantId) ?? new Set<string>();
        set.add(key);
        byGrant.set(payload.grantId, set);
      }
    }
    async find(id: string) {
      return live(this.key(id));
    }
    async findByUid(uid: string) {
      const id = byUid.get(uid);
      return id ? live(this.key(id)) : undefined;
    }
    async findByUserCode(userCode: string) {
      const id = byUserCode.get(userCode);
      return id ? live(this.key(id)) : undefined;
    }
    async consume(id: string) {
      const p = live(this.key(id));
      if (p) p.consumed = Math.floor(nowMs() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const key of byGrant.get(grantId) ?? []) store.delete(key);
      byGrant.delete(grantId);
    }
  };
}

// ---------- the simulator ----------

interface Account {
  givenName: string;
  familyName: string;
  birthDate: string;
}

/** Birth date from the code's digits even when its check digit is wrong (test-only codes). */
function birthDateOf(code: string): string {
  const p = parseIdcode(code);
  if (p.ok) return p.value.birthDate;
  if (/^\d{11}$/.test(code)) {
    const fixed = parseIdcode(withCheckDigit(code.slice(0, 10)));
    if (fixed.ok) return fixed.value.birthDate;
  }
  return '';
}

export async function createTaraSimulator(opts: TaraSimulatorOptions): Promise<TaraSimulator> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('The TARA simulator is for development and tests only; it never runs with NODE_ENV=production.');
  }
  const issuer = opts.issuer.replace(/\/$/, '');
  const mountPath = new URL(issuer).pathname.replace(/\/$/, '');
  const people = opts.people ?? DEMO_PEOPLE;
  const accounts = new Map<string, Account>();
  for (const p of people) {
    accounts.set(`EE${p.idcode}`, { givenName: p.givenName, familyName: p.familyName, birthDate: birthDateOf(p.idcode) });
  }

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };

  // TARA has no single sign-on: authenticate the person on every authorization request.
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.add(
    new interactionPolicy.Check('tara_always_authenticates', 'TARA authenticates the person on every request', (ctx) =>
      ctx.oidc?.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
  );

  const redirectOrigins = [...new Set(opts.clients.map((c) => new URL(c.redirectUri).origin))];
  const csp = `default-src 'none'; style-src 'self'; font-src 'self'; form-action 'self' ${redirectOrigins.join(' ')}; base-uri 'none'; frame-ancestors 'none'`;
  const stylesheet = `${mountPath}/static/styles.css`;

  const provider = new ProviderClass(issuer, {
    adapter: memoryAdapterFactory(),
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    })),
    clientAuthMethods: ['client_secret_basic'],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')], long: { signed: true, httpOnly: true, sameSite: 'lax' }, short: { signed: true, httpOnly: true, sameSite: 'lax' } },
    routes: { authorization: '/oidc/authorize', token: '/oidc/token', jwks: '/oidc/jwks', userinfo: '/oidc/profile' },
    responseTypes: ['code'],
    scopes: ['openid', 'idcard', 'mid', 'smartid', 'eidas'],
    claims: { openid: ['sub', 'profile_attributes', 'acr', 'amr', 'auth_time'] },
    acrValues: ['low', 'substantial', 'high'],
    conformIdTokenClaims: false,
    pkce: { required: () => false },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: { enabled: false },
      userinfo: { enabled: true },
    },
    ttl: {
      AuthorizationCode: 30,
      IdToken: 40,
      AccessToken: 40,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    interactions: {
      policy,
      url: (_ctx: unknown, interaction: { uid: string }) => `${mountPath}/interaction/${interaction.uid}`,
    },
    discovery: { ui_locales_supported: ['et', 'en', 'ru'] },
    async findAccount(_ctx: unknown, sub: string) {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, profile_attributes: { date_of_birth: a.birthDate, given_name: a.givenName, family_name: a.familyName } };
        },
      };
    },
    async renderError(ctx: KoaContextLike, out: Record<string, string>) {
      const lang = langOf(ctx.oidc?.params?.ui_locales);
      ctx.type = 'html';
      ctx.body = errorPage(lang, out, mountPath);
    },
  });

  provider.on('server_error', (_ctx: unknown, err: unknown) => {
    console.error('TARA simulator: server error', err);
  });
  // TARA: state is mandatory (and at least 8 characters). And there is no single sign-on: a new
  // authorization request starts without the session of an earlier one (the browser's session
  // cookie is ignored), so the picker is shown every time and switching people just works.
  const taraRules = async (
    ctx: { path: string; query: Record<string, unknown>; method: string; status: number; type: string; body: unknown; req: http.IncomingMessage },
    next: () => Promise<void>,
  ) => {
    if (ctx.path === '/oidc/authorize' || ctx.path.startsWith('/oidc/authorize/')) {
      const cookie = ctx.req.headers.cookie;
      if (cookie) {
        ctx.req.headers.cookie = cookie
          .split(';')
          .filter((c) => !/^\s*_session(\.sig|\.legacy|\.legacy\.sig)?=/.test(c))
          .join(';');
      }
    }
    if (ctx.method !== 'GET' && ctx.path === '/oidc/authorize') {
      // TARA's authorization endpoint is a GET (a browser redirect).
      ctx.status = 405;
      ctx.type = 'html';
      ctx.body = errorPage('et', { error: 'invalid_request', error_description: 'the authorization request must be a GET' }, mountPath);
      return;
    }
    if (ctx.method === 'GET' && ctx.path === '/oidc/authorize') {
      const state = ctx.query.state;
      if (typeof state !== 'string' || state.length < 8) {
        ctx.status = 400;
        ctx.type = 'html';
        ctx.body = errorPage(langOf(ctx.query.ui_locales), {
          error: 'invalid_request',
          error_description: 'state is mandatory and must be at least 8 characters long',
        }, mountPath);
        return;
      }
    }
    await next();
  };
  (provider as unknown as { use(fn: typeof taraRules): void }).use(taraRules);

  const oidcCallback = provider.callback();

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('content-security-policy', csp);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cache-control', 'no-store');
    let details: InteractionDetails;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      send(res, 400, errorPage('et', { error: 'invalid_request', error_description: 'interaction session not found or expired' }, mountPath));
      return;
    }
    const lang = langOf(details.params.ui_locales);
    const clientId = String(details.params.client_id ?? '');
    const scope = String(details.params.scope ?? 'openid').split(' ');
    const restricted = TARA_METHODS.filter((m) => scope.includes(METHOD_CLAIMS[m].scope));
    const methods = restricted.length ? restricted : [...TARA_METHODS];
    const action = `${mountPath}/interaction/${details.uid}`;

    if (req.method === 'GET') {
      send(res, 200, pickerPage({ lang, clientId, people, methods, action, values: {}, errors: [] }, mountPath));
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, errorPage(lang, { error: 'invalid_request', error_description: 'method not allowed' }, mountPath));
      return;
    }
    const form = await readForm(req);
    if (form.get('action') === 'cancel') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'user_cancel', error_description: 'User canceled the authentication process.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const values = Object.fromEntries(form.entries());
    const errors: { field: string; key: string }[] = [];
    const method = form.get('method') ?? '';
    if (!(methods as string[]).includes(method)) errors.push({ field: 'method', key: 'error.method' });
    const personChoice = form.get('person') ?? '';
    let code = '';
    let account: Account | undefined;
    const known = people.find((p) => p.idcode === personChoice);
    if (known) {
      code = known.idcode;
      account = { givenName: known.givenName, familyName: known.familyName, birthDate: birthDateOf(known.idcode) };
    } else if (personChoice === 'other') {
      code = (form.get('idcode') ?? '').replace(/\s+/g, '');
      const givenName = (form.get('given_name') ?? '').trim();
      const familyName = (form.get('family_name') ?? '').trim();
      const skipCheck = opts.allowInvalidIdcodes === true && form.get('unchecked') === '1';
      const parsed = parseIdcode(code);
      if (!parsed.ok && !(skipCheck && /^\d{11}$/.test(code))) {
        errors.push({ field: 'idcode', key: `error.idcode.${parsed.problem satisfies IdcodeProblem}` });
      }
      if (!givenName) errors.push({ field: 'given_name', key: 'error.givenName' });
      if (!familyName) errors.push({ field: 'family_name', key: 'error.familyName' });
      account = { givenName, familyName, birthDate: birthDateOf(code) };
    } else {
      errors.push({ field: 'person', key: 'error.person' });
    }
    if (errors.length || !account) {
      send(res, 400, pickerPage({ lang, clientId, people, methods, action, values, errors }, mountPath));
      return;
    }
    const sub = `EE${code}`;
    accounts.set(sub, account);
    const claims = METHOD_CLAIMS[method as TaraMethod];
    const grant = new provider.Grant({ accountId: sub, clientId });
    grant.addOIDCScope(scope.join(' '));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: sub, acr: claims.acr, amr: [claims.amr], remember: false }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  const interactionPath = new RegExp(`^${mountPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/interaction/[A-Za-z0-9_-]+$`);

  const handler: http.RequestListener = (req, res) => {
    const original = req.url ?? '/';
    const path = original.split('?')[0]!;
    if (mountPath && path !== mountPath && !path.startsWith(`${mountPath}/`)) {
      send(res, 404, errorPage('et', { error: 'not_found', error_description: 'not a TARA simulator address' }, mountPath));
      return;
    }
    if (path === stylesheet && req.method === 'GET') {
      res.statusCode = 200;
      res.setHeader('content-type', 'text/css; charset=utf-8');
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', 'no-cache');
      res.end(siteStyles());
      return;
    }
    if (interactionPath.test(path)) {
      interaction(req, res).catch((err: unknown) => {
        console.error('TARA simulator: interaction failed', err);
        if (!res.headersSent) send(res, 500, errorPage('et', { error: 'server_error', error_description: 'the simulator failed' }, mountPath));
      });
      return;
    }
    // oidc-provider works out its mount path from originalUrl minus url (as under Express).
    (req as http.IncomingMessage & { originalUrl?: string }).originalUrl = original;
    req.url = original.slice(mountPath.length) || '/';
    oidcCallback(req, res);
  };

  return { handler, provider };
}

// ---------- HTML ----------

function send(res: http.ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(html);
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > 16 * 1024) throw new Error('form too large');
    chunks.push(b);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const STYLES_FILE = fileURLToPath(new URL('../../public/styles.css', import.meta.url));
let stylesText: string | null = null;

/** The site's stylesheet (read once). */
function siteStyles(): string {
  stylesText ??= fs.readFileSync(STYLES_FILE, 'utf8');
  return stylesText;
}

/** The simulator's pages: the site's header and style, and a banner saying it is for development. */
function shell(lang: Lang, title: string, body: string, mountPath: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="${esc(mountPath)}/static/styles.css">
</head>
<body>
<header class="site-header">
<div class="container header-row">
<div class="brand"><span class="brand-link">Vallamaja</span> <span class="tenant-name">${esc(tr(lang, 'brand'))}</span></div>
</div>
</header>
<div class="container">
<main id="main">
<p class="notice dev-notice" role="note"><strong>${esc(tr(lang, 'devOnlyTitle'))}</strong> ${esc(tr(lang, 'devOnly'))}</p>
${body}
</main>
</div>
</body>
</html>`;
}

function errorPage(lang: Lang, out: Record<string, string>, mountPath: string): string {
  const items = Object.entries(out)
    .map(([k, v]) => `<li><strong>${esc(k)}</strong>: ${esc(String(v))}</li>`)
    .join('\n');
  return shell(lang, tr(lang, 'errorTitle'), `<h1>${esc(tr(lang, 'errorTitle'))}</h1>\n<p>${esc(tr(lang, 'errorIntro'))}</p>\n<ul>\n${items}\n</ul>`, mountPath);
}

function pickerPage(p: {
  lang: Lang;
  clientId: string;
  people: DemoPerson[];
  methods: TaraMethod[];
  action: string;
  values: Record<string, string>;
  errors: { field: string; key: string }[];
}, mountPath: string): string {
  const { lang, values, errors } = p;
  const t = (k: string, v?: Record<string, string>) => esc(tr(lang, k, v));
  const errOf = (field: string) => errors.find((e) => e.field === field);
  const fieldError = (field: string) => {
    const e = errOf(field);
    return e ? `<p id="${field}-error" class="error-message"><strong>${t(e.key)}</strong></p>` : '';
  };
  const described = (field: string, hint?: string) => {
    const ids = [hint, errOf(field) ? `${field}-error` : null].filter(Boolean).join(' ');
    return ids ? ` aria-describedby="${ids}"` : '';
  };
  const invalid = (field: string) => (errOf(field) ? ' aria-invalid="true"' : '');
  const chosenPerson = values.person ?? p.people[0]?.idcode ?? 'other';
  const chosenMethod = values.method ?? p.methods[0];
  const summary = errors.length
    ? `<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${t('errorSummary')}</h2>
<ul>
${errors.map((e) => `<li><a href="#${e.field === 'person' || e.field === 'method' ? `${e.field}-0` : e.field}">${t(e.key)}</a></li>`).join('\n')}
</ul>
</div>`
    : '';
  const note = (d: DemoPerson) => (lang === 'et' ? d.note.et : d.note.en);
  const personRadios = [
    ...p.people.map(
      (d, i) =>
        `<div class="checkbox"><input type="radio" id="person-${i}" name="person" value="${esc(d.idcode)}"${chosenPerson === d.idcode ? ' checked' : ''}>
<label for="person-${i}">${esc(d.givenName)} ${esc(d.familyName)}, ${esc(d.idcode)} (${esc(note(d))})</label></div>`,
    ),
    `<div class="checkbox"><input type="radio" id="person-${p.people.length}" name="person" value="other"${chosenPerson === 'other' ? ' checked' : ''}>
<label for="person-${p.people.length}">${t('other')}</label></div>`,
  ].join('\n');
  const methodRadios = p.methods
    .map(
      (m, i) =>
        `<div class="checkbox"><input type="radio" id="method-${i}" name="method" value="${m}"${chosenMethod === m ? ' checked' : ''}>
<label for="method-${i}">${t(`method.${m}`)}</label></div>`,
    )
    .join('\n');
  const body = `<h1>${t('title')}</h1>
<p>${t('intro')}</p>
<p>${t('client', { client: p.clientId })}</p>
${summary}
<form method="post" action="${esc(p.action)}">
<fieldset class="field"${described('person')}>
<legend>${t('personLegend')}</legend>
${fieldError('person')}
${personRadios}
</fieldset>
<p class="field"><label for="idcode">${t('idcode')}</label><br>
<span id="idcode-hint">${t('idcodeHint')}</span><br>
${fieldError('idcode')}<input id="idcode" name="idcode" inputmode="numeric" autocomplete="off" maxlength="11" value="${esc(values.idcode ?? '')}"${described('idcode', 'idcode-hint')}${invalid('idcode')}></p>
<p class="field"><label for="given_name">${t('givenName')}</label><br>
${fieldError('given_name')}<input id="given_name" name="given_name" autocomplete="given-name" value="${esc(values.given_name ?? '')}"${described('given_name')}${invalid('given_name')}></p>
<p class="field"><label for="family_name">${t('familyName')}</label><br>
${fieldError('family_name')}<input id="family_name" name="family_name" autocomplete="family-name" value="${esc(values.family_name ?? '')}"${described('family_name')}${invalid('family_name')}></p>
<fieldset class="field"${described('method')}>
<legend>${t('methodLegend')}</legend>
${fieldError('method')}
${methodRadios}
</fieldset>
<p class="actions"><button type="submit" name="action" value="login" class="button">${t('login')}</button>
<button type="submit" name="action" value="cancel" formnovalidate class="button button-secondary">${t('cancel')}</button></p>
</form>`;
  return shell(lang, tr(lang, 'title'), body, mountPath);
}
