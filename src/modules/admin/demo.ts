// Demo data: the demo people's roles (after the territory module has created the tenants).
import type { Actor } from '../../kernel/audit.js';
import { isHttpError } from '../../kernel/errors.js';
import { KOV_ADMIN, PLATFORM_ADMIN } from '../../kernel/module.js';
import { setTenantContact } from '../../kernel/tenants.js';
import type { DemoContext } from '../../kernel/module.js';
import { grantRole, tenantExists } from './service.js';

export const DEMO_GRANTS: { givenName: string; familyName: string; role: string; kov: string | null }[] = [
  { givenName: 'Jaan', familyName: 'Tamm', role: KOV_ADMIN, kov: '0784' },
  { givenName: 'Toomas', familyName: 'Saar', role: KOV_ADMIN, kov: '0793' },
  { givenName: 'Peeter', familyName: 'Kask', role: PLATFORM_ADMIN, kov: null },
];

const DEMO_ACTOR: Actor = { kind: 'system', id: null, name: 'Vallamaja demoandmed' };

export async function loadAdminDemo(ctx: DemoContext): Promise<void> {
  // Tallinn's public contact for the footer's contact page (other KOVs show that none was given)
  await setTenantContact(ctx.db, '0784', { email: null, phone: null, address: 'Vabaduse väljak 7, 15199 Tallinn', website: 'https://www.tallinn.ee' });
  for (const g of DEMO_GRANTS) {
    const person = ctx.people.find((p) => p.givenName === g.givenName && p.familyName === g.familyName);
    if (!person) throw new Error(`demo person ${g.givenName} ${g.familyName} is missing from the demo people`);
    if (g.kov && !(await tenantExists(ctx.db, g.kov))) {
      ctx.log(`admin demo: KOV ${g.kov} does not exist, so ${g.givenName} ${g.familyName} gets no role there.`);
      continue;
    }
    try {
      await grantRole(ctx.db, ctx.config.idcodeHmacKey, { kov: g.kov, idcode: person.idcode, role: g.role, actor: DEMO_ACTOR });
    } catch (e) {
      if (isHttpError(e) && e.status === 409) continue; // already there
      throw e;
    }
  }
  ctx.log(`admin demo: roles granted (${DEMO_GRANTS.map((g) => `${g.givenName} ${g.familyName}: ${g.role}${g.kov ? ` ${g.kov}` : ''}`).join('; ')}).`);
}
