import { createCallerFactory, router } from '../init';
import { affiliateRouter } from './affiliate';
import { authRouter } from './auth';
import { merchantRouter } from './merchant';

export const appRouter = router({
  auth: authRouter,
  merchant: merchantRouter,
  affiliate: affiliateRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
