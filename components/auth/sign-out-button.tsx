'use client';
import { signOut } from 'next-auth/react';
import { useState } from 'react';

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: '/sign-in' })}
      className="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
    >
      Sign out
    </button>
  );
}

/** Ends every session of the user on every device (`end` is the panel's own mutation), then this one. */
export function SignOutEverywhereButton({ end }: { end: () => Promise<unknown> }) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-500">
        Signed in on a computer you no longer use, or think someone else is? This ends every session of yours, here too.
      </p>
      <button
        type="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(undefined);
          try {
            await end();
            await signOut({ callbackUrl: '/sign-in' });
          } catch (e) {
            setPending(false);
            setError(e instanceof Error ? e.message : 'Something went wrong.');
          }
        }}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
      >
        Sign out everywhere
      </button>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
