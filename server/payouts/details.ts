// How an affiliate wants to be paid, in one line for the payout lists.
export const payoutMethodLabel = (method: string | null | undefined) =>
  method === 'paypal' ? 'PayPal' : method === 'bank_transfer' ? 'Bank transfer' : 'Not set';

export function payoutDetailsLine(method: string | null | undefined, details: Record<string, string> | null | undefined): string {
  if (!details) return '';
  if (method === 'paypal') return details.paypalEmail ?? '';
  if (method === 'bank_transfer')
    return [details.accountHolder, details.iban, details.bic, details.bankName].filter(Boolean).join(' · ');
  return '';
}
