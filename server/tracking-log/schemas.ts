// The credit by hand's input, shared by the tracking log's form (errors before sending) and the
// procedure (the rule). No server imports: the browser loads this.
import { z } from 'zod';

export const creditSchema = z.object({
  conversionId: z.string().min(1).max(64),
  affiliateId: z.string().max(64, 'Choose an affiliate.').min(1, 'Choose an affiliate.'),
});
export type CreditInput = z.input<typeof creditSchema>;
