// Page parts the council's views share: facts as a description list, a list or a table that says
// "none" when empty, a draft's commission opinions, and the document upload field of the official
// pages (drafts and sittings).
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../kernel/errors.js';
import { fmtDate } from '../../../kernel/i18n.js';
import type { Column, PageCtx } from '../../../kernel/web/components.js';
import { Table } from '../../../kernel/web/components.js';
import type { OpinionRow } from '../service.js';

type T = PageCtx['t'];

/** Facts of an object as a description list (class "facts"); a row left out (false, null) is skipped. */
export function Facts(props: { rows: ([string, ComponentChildren] | false | null | undefined)[] }) {
  return (
    <dl class="facts">
      {props.rows
        .filter((r): r is [string, ComponentChildren] => !!r)
        .map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
    </dl>
  );
}

/** A bulleted (or numbered) list of `items`, each through `item`; the `none` line when there are none. */
export function ListOrNone<R>(props: { items: readonly R[]; none: string; ordered?: boolean; class?: string; item: (r: R, n: number) => ComponentChildren }) {
  if (props.items.length === 0) return <p>{props.none}</p>;
  const lis = props.items.map((r, n) => <li>{props.item(r, n)}</li>);
  return props.ordered ? <ol class={props.class}>{lis}</ol> : <ul class={props.class}>{lis}</ul>;
}

/** A table whose caption is the page's title (hidden); the `none` line when there are no rows. */
export function TableOrNone<R>(props: { t: T; caption: string; none: string; rows: R[]; columns: Column<R>[] }) {
  if (props.rows.length === 0) return <p>{props.none}</p>;
  return <Table t={props.t} caption={props.caption} captionHidden rows={props.rows} columns={props.columns} />;
}

/** A draft's commission opinions ("none" when it has none). */
export function OpinionList(props: { t: T; opinions: Pick<OpinionRow, 'body_name' | 'decided_on' | 'opinion'>[] }) {
  const { t } = props;
  return (
    <ListOrNone
      items={props.opinions}
      none={t('council.none')}
      item={(o) => (
        <>
          <strong>{t('council.draft.opinionOf', { body: o.body_name, date: fmtDate(o.decided_on) })}</strong>: {o.opinion}
        </>
      )}
    />
  );
}

/** The file field of an upload form (PDF or DOCX), with its hint and the field's errors. */
export function UploadField(props: { t: T; errors: FieldError[] }) {
  const { t } = props;
  const mine = props.errors.filter((e) => e.field === 'file');
  return (
    <div class={mine.length ? 'field field-error' : 'field'}>
      <label for="f-file">{t('council.f.file')}</label>
      <p class="hint" id="f-file-hint">
        {t('council.admin.uploadHint')}
      </p>
      {mine.map((e) => (
        <p class="error-message" id="f-file-error">
          <span class="visually-hidden">{t('form.errorPrefix')} </span>
          {t(e.reason, e.vars)}
        </p>
      ))}
      <input id="f-file" name="file" type="file" accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document" aria-describedby={mine.length ? 'f-file-hint f-file-error' : 'f-file-hint'} />
    </div>
  );
}
