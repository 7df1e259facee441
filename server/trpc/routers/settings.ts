// Settings: the account, the default campaign's attribution, the team and one's own password.
// Scoped by ctx.merchantId and ctx.userId from the procedure kind; no input names an account.
import { TRPCError } from '@trpc/server';
import { passwordChangeSchema } from '../../affiliates/schemas';
import { accountSettings, listTeam } from '../../queries/settings';
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
  updateTrackingLogSettings,
} from '../../settings';
import {
  accountSettingsSchema,
  defaultCampaignSchema,
  fraudSettingsSchema,
  requireTwoFactorSchema,
  teamInviteSchema,
  teamMemberSchema,
  teamRemoveSchema,
  teamRoleSchema,
  trackingLogSettingsSchema,
} from '../../settings/schemas';
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
  updateTrackingLog: merchantWriteProcedure
    .input(trackingLogSettingsSchema)
    .mutation(({ ctx, input }) => updateTrackingLogSettings(ctx.db, ctx.merchantId, actor(ctx), input)),
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
