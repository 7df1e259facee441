import Link from '@/components/ui/link';
import { redirect } from 'next/navigation';
import { getSession, homeOf } from '@/server/auth';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const session = await getSession();
  if (session?.user?.role) redirect(homeOf(session.user.role));
  return (
    <main className="mx-auto max-w-3xl px-6 py-24 text-center">
      <h1 className="text-4xl font-bold tracking-tight">Affiliate Tracker</h1>
      <p className="mt-4 text-lg text-slate-600">
        Run your affiliate program: tracking that is fast and never loses a sale, commissions your affiliates can trust.
      </p>
      <div className="mt-8 flex justify-center gap-3">
        <Link href="/sign-in" className="rounded-md bg-brand-600 px-5 py-2.5 font-medium text-white hover:bg-brand-700">
          Sign in
        </Link>
        <Link href="/sign-up" className="rounded-md border border-slate-300 bg-white px-5 py-2.5 font-medium hover:bg-slate-50">
          Start a program
        </Link>
      </div>
    </main>
  );
}
