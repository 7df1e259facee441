// Settings › Privacy forms, shared by the browser and the server. No server-only imports.
import { z } from 'zod';
import { emailSchema } from '../accounts/schemas';

export const eraseCustomerSchema = z
  .object({
    by: z.enum(['email', 'customerId']),
    value: z.string().trim().min(1, 'Enter the customer’s e-mail or id.').max(320, 'At most 320 characters.'),
  })
  .superRefine((v, ctx) => {
    if (v.by === 'email' && !emailSchema.safeParse(v.value).success)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter an e-mail address such as jane@example.com.' });
  });
export type EraseCustomerInput = z.infer<typeof eraseCustomerSchema>;
