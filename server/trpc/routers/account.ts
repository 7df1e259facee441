// The signed-in user's own account, either role: two-factor sign-in.
import { z } from 'zod';
import { sendAccountMail } from '../../accounts/account-mail';
import { beginTwoFactor, confirmTwoFactor, disableTwoFactor, regenerateRecoveryCodes, twoFactorStatus } from '../../auth/two-factor';
import { audit } from '../../audit';
import { ownAccountProcedure, router } from '../init';

const code = z.string().trim().min(1, 'Enter the code.').max(40);

export const accountRouter = router({
  twoFactor: router({
    status: ownAccountProcedure.query(({ ctx }) => twoFactorStatus(ctx.db, ctx.userId)),
    /** Step one: a QR code (and the secret, for typing in) of a new secret; nothing changes until confirmed. */
    begin: ownAccountProcedure.mutation(({ ctx }) => beginTwoFactor(ctx.db, ctx.userId)),
    /** Step two: a code from the app turns it on; the recovery codes are shown this once. */
    confirm: ownAccountProcedure.input(z.object({ code })).mutation(async ({ ctx, input }) => {
      const { recoveryCodes, user } = await confirmTwoFactor(ctx.db, ctx.userId, input.code);
      await ctx.db.transaction(async (tx) => {
        await audit(tx, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, 'user.two_factor_on', { type: 'user', id: ctx.userId });
        await sendAccountMail(tx, { merchantId: user.merchantId, email: user.email, name: user.name, userId: user.id }, { kind: 'two_factor_enabled', vars: { name: user.name } });
      });
      return { recoveryCodes };
    }),
    disable: ownAccountProcedure.input(z.object({ password: z.string().min(1, 'Enter your password.').max(200) })).mutation(async ({ ctx, input }) => {
      const done = await disableTwoFactor(ctx.db, ctx.userId, input.password);
      await audit(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, 'user.two_factor_off', { type: 'user', id: ctx.userId });
      return done;
    }),
    regenerateRecoveryCodes: ownAccountProcedure
      .input(z.object({ code }))
      .mutation(({ ctx, input }) => regenerateRecoveryCodes(ctx.db, ctx.userId, input.code)),
  }),
});
