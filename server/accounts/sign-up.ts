// A merchant signs up a new program: the account, its first user and a default campaign.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { campaigns, commissionRules, merchants, users } from '@/db/schema';
import { hashPassword } from '../auth/password';
import { assertStrongPassword } from '../auth/password-rules';
import { AppError } from '../errors';
import { publicId } from '../ids';
import { currencyExponent } from '../money';
import { merchantSignUpSchema, type MerchantSignUpInput } from './schemas';

const RESERVED_ACCOUNT_IDS = new Set(['admin', 'api', 'app', 'merchant', 'affiliate', 'join', 'www', 'static']);

export async function signUpMerchant(db: Db, raw: MerchantSignUpInput): Promise<{ accountId: string; userId: string }> {
  const input = merchantSignUpSchema.parse(raw);
  if (RESERVED_ACCOUNT_IDS.has(input.accountId)) throw new AppError('conflict', 'accountId: this account id is taken.');
  if (currencyExponent(input.currency) === undefined)
    throw new AppError('invalid_request', 'currency: not an ISO 4217 currency code.');
  assertStrongPassword(input.password, [input.email, input.name, input.programName, input.accountId]);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const taken = await tx.execute(sql`select 1 from users where lower(email) = ${input.email} limit 1`);
    if (rowsOf(taken).length > 0) throw new AppError('conflict', 'email: this email cannot be used for a new account. If it is yours, sign in with it instead.');
    const inserted = await tx
      .insert(merchants)
      .values({
        id: input.accountId,
        name: input.programName,
        defaultCurrency: input.currency,
        // The shop's domain: where links may point, and the general affiliate link.
        ...(input.shopDomain ? { allowedDomains: [input.shopDomain], websiteUrl: `https://${input.shopDomain}/` } : {}),
      })
      .onConflictDoNothing()
      .returning({ id: merchants.id });
    if (inserted.length === 0) throw new AppError('conflict', 'accountId: this account id is taken.');
    const [user] = await tx
      .insert(users)
      .values({ merchantId: input.accountId, role: 'merchant', email: input.email, name: input.name, passwordHash })
      .returning({ id: users.id });
    const campaignId = publicId('cmp');
    await tx.insert(campaigns).values({
      id: campaignId,
      merchantId: input.accountId,
      name: 'Default campaign',
      isDefault: true,
      currency: input.currency,
    });
    await tx.insert(commissionRules).values({
      merchantId: input.accountId,
      campaignId,
      actionCode: '',
      tier: 1,
      kind: 'percent',
      percentBp: 1000,
    });
    return { accountId: input.accountId, userId: user!.id };
  });
}

