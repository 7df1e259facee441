// /accept-invitation?token=… — the link of an invitation mail (team member or affiliate): choose a password.
import type { Metadata } from 'next';
import { AccountLinkPage } from '@/components/auth/account-link-page';
import { getDb } from '@/db';
import { describeAccountLink } from '@/server/accounts/password-reset';

export const metadata: Metadata = { title: 'Accept your invitation', referrer: 'no-referrer' };
export const dynamic = 'force-dynamic';

export default async function AcceptInvitationPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = typeof token === 'string' ? token : undefined;
  const link = value ? await describeAccountLink(await getDb(), 'invitation', value) : undefined;
  return <AccountLinkPage purpose="invitation" token={value} link={link} />;
}
