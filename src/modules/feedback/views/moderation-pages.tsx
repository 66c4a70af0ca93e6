// The moderators' page: comments by state (pending first), each with its service, scores and date;
// parts that look like personal data highlighted with a note; approve, reject and redact buttons
// (each a small POST form with the CSRF token).
import { fmtDateTime } from '../../../kernel/i18n.js';
import type { Locale, Message } from '../../../kernel/i18n.js';
import type { PageCtx } from '../../../kernel/web/components.js';
import { CsrfField, Layout } from '../../../kernel/web/components.js';
import type { Decision, ModerationItem, ModerationState } from '../moderation.js';
import { DECISIONS, MODERATION_STATES, flaggedParts } from '../moderation.js';
import { FeedbackStyles } from './survey-pages.js';

const ALLOWED: Record<ModerationState, Decision[]> = { pending: ['approve', 'reject', 'redact'], approved: ['reject', 'redact'], rejected: ['approve', 'redact'], redacted: [] };

export function ModerationPage(props: {
  ctx: PageCtx;
  kov: string;
  state: ModerationState;
  page: number;
  items: ModerationItem[];
  counts: Record<ModerationState, number>;
  more: boolean;
  serviceNames: Map<string, Message>;
}) {
  const { ctx, kov, state } = props;
  const t = ctx.t;
  const l: Locale = ctx.locale;
  const base = `/kov/${kov}/feedback/moderation`;
  return (
    <Layout ctx={ctx} title={t('feedback.moderation.title')} crumbs={[{ href: `/kov/${kov}/admin`, label: t('feedback.share.admin') }, { label: t('feedback.moderation.title') }]}>
      <FeedbackStyles />
      <h1>{t('feedback.moderation.title')}</h1>
      <p>{t('feedback.moderation.intro')}</p>
      <nav aria-label={t('feedback.moderation.states')}>
        <ul class="fb-tabs">
          {MODERATION_STATES.map((s) => (
            <li>
              <a href={`${base}?state=${s}`} aria-current={s === state ? 'page' : undefined}>
                {t(`feedback.moderation.state.${s}`)} ({props.counts[s]})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{t(`feedback.moderation.state.${state}`)}</h2>
      {props.items.length === 0 ? (
        <p>{t('feedback.moderation.empty')}</p>
      ) : (
        <ul class="fb-comments">
          {props.items.map((it) => {
            const service = props.serviceNames.get(it.serviceId);
            return (
              <li id={`a-${it.id}`}>
                <p class="fb-meta">
                  {service ? service[l] || service.et : t('feedback.moderation.unknownService')} · {t('feedback.moderation.scores', { satisfaction: it.satisfaction, ease: it.ease })} ·{' '}
                  {fmtDateTime(it.answeredAt)}
                </p>
                {it.comment !== null ? (
                  <p class="fb-comment-text" lang={it.lang}>
                    {flaggedParts(it.comment, it.flags).map((p) =>
                      p.flag ? (
                        <mark class="fb-flag" title={t(`feedback.moderation.flag.${p.flag}`)}>
                          {p.text}
                          <span class="visually-hidden"> ({t(`feedback.moderation.flag.${p.flag}`)})</span>
                        </mark>
                      ) : (
                        p.text
                      ),
                    )}
                  </p>
                ) : (
                  <p class="fb-comment-text">
                    <em>{t('feedback.moderation.redactedMarker')}</em>
                  </p>
                )}
                {it.flags.length > 0 && (
                  <p class="error-message">
                    {t('feedback.moderation.flagged', { kinds: [...new Set(it.flags.map((f) => t(`feedback.moderation.flag.${f.kind}`)))].join(', ') })}
                  </p>
                )}
                <div class="fb-actions">
                  {DECISIONS.filter((d) => ALLOWED[state].includes(d)).map((d) => (
                    <form method="post" action={`${base}/${it.id}/${d}`}>
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="state" value={state} />
                      <button type="submit" class={d === 'approve' ? 'button-small' : d === 'redact' ? 'button-small button-warning' : 'button-small button-secondary'}>
                        {t(`feedback.moderation.do.${d}`)}
                        <span class="visually-hidden"> {t('feedback.moderation.ofAnswer', { at: fmtDateTime(it.answeredAt) })}</span>
                      </button>
                    </form>
                  ))}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <p>
        {props.page > 1 && <a href={`${base}?state=${state}&page=${props.page - 1}`}>{t('feedback.moderation.prev')}</a>}{' '}
        {props.more && <a href={`${base}?state=${state}&page=${props.page + 1}`}>{t('feedback.moderation.next')}</a>}
      </p>
    </Layout>
  );
}
