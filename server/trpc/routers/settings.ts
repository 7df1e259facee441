// Settings: the account, the default campaign's attribution, the team and one's own password.
// Scoped by ctx.merchantId and ctx.userId from the procedure kind; no input names an account.
import { importPap } from '../../imports';
import { papImportSchema } from '../../imports/schemas';
import { TRPCError } from '@trpc/server';
import { passwordChangeSchema } from '../../affiliates/schemas';
import { accountSettings, listTeam } from '../../queries/settings';
import { auditFilters, auditListSchema, listAuditLog } from '../../queries/audit-log';
import {
  changeOwnPassword,
  inviteTeamMember,
  removeTeamMember,
  resendTeamInvitation,
  revokeTeamInvitation,
  setRequireTwoFactor,
  setTeamRole,
  signOutEverywhere,
  updateAccountSettings,
  updateDefaultCampaign,
  updateFraudSettings,
  updateProgramTerms,
  setTrackingDomain,
  updateTrackingLogSettings,
} from '../../settings';
import {
  accountSettingsSchema,
  defaultCampaignSchema,
  fraudSettingsSchema,
  programTermsSchema,
  requireTwoFactorSchema,
  teamInviteSchema,
  teamMemberSchema,
  teamRemoveSchema,
  trackingDomainSchema,
  payoutSettingsSchema,
  teamRoleSchema,
  trackingLogSettingsSchema,
} from '../../settings/schemas';
import { updatePayoutSettings } from '../../settings/payout-settings';
import { eraseCustomer } from '../../privacy';
import { eraseCustomerSchema } from '../../privacy/schemas';
import { merchantProcedure, merchantSelfProcedure, merchantWriteProcedure, ownerProcedure, router } from '../init';

const actor = (ctx: { userId: string; ip: string }) => ({ userId: ctx.userId, ip: ctx.ip });

export const settingsRouter = router({
  get: merchantProcedure.query(async ({ ctx }) => {
    const row = await accountSettings(ctx.db, ctx.merchantId);
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'This account no longer exists.' });
    return row;
  }),
  updateAccount: merchantWriteProcedure
    .input(accountSettingsSchema)
    .mutation(({ ctx, input }) => updateAccountSettings(ctx.db, ctx.merchantId, actor(ctx), input)),
  updateDefaultCampaign: merchantWriteProcedure
    .input(defaultCampaignSchema)
    .mutation(({ ctx, input }) => updateDefaultCampaign(ctx.db, ctx.merchantId, actor(ctx), input)),
  updateFraud: merchantWriteProcedure
    .input(fraudSettingsSchema)
    .mutation(({ ctx, input }) => updateFraudSettings(ctx.db, ctx.merchantId, actor(ctx), input)),
  /** Settings › Program terms: shown to affiliates (dashboard, links page) and on the sign-up page; '' for none. */
  updateProgramTerms: merchantWriteProcedure
    .input(programTermsSchema)
    .mutation(({ ctx, input }) => updateProgramTerms(ctx.db, ctx.merchantId, actor(ctx), input)),
  updateTrackingLog: merchantWriteProcedure
    .input(trackingLogSettingsSchema)
    .mutation(({ ctx, input }) => updateTrackingLogSettings(ctx.db, ctx.merchantId, actor(ctx), input)),
  /** Settings › Import: a dry run (what would be created, every row refused and why) or the import itself. */
  importPap: merchantWriteProcedure.input(papImportSchema).mutation(({ ctx, input }) => importPap(ctx.db, ctx.merchantId, actor(ctx), input.files, { dryRun: input.dryRun })),
  setTrackingDomain: merchantWriteProcedure
    .input(trackingDomainSchema)
    .mutation(({ ctx, input }) => setTrackingDomain(ctx.db, ctx.merchantId, actor(ctx), input)),
  updatePayouts: merchantWriteProcedure
    .input(payoutSettingsSchema)
    .mutation(({ ctx, input }) => updatePayoutSettings(ctx.db, ctx.merchantId, actor(ctx), input)),
  /** Settings › Privacy: erase one customer (GDPR), keeping their conversions without the personal fields. */
  eraseCustomer: merchantWriteProcedure
    .input(eraseCustomerSchema)
    .mutation(({ ctx, input }) => eraseCustomer(ctx.db, ctx.merchantId, actor(ctx), input)),
  audit: router({
    list: merchantProcedure.input(auditListSchema).query(({ ctx, input }) => listAuditLog(ctx.db, ctx.merchantId, input)),
    filters: merchantProcedure.query(({ ctx }) => auditFilters(ctx.db, ctx.merchantId)),
  }),
  /** Security (owner only): members without two-factor sign-in are sent to turn it on first. */
  setRequireTwoFactor: ownerProcedure
    .input(requireTwoFactorSchema)
    .mutation(({ ctx, input }) => setRequireTwoFactor(ctx.db, ctx.merchantId, actor(ctx), input)),
  team: router({
    list: merchantProcedure.query(({ ctx }) => listTeam(ctx.db, ctx.merchantId)),
    invite: ownerProcedure.input(teamInviteSchema).mutation(({ ctx, input }) => inviteTeamMember(ctx.db, ctx.merchantId, actor(ctx), input)),
    resendInvitation: ownerProcedure
      .input(teamMemberSchema)
      .mutation(({ ctx, input }) => resendTeamInvitation(ctx.db, ctx.merchantId, actor(ctx), input)),
    revokeInvitation: ownerProcedure
      .input(teamMemberSchema)
      .mutation(({ ctx, input }) => revokeTeamInvitation(ctx.db, ctx.merchantId, actor(ctx), input)),
    setRole: ownerProcedure.input(teamRoleSchema).mutation(({ ctx, input }) => setTeamRole(ctx.db, ctx.merchantId, actor(ctx), input)),
    remove: ownerProcedure.input(teamRemoveSchema).mutation(({ ctx, input }) => removeTeamMember(ctx.db, ctx.merchantId, actor(ctx), input)),
  }),
  /** Ends every session of this user, on every device (this one too). */
  signOutEverywhere: merchantSelfProcedure.mutation(({ ctx }) => signOutEverywhere(ctx.db, ctx.merchantId, actor(ctx))),
  changePassword: merchantSelfProcedure
    .input(passwordChangeSchema)
    .mutation(({ ctx, input }) => changeOwnPassword(ctx.db, ctx.merchantId, actor(ctx), input)),
});
