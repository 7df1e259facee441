'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';

/** Hides the completed onboarding checklist. */
export function DismissOnboardingButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const dismiss = useMutation(trpc.merchant.dismissOnboarding.mutationOptions());
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        disabled={dismiss.isPending}
        onClick={async () => {
          setError(undefined);
          try {
            await dismiss.mutateAsync();
            router.refresh();
          } catch (err) {
            setError(errorsOf(err).message ?? 'Could not dismiss the checklist.');
          }
        }}
      >
        Dismiss the checklist
      </Button>
      {error ? (
        <span role="alert" className="text-sm text-red-600">
          {error}
        </span>
      ) : null}
    </div>
  );
}
