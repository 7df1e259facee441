import { signUpMerchant } from '../../accounts/sign-up';
import { merchantSignUpSchema } from '../../accounts/schemas';
import { publicProcedure, router } from '../init';

export const authRouter = router({
  /** A merchant signs up a new program; the page signs them in afterwards. */
  signUpMerchant: publicProcedure.input(merchantSignUpSchema).mutation(({ ctx, input }) => signUpMerchant(ctx.db, input)),
});
