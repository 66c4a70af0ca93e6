// Texts of the platform administration's front page and its jobs page: Estonian first, then English and Russian.
import { defineMessages } from '../../kernel/i18n.js';

export const adminJobsMessages = defineMessages({
  // ---------- the platform administration's front page (/admin) ----------
  'admin.platform.intro': {
    et: 'Siin haldate platvormi rolle ja jälgite taustatöid.',
    en: 'Here you manage the platform’s roles and keep an eye on the background jobs.',
    ru: 'Здесь вы управляете ролями платформы и следите за фоновыми заданиями.',
  },
  'admin.platform.roles': { et: 'Platvormi rollid', en: 'Platform roles', ru: 'Роли платформы' },
  'admin.platform.rolesText': {
    et: 'Kes on platvormi haldur.',
    en: 'Who administers the platform.',
    ru: 'Кто администрирует платформу.',
  },
  'admin.platform.jobs': { et: 'Taustatööd', en: 'Background jobs', ru: 'Фоновые задания' },
  'admin.platform.jobsText': {
    et: 'Ootel: {waiting}. Nurjunud (ootavad otsust): {failed}.',
    en: 'Waiting: {waiting}. Failed (waiting for a decision): {failed}.',
    ru: 'В очереди: {waiting}. Не выполнены (ждут решения): {failed}.',
  },

  // ---------- the jobs page (/admin/jobs) ----------
  'admin.jobs.title': { et: 'Taustatööd', en: 'Background jobs', ru: 'Фоновые задания' },
  'admin.jobs.intro': {
    et: 'Taustatööd teevad tööd väljaspool lehe avamist: näiteks rahvastikuregistri päringud X-tee kaudu. Ebaõnnestunud katset proovitakse töö reeglite järgi uuesti, iga kord pikema vahega; kui kõik katsed nurjuvad, jääb töö nurjunud tööde nimekirja, kust saate seda uuesti proovida.',
    en: 'Background jobs do work outside page requests, such as population register queries over X-tee. A failed attempt is tried again as the job’s rules say, each time after a longer wait; when every attempt has failed, the job stays in the list of failed jobs below, where you can try it again.',
    ru: 'Фоновые задания выполняют работу вне запросов страниц, например запросы в регистр народонаселения через X-tee. Неудачную попытку повторяют по правилам задания, каждый раз с большей паузой; если все попытки не удались, задание остаётся в списке невыполненных заданий, откуда его можно запустить снова.',
  },
  'admin.jobs.engine.pg-boss': {
    et: 'Järjekord: PostgreSQL (pg-boss); tööd jäävad alles ka serveri taaskäivitamisel ja iga katse tehakse ühes protsessis.',
    en: 'Queue: PostgreSQL (pg-boss); jobs survive a restart and each attempt runs in one process only.',
    ru: 'Очередь: PostgreSQL (pg-boss); задания сохраняются при перезапуске, и каждая попытка выполняется только в одном процессе.',
  },
  'admin.jobs.engine.embedded': {
    et: 'Järjekord: sisseehitatud andmebaas (üks protsess); tööd jäävad alles ka taaskäivitamisel.',
    en: 'Queue: the embedded database (one process); jobs survive a restart.',
    ru: 'Очередь: встроенная база данных (один процесс); задания сохраняются при перезапуске.',
  },
  'admin.jobs.workers.on': { et: 'Selles protsessis töötlejad töötavad.', en: 'Workers are running in this process.', ru: 'В этом процессе обработчики работают.' },
  'admin.jobs.workers.off': {
    et: 'Selles protsessis töötlejad ei tööta (tööd teevad teised protsessid).',
    en: 'Workers are not running in this process (other processes run the jobs).',
    ru: 'В этом процессе обработчики не работают (задания выполняют другие процессы).',
  },
  'admin.jobs.countsTitle': { et: 'Tööd liigi ja oleku järgi', en: 'Jobs by kind and state', ru: 'Задания по видам и состояниям' },
  'admin.jobs.col.job': { et: 'Töö', en: 'Job', ru: 'Задание' },
  'admin.jobs.state.created': { et: 'Ootel', en: 'Waiting', ru: 'В очереди' },
  'admin.jobs.state.retry': { et: 'Ootab uut katset', en: 'Waiting to retry', ru: 'Ждёт повтора' },
  'admin.jobs.state.active': { et: 'Käib', en: 'Running', ru: 'Выполняется' },
  'admin.jobs.state.completed': { et: 'Tehtud', en: 'Done', ru: 'Выполнено' },
  'admin.jobs.state.failed': { et: 'Nurjunud', en: 'Failed', ru: 'Не выполнено' },
  'admin.jobs.state.cancelled': { et: 'Tühistatud', en: 'Cancelled', ru: 'Отменено' },
  'admin.jobs.kept': {
    et: 'Lõppenud töid hoitakse {days} päeva.',
    en: 'Finished jobs are kept for {days} days.',
    ru: 'Завершённые задания хранятся {days} дней.',
  },
  'admin.jobs.failedTitle': { et: 'Nurjunud tööd', en: 'Failed jobs', ru: 'Невыполненные задания' },
  'admin.jobs.failedIntro': {
    et: 'Need tööd ebaõnnestusid kõigil katsetel ja neid enam ise ei proovita. Kui põhjus on kõrvaldatud, proovige uuesti: töö saab ühe katse juurde.',
    en: 'Every attempt of these jobs failed and they are not tried again by themselves. Once the cause is fixed, try again: the job gets one more attempt.',
    ru: 'Все попытки этих заданий не удались, и сами они больше не повторяются. Когда причина устранена, попробуйте снова: задание получит ещё одну попытку.',
  },
  'admin.jobs.failedCaption': { et: 'Nurjunud tööd, viimased eespool', en: 'Failed jobs, latest first', ru: 'Невыполненные задания, последние сверху' },
  'admin.jobs.col.attempts': { et: 'Katseid', en: 'Attempts', ru: 'Попыток' },
  'admin.jobs.col.error': { et: 'Viimase katse viga', en: 'Error of the last attempt', ru: 'Ошибка последней попытки' },
  'admin.jobs.col.created': { et: 'Lisatud', en: 'Queued', ru: 'Поставлено' },
  'admin.jobs.col.failedAt': { et: 'Nurjus', en: 'Failed', ru: 'Не выполнено' },
  'admin.jobs.col.actions': { et: 'Toimingud', en: 'Actions', ru: 'Действия' },
  'admin.jobs.attempts': { et: '{n} / {max}', en: '{n} of {max}', ru: '{n} из {max}' },
  'admin.jobs.retry': { et: 'Proovi uuesti', en: 'Try again', ru: 'Повторить' },
  'admin.jobs.retryLabel': { et: 'Proovi uuesti: {job} {id}', en: 'Try again: {job} {id}', ru: 'Повторить: {job} {id}' },
  'admin.jobs.retried': {
    et: 'Töö „{job}” saab veel ühe katse ja tehakse peagi uuesti.',
    en: 'The job “{job}” gets one more attempt and runs again shortly.',
    ru: 'Задание «{job}» получает ещё одну попытку и скоро будет выполнено снова.',
  },
  'admin.jobs.notFailed': {
    et: 'Seda tööd pole enam nurjunud tööde hulgas (võib-olla prooviti seda juba uuesti).',
    en: 'That job is no longer among the failed jobs (perhaps it was already tried again).',
    ru: 'Этого задания больше нет среди невыполненных (возможно, его уже запустили снова).',
  },

  // ---------- the audit log ----------
  'admin.target.job': { et: 'Taustatöö', en: 'Background job', ru: 'Фоновое задание' },
});
