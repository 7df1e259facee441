'use client';
import { useState, type FormEvent } from 'react';
import { callTracker, type TrackerResponse } from './tracker';
import { TrackerResult } from './tracker-result';

/** A sign-up that reports the `signup` action; the email is the order id, so signing up twice is one lead. */
export function SignupForm() {
  const [result, setResult] = useState<TrackerResponse | null>();
  const [submitted, setSubmitted] = useState(false);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get('email') ?? '').trim();
    const orderId = email || `signup-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    setSubmitted(true);
    setResult(undefined);
    void callTracker('action', 'signup', { orderId }).then(setResult);
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <div className="space-y-1">
          <label htmlFor="signup-email" className="block text-sm font-medium text-slate-700">
            Email
          </label>
          <input
            id="signup-email"
            name="email"
            type="email"
            autoComplete="email"
            placeholder="you@example.com"
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-600 focus:ring-2 focus:ring-brand-100"
          />
          <p className="text-xs text-slate-500">Optional here: without one, the sign-up gets a random id.</p>
        </div>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Create account
        </button>
      </form>
      {submitted ? <TrackerResult result={result} /> : null}
    </div>
  );
}
