// GET /demo/shop/signup — a sign-up form that reports the `signup` action (2.00 USD to the referrer).
import type { Metadata } from 'next';
import { SignupForm } from '../_components/signup-form';

export const metadata: Metadata = { title: 'Create an account' };

export default function SignupPage() {
  return (
    <div className="mx-auto max-w-lg">
      <h1 className="text-2xl font-bold tracking-tight">Create your account</h1>
      <p className="mt-2 text-slate-600">Get brewing tips and 5 % off your first order.</p>
      <div className="mt-6">
        <SignupForm />
      </div>
      <p className="mt-6 text-sm text-slate-500">
        The form calls <code className="font-mono">aff.action(&apos;signup&apos;, {'{'}orderId{'}'})</code>: the demo program pays its
        affiliate 2.00 USD per sign-up.
      </p>
    </div>
  );
}
