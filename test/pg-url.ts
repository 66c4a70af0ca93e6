// PostgreSQL URLs of the suite's databases.

/**
 * On PostgreSQL the suite runs as a database owner that is NOT a superuser, as production should:
 * superusers bypass row-level security, so only a plain owner shows that the forced policies hold
 * (the owner sees tenant rows only in transactions that say they are system work).
 */
export const TEST_OWNER = 'vallamaja_test_owner';

/** The server URL with another database (and user) in it. */
export function withDb(url: string, db: string, user?: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  if (user) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}
