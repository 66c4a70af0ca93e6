// The help page on checking one's vote: what the tracker and the public ballot box are, and how to
// check that one's ballot was counted (linked from the receipt, the board and every footer).
import type { PageCtx } from '../../../kernel/web/components.js';
import { Layout } from '../../../kernel/web/components.js';

export function VoteCheckHelpPage(props: { ctx: PageCtx }) {
  const t = props.ctx.t;
  const title = t('voting.help.title');
  return (
    <Layout ctx={props.ctx} title={title} crumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <p>{t('voting.help.intro')}</p>
      <h2 id="tracker">{t('voting.help.trackerTitle')}</h2>
      <p>{t('voting.help.tracker1')}</p>
      <p>{t('voting.help.tracker2')}</p>
      <h2 id="ballot-box">{t('voting.help.boxTitle')}</h2>
      <p>{t('voting.help.box1')}</p>
      <p>{t('voting.help.box2')}</p>
      <h2 id="check">{t('voting.help.checkTitle')}</h2>
      <ol>
        <li>{t('voting.help.check1')}</li>
        <li>{t('voting.help.check2')}</li>
        <li>{t('voting.help.check3')}</li>
        <li>{t('voting.help.check4')}</li>
      </ol>
      <h2 id="not-found">{t('voting.help.problemTitle')}</h2>
      <p>{t('voting.help.problem')}</p>
      <h2 id="revote">{t('voting.help.revoteTitle')}</h2>
      <p>{t('voting.help.revote')}</p>
      <h2 id="experts">{t('voting.help.expertTitle')}</h2>
      <p>{t('voting.help.expert')}</p>
    </Layout>
  );
}
