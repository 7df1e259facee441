// Security settings of the program (owner only): "require two-factor sign-in for the team".
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchants, users } from '@/db/schema';
import { audit, type Actor } from '../audit';
import { AppError } from '../errors';
import { requireTwoFactorSchema } from './schemas';
import type { z } from 'zod';

export async function setRequireTwoFactor(db: Db, merchantId: string, actor: Actor, raw: z.input<typeof requireTwoFactorSchema>) {
  const { required } = requireTwoFactorSchema.parse(raw);
  const [me] = await db
    .select({ totpEnabledAt: users.totpEnabledAt })
    .from(users)
    .where(and(eq(users.id, actor.userId), eq(users.merchantId, merchantId)));
  // Otherwise the owner would lock themselves out of the page that turns it off again.
  if (required && !me?.totpEnabledAt) throw new AppError('conflict', 'Turn on two-factor sign-in for your own account first.');
  await db.transaction(async (tx) => {
    await tx.update(merchants).set({ requireTwoFactor: required }).where(eq(merchants.id, merchantId));
    await audit(tx, merchantId, actor, 'settings.require_two_factor', { type: 'merchant', id: merchantId }, { required });
  });
  return { required };
}
