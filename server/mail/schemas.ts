// The mail panel's inputs, shared by the browser forms and the tRPC procedures. No server-only imports.
import { z } from 'zod';
import { affiliateNotificationKinds, mailKinds, merchantNotificationKinds, outboxStatuses } from '@/db/enums';

export const notificationKinds = [...merchantNotificationKinds, ...affiliateNotificationKinds] as const;

export const templateDraftSchema = z.object({
  kind: z.enum(notificationKinds),
  subject: z
    .string()
    .trim()
    .min(1, 'A subject is required.')
    .max(200, 'At most 200 characters.')
    .refine((s) => !/[\r\n]/.test(s), 'The subject is one line.'),
  text: z.string().trim().min(1, 'The text is required.').max(10_000, 'At most 10,000 characters.'),
});
export type TemplateDraft = z.infer<typeof templateDraftSchema>;

export const templateKindSchema = z.object({ kind: z.enum(notificationKinds) });

/** A test of a draft (its kind, subject and text) or, without one, the plain test mail. */
export const sendTestSchema = z.object({ draft: templateDraftSchema.optional() });

export const mailLogSchema = z.object({
  status: z.enum(outboxStatuses).optional(),
  kind: z.enum(mailKinds).optional(),
  /** `createdAt|id` of the last row of the previous page. */
  cursor: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const mailIdSchema = z.object({ id: z.uuid('No such message.') });

export const replyToSchema = z.object({
  replyTo: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .refine((v) => v === '' || (z.email().safeParse(v).success && !/[\r\n]/.test(v)), 'Enter a valid e-mail address, or leave it empty.'),
});

export const preferenceSchema = z.object({ kind: z.enum(notificationKinds), on: z.boolean() });
