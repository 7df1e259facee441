import { signUpMerchant } from '../../accounts/sign-up';
import { forgotPasswordSchema, merchantSignUpSchema, setPasswordSchema } from '../../accounts/schemas';
import { requestPasswordReset, setPasswordWithToken } from '../../accounts/password-reset';
import { z } from 'zod';
import { joinProgram } from '../../affiliates/join';
import { affiliateJoinSchema } from '../../affiliates/schemas';
import { limitAffiliateJoin, limitMerchantSignUp } from '../../auth/sign-up-limits';
import { publicProcedure, router } from '../init';

export const authRouter = router({
  /** A merchant signs up a new program; the page signs them in afterwards. */
  signUpMerchant: publicProcedure.input(merchantSignUpSchema).mutation(async ({ ctx, input }) => {
    await limitMerchantSignUp(ctx.ip, input.email);
    return signUpMerchant(ctx.db, input);
  }),
  /** A person joins a program as an affiliate from its sign-up page. */
  joinProgram: publicProcedure
    .input(z.object({ account: z.string().max(64), form: affiliateJoinSchema }))
    .mutation(async ({ ctx, input }) => {
      await limitAffiliateJoin(ctx.ip, input.account);
      return joinProgram(ctx.db, input.account, input.form);
    }),
  /** /forgot-password: the same answer whether or not the address has an account. */
  requestPasswordReset: publicProcedure.input(forgotPasswordSchema).mutation(({ ctx, input }) => requestPasswordReset(ctx.db, input, ctx.ip)),
  /** /reset-password: the link's token and a new password; every session of the user ends. */
  resetPassword: publicProcedure.input(setPasswordSchema).mutation(({ ctx, input }) => setPasswordWithToken(ctx.db, 'password_reset', input, ctx.ip)),
  /** /accept-invitation: the invited team member or affiliate chooses their password. */
  acceptInvitation: publicProcedure.input(setPasswordSchema).mutation(({ ctx, input }) => setPasswordWithToken(ctx.db, 'invitation', input, ctx.ip)),
});
