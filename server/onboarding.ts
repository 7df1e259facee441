// A new program's onboarding checklist on the dashboard. Each step ticks itself from what
// the program's own data shows, never from a button: the script is installed once a click
// arrives from a visitor's browser (not the panel's test), a test click once any click was
// recorded (Tools › Integration's live test counts), a test sale once any conversion was
// recorded, an affiliate once one exists. Dismissable only when every step is done.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { merchants } from '@/db/schema';
import { audit, type Actor } from './audit';
import { AppError } from './errors';
import { TEST_CHANNEL } from './integration/test-events';

export const ONBOARDING_STEPS = ['script', 'click', 'sale', 'affiliate'] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

export interface Onboarding {
  steps: Record<OnboardingStep, boolean>;
  complete: boolean;
  dismissed: boolean;
}

export async function onboardingStatus(db: Db, merchantId: string): Promise<Onboarding> {
  const rows = await db.execute<{ script: boolean; click: boolean; sale: boolean; affiliate: boolean; dismissed: boolean }>(sql`
    select
      exists (select 1 from clicks where merchant_id = ${merchantId} and url is not null and channel is distinct from ${TEST_CHANNEL}) as script,
      exists (select 1 from clicks where merchant_id = ${merchantId}) as click,
      exists (select 1 from conversions where merchant_id = ${merchantId}) as sale,
      exists (select 1 from affiliates where merchant_id = ${merchantId}) as affiliate,
      (select onboarding_dismissed_at is not null from merchants where id = ${merchantId}) as dismissed`);
  const r = rowsOf<{ script: boolean; click: boolean; sale: boolean; affiliate: boolean; dismissed: boolean | null }>(rows)[0];
  const steps = { script: Boolean(r?.script), click: Boolean(r?.click), sale: Boolean(r?.sale), affiliate: Boolean(r?.affiliate) };
  return { steps, complete: ONBOARDING_STEPS.every((s) => steps[s]), dismissed: Boolean(r?.dismissed) };
}

/** Hides the checklist for good; refused while a step is still open. */
export async function dismissOnboarding(db: Db, merchantId: string, actor: Actor): Promise<{ dismissed: true }> {
  const status = await onboardingStatus(db, merchantId);
  if (!status.complete) {
    const open = ONBOARDING_STEPS.filter((s) => !status.steps[s]).length;
    throw new AppError('invalid_request', `The checklist can be dismissed once it is complete: ${open} step${open === 1 ? ' is' : 's are'} still open.`);
  }
  await db.transaction(async (tx) => {
    await tx.update(merchants).set({ onboardingDismissedAt: new Date() }).where(and(eq(merchants.id, merchantId), isNull(merchants.onboardingDismissedAt)));
    await audit(tx, merchantId, actor, 'merchant.onboarding_dismissed', { type: 'merchant', id: merchantId }, {});
  });
  return { dismissed: true };
}
