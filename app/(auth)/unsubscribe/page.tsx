import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { Button } from '@/components/ui/button';
import { getDb } from '@/db';
import { toAppError } from '@/server/errors';
import { unsubscribeTarget } from '@/server/mail';

export const metadata: Metadata = { title: 'Unsubscribe' };

// The page a notification's "switch these mails off" link opens: one button (a link scanner
// opening the page switches nothing off), then a confirmation.
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<{ token?: string; done?: string }> }) {
  const { token, done } = await searchParams;
  let target;
  try {
    target = await unsubscribeTarget(await getDb(), typeof token === 'string' ? token : undefined);
  } catch (err) {
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">Unsubscribe</h1>
        <p role="alert" className="text-sm text-red-700">
          {toAppError(err).message.replace(/^token: /, '')}
        </p>
      </>
    );
  }
  const where = (
    <>
      <strong>{target.label}</strong> mails from <strong>{target.programName}</strong> to <strong>{target.email}</strong>
    </>
  );
  if (done === '1')
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">You are unsubscribed</h1>
        <p role="status" className="text-sm text-slate-600">
          No more {where}. You can switch them on again in your profile after you{' '}
          <Link className="text-brand-600 hover:underline" href="/sign-in">
            sign in
          </Link>
          .
        </p>
      </>
    );
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">Unsubscribe</h1>
      <p className="mb-6 text-sm text-slate-600">Stop {where}?</p>
      <form method="post" action={`/unsubscribe/one-click?token=${encodeURIComponent(token!)}`}>
        <Button type="submit" worksWithoutScript>
          Unsubscribe
        </Button>
      </form>
    </>
  );
}
