// The mails of accounts (password reset, invitations, two-factor turned on), written to the
// outbox in the caller's transaction: nothing is sent unless the change commits, and the
// action never waits for the mail server (server/mail).
import type { Tx } from '@/db';
import { enqueueMail } from '../mail';

export type AccountMail =
  | { kind: 'password_reset'; vars: { name: string; link: string } }
  | { kind: 'team_invitation' | 'affiliate_invitation'; vars: { name: string; inviterName: string; programName: string; link: string; expiresAt: Date } }
  | { kind: 'two_factor_enabled'; vars: { name: string } };

export async function sendAccountMail(
  tx: Tx,
  to: { merchantId: string | null; email: string; name: string; userId: string },
  mail: AccountMail,
): Promise<void> {
  await enqueueMail(tx, { merchantId: to.merchantId, to: to.email, toName: to.name, kind: mail.kind, vars: mail.vars, userId: to.userId });
}
