// /forgot-password — asks for a password reset link (both roles).
import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { ForgotPasswordForm } from '@/components/auth/forgot-password-form';
import { TrpcProvider } from '@/components/trpc-provider';

export const metadata: Metadata = { title: 'Forgot your password?' };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Forgot your password?</h1>
      <p className="mb-6 text-sm text-slate-500">Enter the email you sign in with. We will mail you a link to choose a new password.</p>
      <TrpcProvider>
        <ForgotPasswordForm />
      </TrpcProvider>
      <p className="mt-6 text-center text-sm text-slate-500">
        <Link className="font-medium text-brand-600 hover:underline" href="/sign-in">
          Back to sign-in
        </Link>
      </p>
    </>
  );
}
