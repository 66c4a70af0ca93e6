// The reminder sweep: every hour, mails the teams of each group whose first contact day is within its
// programme's reminder days (once per group). service.ts sendReminders does the work.
import { defineJob } from '../../kernel/jobs.js';
import { sendReminders } from './service.js';

export const TRAINING_REMIND_JOB = 'training.remind';

export const trainingJobs = [
  defineJob<Record<string, never>>({
    name: TRAINING_REMIND_JOB,
    labelKey: 'training.job.remind',
    everySeconds: 3600,
    handler: async (_payload, ctx) => {
      const n = await sendReminders(ctx.db);
      if (n > 0) ctx.log.info({ groups: n }, 'training reminders queued');
    },
  }),
];
