// A new program's first steps on the dashboard; each ticks itself from real events (server/onboarding.ts).
import Link from '@/components/ui/link';
import { DismissOnboardingButton } from '@/components/merchant/dismiss-onboarding-button';
import { Card } from '@/components/ui/card';
import type { Onboarding, OnboardingStep } from '@/server/onboarding';

const STEPS: { step: OnboardingStep; title: string; how: string; href: string; cta: string }[] = [
  { step: 'script', title: 'Install the tracking script', how: 'Add the snippet to every page of your shop; this ticks when a visitor’s click arrives from your site.', href: '/merchant/integration', cta: 'Get the snippet' },
  { step: 'click', title: 'Send a test click', how: 'Use “Test the integration” or open an affiliate link yourself.', href: '/merchant/integration#test', cta: 'Test the integration' },
  { step: 'sale', title: 'Record a test sale', how: 'Finish the live test with a test sale, or place an order through an affiliate link.', href: '/merchant/integration#test', cta: 'Send a test sale' },
  { step: 'affiliate', title: 'Invite an affiliate', how: 'Share your sign-up page or add an affiliate yourself.', href: '/merchant/affiliates', cta: 'Affiliates' },
];

export function OnboardingChecklist({ status }: { status: Onboarding }) {
  if (status.dismissed) return null;
  const done = STEPS.filter((s) => status.steps[s.step]).length;
  return (
    <Card title={status.complete ? 'Your program is set up' : `Get started: ${done} of ${STEPS.length} done`}>
      <ol className="space-y-2" data-testid="onboarding">
        {STEPS.map((s) => {
          const ok = status.steps[s.step];
          return (
            <li key={s.step} className="flex items-start gap-3 text-sm" data-step={s.step} data-done={ok ? 'true' : 'false'}>
              <span
                aria-hidden
                className={
                  ok
                    ? 'mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-emerald-600 text-xs text-white'
                    : 'mt-0.5 h-5 w-5 shrink-0 rounded-full border-2 border-slate-300'
                }
              >
                {ok ? '✓' : null}
              </span>
              <div className="min-w-0 flex-1">
                <p className={ok ? 'font-medium text-slate-500 line-through' : 'font-medium text-slate-900'}>
                  {s.title}
                  <span className="sr-only">{ok ? ' (done)' : ' (to do)'}</span>
                </p>
                {ok ? null : (
                  <p className="text-slate-600">
                    {s.how}{' '}
                    <Link href={s.href} className="font-medium text-brand-700 hover:underline">
                      {s.cta} →
                    </Link>
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {status.complete ? (
        <div className="mt-3">
          <DismissOnboardingButton />
        </div>
      ) : null}
    </Card>
  );
}
