// Mail: the merchant's e-mail log and notification templates, and everyone's own
// notification preferences. Scoped by ctx.merchantId / ctx.userId from the procedure kind.
import {
  mailLog,
  mailMessage,
  mailSettings,
  myMailPreferences,
  notificationTemplates,
  previewTemplate,
  resendMail,
  resetTemplate,
  saveTemplate,
  sendTestMail,
  setMyMailPreference,
  setReplyTo,
} from '../../mail';
import { mailIdSchema, mailLogSchema, preferenceSchema, replyToSchema, sendTestSchema, templateDraftSchema, templateKindSchema } from '../../mail/schemas';
import { affiliateProcedure, merchantProcedure, merchantSelfProcedure, merchantWriteProcedure, router } from '../init';
import type { TeamRole } from '@/db/enums';

/**
 * Who may read the link of an invitation in the e-mail log: whoever could have sent it. A
 * viewer (or an admin, for a team invitation) reading one could accept it and so gain the
 * invited role or the affiliate's login.
 */
const LINK_READERS: Partial<Record<string, readonly TeamRole[]>> = {
  team_invitation: ['owner'],
  affiliate_invitation: ['owner', 'admin'],
  password_reset: [],
};
const HIDDEN_LINK = 'This message holds a one-time link to set a password; it is shown only to team members who could have sent it.';

const actor = (ctx: { userId: string; ip: string }) => ({ userId: ctx.userId, ip: ctx.ip });

export const mailRouter = router({
  log: merchantProcedure.input(mailLogSchema).query(({ ctx, input }) => mailLog(ctx.db, ctx.merchantId, input)),
  message: merchantProcedure.input(mailIdSchema).query(async ({ ctx, input }) => {
    const message = await mailMessage(ctx.db, ctx.merchantId, input.id);
    const readers = LINK_READERS[message.kind];
    if (readers && !readers.includes(ctx.teamRole)) return { ...message, text: HIDDEN_LINK, html: '' };
    return message;
  }),
  resend: merchantWriteProcedure.input(mailIdSchema).mutation(({ ctx, input }) => resendMail(ctx.db, ctx.merchantId, actor(ctx), input.id)),
  templates: merchantProcedure.query(({ ctx }) => notificationTemplates(ctx.db, ctx.merchantId)),
  preview: merchantProcedure.input(templateDraftSchema).query(({ ctx, input }) => previewTemplate(ctx.db, ctx.merchantId, input)),
  saveTemplate: merchantWriteProcedure.input(templateDraftSchema).mutation(({ ctx, input }) => saveTemplate(ctx.db, ctx.merchantId, actor(ctx), input)),
  resetTemplate: merchantWriteProcedure.input(templateKindSchema).mutation(({ ctx, input }) => resetTemplate(ctx.db, ctx.merchantId, actor(ctx), input.kind)),
  sendTest: merchantWriteProcedure.input(sendTestSchema).mutation(({ ctx, input }) => sendTestMail(ctx.db, ctx.merchantId, actor(ctx), input.draft)),
  settings: merchantProcedure.query(({ ctx }) => mailSettings(ctx.db, ctx.merchantId)),
  setReplyTo: merchantWriteProcedure.input(replyToSchema).mutation(({ ctx, input }) => setReplyTo(ctx.db, ctx.merchantId, actor(ctx), input.replyTo)),
  myPreferences: merchantProcedure.query(({ ctx }) => myMailPreferences(ctx.db, ctx.merchantId, ctx.userId)),
  setMyPreference: merchantSelfProcedure.input(preferenceSchema).mutation(({ ctx, input }) => setMyMailPreference(ctx.db, ctx.merchantId, actor(ctx), input.kind, input.on)),
  affiliatePreferences: affiliateProcedure.query(({ ctx }) => myMailPreferences(ctx.db, ctx.merchantId, ctx.userId)),
  setAffiliatePreference: affiliateProcedure
    .input(preferenceSchema)
    .mutation(({ ctx, input }) => setMyMailPreference(ctx.db, ctx.merchantId, actor(ctx), input.kind, input.on)),
});
