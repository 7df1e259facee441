import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { JoinForm } from '@/components/affiliate/join-form';
import { ProgramTermsText } from '@/components/affiliate/program-terms';
import { TrpcProvider } from '@/components/trpc-provider';
import { getDb } from '@/db';
import { getMerchant } from '@/server/queries/merchants';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ account: string }>; searchParams: Promise<{ parent?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const merchant = await getMerchant(await getDb(), (await params).account);
  return { title: merchant ? `Join the ${merchant.name} affiliate program` : 'Affiliate program' };
}

export default async function JoinPage({ params, searchParams }: Props) {
  const { account } = await params;
  const { parent } = await searchParams;
  const merchant = await getMerchant(await getDb(), account);
  if (!merchant) notFound();
  return (
    <div className="flex min-h-screen flex-col items-center px-4 py-12">
      <main className="w-full max-w-lg rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Join the {merchant.name} affiliate program</h1>
        <p className="mb-6 mt-1 text-sm text-slate-500">
          Earn a commission on every sale you refer. Tell us a little about how you will promote {merchant.name}.
        </p>
        {merchant.programTerms ? (
          <div className="mb-6 text-sm">
            <ProgramTermsText text={merchant.programTerms} headingLevel={2} />
          </div>
        ) : null}
        <TrpcProvider>
          <JoinForm account={merchant.id} parent={parent?.slice(0, 64)} programName={merchant.name} />
        </TrpcProvider>
        <p className="mt-6 text-center text-sm text-slate-500">
          Already an affiliate?{' '}
          <Link className="font-medium text-brand-600 hover:underline" href="/sign-in">
            Sign in
          </Link>
        </p>
      </main>
    </div>
  );
}
