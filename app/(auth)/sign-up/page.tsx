import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { TrpcProvider } from '@/components/trpc-provider';

export const metadata: Metadata = { title: 'Start an affiliate program' };

export default function SignUpPage() {
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Start an affiliate program</h1>
      <p className="mb-6 text-sm text-slate-500">Your account and your first campaign, in one step.</p>
      <TrpcProvider>
        <SignUpForm />
      </TrpcProvider>
      <p className="mt-6 text-center text-sm text-slate-500">
        Already have an account?{' '}
        <Link className="font-medium text-brand-600 hover:underline" href="/sign-in">
          Sign in
        </Link>
      </p>
    </>
  );
}
