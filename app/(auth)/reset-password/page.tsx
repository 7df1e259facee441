// /reset-password?token=… — the link of a password reset mail: choose a new password, once, within the hour.
import type { Metadata } from 'next';
import { AccountLinkPage } from '@/components/auth/account-link-page';
import { getDb } from '@/db';
import { describeAccountLink } from '@/server/accounts/password-reset';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };
export const dynamic = 'force-dynamic';

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = typeof token === 'string' ? token : undefined;
  const link = value ? await describeAccountLink(await getDb(), 'password_reset', value) : undefined;
  return <AccountLinkPage purpose="password_reset" token={value} link={link} />;
}
