'use client';
import { useMutation } from '@tanstack/react-query';
import { signIn } from 'next-auth/react';
import { useTRPC } from '@/components/trpc-provider';

/** Shown while a merchant views this panel as the affiliate: who, until when, and the way back. */
export function ImpersonationBanner({ name, until }: { name: string; until: string }) {
  const trpc = useTRPC();
  const end = useMutation(trpc.affiliate.endImpersonation.mutationOptions());
  return (
    <div role="status" className="bg-amber-100 px-6 py-2 text-center text-sm text-amber-900">
      You are viewing the panel of <strong>{name}</strong> as the merchant, until {until} UTC. Changes you make are made as this affiliate.{' '}
      <button
        type="button"
        disabled={end.isPending}
        className="ml-2 rounded border border-amber-400 bg-white px-2 py-0.5 font-medium hover:bg-amber-50"
        onClick={async () => {
          const { grant } = await end.mutateAsync();
          await signIn('credentials', { grant, redirect: false });
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load with the merchant's session
          window.location.assign('/merchant/affiliates');
        }}
      >
        Back to the merchant panel
      </button>
    </div>
  );
}
