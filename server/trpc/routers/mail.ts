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
import { affiliateProcedure, merchantProcedure, router } from '../init';

const actor = (ctx: { userId: string; ip: string }) => ({ userId: ctx.userId, ip: ctx.ip });

export const mailRouter = router({
  log: merchantProcedure.input(mailLogSchema).query(({ ctx, input }) => mailLog(ctx.db, ctx.merchantId, input)),
  message: merchantProcedure.input(mailIdSchema).query(({ ctx, input }) => mailMessage(ctx.db, ctx.merchantId, input.id)),
  resend: merchantProcedure.input(mailIdSchema).mutation(({ ctx, input }) => resendMail(ctx.db, ctx.merchantId, actor(ctx), input.id)),
  templates: merchantProcedure.query(({ ctx }) => notificationTemplates(ctx.db, ctx.merchantId)),
  preview: merchantProcedure.input(templateDraftSchema).mutation(({ ctx, input }) => previewTemplate(ctx.db, ctx.merchantId, input)),
  saveTemplate: merchantProcedure.input(templateDraftSchema).mutation(({ ctx, input }) => saveTemplate(ctx.db, ctx.merchantId, actor(ctx), input)),
  resetTemplate: merchantProcedure.input(templateKindSchema).mutation(({ ctx, input }) => resetTemplate(ctx.db, ctx.merchantId, actor(ctx), input.kind)),
  sendTest: merchantProcedure.input(sendTestSchema).mutation(({ ctx, input }) => sendTestMail(ctx.db, ctx.merchantId, ctx.userId, input.draft)),
  settings: merchantProcedure.query(({ ctx }) => mailSettings(ctx.db, ctx.merchantId)),
  setReplyTo: merchantProcedure.input(replyToSchema).mutation(({ ctx, input }) => setReplyTo(ctx.db, ctx.merchantId, actor(ctx), input.replyTo)),
  myPreferences: merchantProcedure.query(({ ctx }) => myMailPreferences(ctx.db, ctx.merchantId, ctx.userId)),
  setMyPreference: merchantProcedure.input(preferenceSchema).mutation(({ ctx, input }) => setMyMailPreference(ctx.db, ctx.merchantId, ctx.userId, input.kind, input.on)),
  affiliatePreferences: affiliateProcedure.query(({ ctx }) => myMailPreferences(ctx.db, ctx.merchantId, ctx.userId)),
  setAffiliatePreference: affiliateProcedure
    .input(preferenceSchema)
    .mutation(({ ctx, input }) => setMyMailPreference(ctx.db, ctx.merchantId, ctx.userId, input.kind, input.on)),
});
