// The survey's fixed vocabulary, the same for every service and KOV (GSA A-11 "Touchpoints" style):
// two 1–5 scales (satisfaction, ease) and the drivers a resident picks as "went well" or "did not go
// well". Codes are stored; labels are shown in the reader's language. feedback-dash's dashboards use
// the same codes.
import type { Locale, Message } from '../../kernel/i18n.js';

export const DRIVERS = ['trust', 'effectiveness', 'ease', 'efficiency', 'transparency', 'helpfulness'] as const;
export type Driver = (typeof DRIVERS)[number];

export const CHANNELS = ['link', 'qr', 'widget', 'form', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

export const COMMENT_STATES = ['none', 'pending', 'approved', 'rejected', 'redacted'] as const;
export type CommentState = (typeof COMMENT_STATES)[number];

/** The longest comment accepted (characters). */
export const COMMENT_MAX = 2000;

export const isDriver = (x: unknown): x is Driver => typeof x === 'string' && (DRIVERS as readonly string[]).includes(x);
export const isChannel = (x: unknown): x is Channel => typeof x === 'string' && (CHANNELS as readonly string[]).includes(x);

/** What each driver means (A-11: trust, effectiveness, ease, efficiency, transparency, employee helpfulness). */
export const DRIVER_LABELS: Record<Driver, Message> = {
  trust: { et: 'Usaldus: sain kindluse, et mu asi aetakse korrektselt', en: 'Trust: I could rely on my matter being handled properly', ru: 'Доверие: я был уверен, что моё дело решат правильно' },
  effectiveness: { et: 'Tulemus: sain selle, mida vajasin', en: 'Effectiveness: I got what I needed', ru: 'Результат: я получил то, что мне было нужно' },
  ease: { et: 'Lihtsus: oli lihtne aru saada, mida teha', en: 'Ease: it was simple to understand what to do', ru: 'Простота: было легко понять, что делать' },
  efficiency: { et: 'Kiirus: asi sai aetud mõistliku ajaga', en: 'Efficiency: it took a reasonable amount of time', ru: 'Скорость: всё заняло разумное время' },
  transparency: { et: 'Selgus: teadsin, mis toimub ja mis edasi saab', en: 'Transparency: I knew what was happening and what came next', ru: 'Прозрачность: я знал, что происходит и что будет дальше' },
  helpfulness: { et: 'Abivalmidus: töötajad olid abivalmid ja viisakad', en: 'Helpfulness: the staff were helpful and polite', ru: 'Отзывчивость: сотрудники были отзывчивы и вежливы' },
};

/** Short driver names (tables, charts): each label's words before its colon. */
export const DRIVER_SHORT = Object.fromEntries(
  DRIVERS.map((d) => {
    const l = DRIVER_LABELS[d];
    const short = (s: string) => s.slice(0, s.indexOf(':'));
    return [d, { et: short(l.et), en: short(l.en), ru: short(l.ru) }];
  }),
) as Record<Driver, Message>;

/** The satisfaction scale, 1 (worst) to 5 (best). */
export const SATISFACTION_LABELS: Record<1 | 2 | 3 | 4 | 5, Message> = {
  1: { et: 'Väga rahulolematu', en: 'Very dissatisfied', ru: 'Очень недоволен' },
  2: { et: 'Rahulolematu', en: 'Dissatisfied', ru: 'Недоволен' },
  3: { et: 'Ei rahul ega rahulolematu', en: 'Neither satisfied nor dissatisfied', ru: 'Ни доволен, ни недоволен' },
  4: { et: 'Rahul', en: 'Satisfied', ru: 'Доволен' },
  5: { et: 'Väga rahul', en: 'Very satisfied', ru: 'Очень доволен' },
};

/** The ease scale, 1 (hardest) to 5 (easiest). */
export const EASE_LABELS: Record<1 | 2 | 3 | 4 | 5, Message> = {
  1: { et: 'Väga keeruline', en: 'Very difficult', ru: 'Очень сложно' },
  2: { et: 'Keeruline', en: 'Difficult', ru: 'Сложно' },
  3: { et: 'Ei lihtne ega keeruline', en: 'Neither easy nor difficult', ru: 'Ни легко, ни сложно' },
  4: { et: 'Lihtne', en: 'Easy', ru: 'Легко' },
  5: { et: 'Väga lihtne', en: 'Very easy', ru: 'Очень легко' },
};

export const SCALE = [1, 2, 3, 4, 5] as const;
export type Score = (typeof SCALE)[number];
export const isScore = (x: unknown): x is Score => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 5;

export const label = (m: Message, locale: Locale): string => m[locale];
