// The site's own information pages, linked from every page's footer: the accessibility
// statement, the privacy notice (what is stored about a voter, and for how long) and, where a KOV
// context exists, how to contact that KOV. Texts in src/kernel/info-messages.ts.
import type { TenantContact } from '../tenants.js';
import type { PageCtx } from './components.js';
import { Layout } from './components.js';

export function AccessibilityPage(props: { ctx: PageCtx }) {
  const t = props.ctx.t;
  const title = t('info.a11y.title');
  return (
    <Layout ctx={props.ctx} title={title} crumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <p>{t('info.a11y.intro')}</p>
      <h2>{t('info.a11y.stateTitle')}</h2>
      <p>{t('info.a11y.state')}</p>
      <h2>{t('info.a11y.howTitle')}</h2>
      <ul>
        <li>{t('info.a11y.how1')}</li>
        <li>{t('info.a11y.how2')}</li>
        <li>{t('info.a11y.how3')}</li>
        <li>{t('info.a11y.how4')}</li>
      </ul>
      <h2>{t('info.a11y.limitsTitle')}</h2>
      <p>{t('info.a11y.limits')}</p>
      <h2>{t('info.a11y.feedbackTitle')}</h2>
      <p>{t('info.a11y.feedback')}</p>
      <p>{t('info.a11y.supervision')}</p>
    </Layout>
  );
}

export function PrivacyPage(props: { ctx: PageCtx; idleMinutes: number; absoluteHours: number; receiptMinutes: number }) {
  const t = props.ctx.t;
  const title = t('info.privacy.title');
  const row = (what: string, why: string, how: string) => (
    <tr>
      <th scope="row">{t(what)}</th>
      <td data-label={t('info.privacy.col.why')}>{t(why)}</td>
      <td data-label={t('info.privacy.col.how')}>{t(how, { idle: props.idleMinutes, hours: props.absoluteHours, minutes: props.receiptMinutes })}</td>
    </tr>
  );
  return (
    <Layout ctx={props.ctx} title={title} crumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <p>{t('info.privacy.intro')}</p>
      <h2>{t('info.privacy.voterTitle')}</h2>
      <div class="table-wrap">
        <table class="stack">
          <caption class="visually-hidden">{t('info.privacy.voterTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('info.privacy.col.what')}</th>
              <th scope="col">{t('info.privacy.col.why')}</th>
              <th scope="col">{t('info.privacy.col.how')}</th>
            </tr>
          </thead>
          <tbody>
            {row('info.privacy.idcode', 'info.privacy.idcodeWhy', 'info.privacy.idcodeHow')}
            {row('info.privacy.person', 'info.privacy.personWhy', 'info.privacy.personHow')}
            {row('info.privacy.session', 'info.privacy.sessionWhy', 'info.privacy.sessionHow')}
            {row('info.privacy.roll', 'info.privacy.rollWhy', 'info.privacy.rollHow')}
            {row('info.privacy.participation', 'info.privacy.participationWhy', 'info.privacy.participationHow')}
            {row('info.privacy.ballot', 'info.privacy.ballotWhy', 'info.privacy.ballotHow')}
            {row('info.privacy.receipt', 'info.privacy.receiptWhy', 'info.privacy.receiptHow')}
          </tbody>
        </table>
      </div>
      <h2>{t('info.privacy.neverTitle')}</h2>
      <p>{t('info.privacy.never')}</p>
      <h2>{t('info.privacy.rightsTitle')}</h2>
      <p>{t('info.privacy.rights')}</p>
    </Layout>
  );
}

export function KovContactPage(props: { ctx: PageCtx; kov: { code: string; name: string }; contact: TenantContact }) {
  const { ctx, kov, contact } = props;
  const t = ctx.t;
  const title = t('info.contact.title', { kov: kov.name });
  const any = contact.email || contact.phone || contact.address || contact.website;
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: `/kov/${kov.code}`, label: kov.name }, { label: t('info.contact.crumb') }]}>
      <h1>{title}</h1>
      {any ? (
        <dl class="summary">
          {contact.email && (
            <>
              <dt>{t('info.contact.email')}</dt>
              <dd>
                <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </dd>
            </>
          )}
          {contact.phone && (
            <>
              <dt>{t('info.contact.phone')}</dt>
              <dd>
                <a href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>{contact.phone}</a>
              </dd>
            </>
          )}
          {contact.address && (
            <>
              <dt>{t('info.contact.address')}</dt>
              <dd>{contact.address}</dd>
            </>
          )}
          {contact.website && (
            <>
              <dt>{t('info.contact.website')}</dt>
              <dd>
                <a href={contact.website}>{contact.website}</a>
              </dd>
            </>
          )}
        </dl>
      ) : (
        <p>{t('info.contact.none', { kov: kov.name })}</p>
      )}
      <p>{t('info.contact.platform')}</p>
    </Layout>
  );
}
