import { createCallerFactory, router } from '../init';
import { accountRouter } from './account';
import { affiliateRouter } from './affiliate';
import { authRouter } from './auth';
import { campaignsRouter } from './campaigns';
import { integrationRouter } from './integration';
import { mailRouter } from './mail';
import { merchantRouter } from './merchant';
import { payoutsRouter } from './payouts';
import { reviewsRouter } from './reviews';
import { settingsRouter } from './settings';
import { trackingLogRouter } from './tracking-log';
import { webhooksRouter } from './webhooks';
import { outgoingWebhooksRouter } from './outgoing-webhooks';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  merchant: merchantRouter,
  affiliate: affiliateRouter,
  campaigns: campaignsRouter,
  webhooks: webhooksRouter,
  outgoingWebhooks: outgoingWebhooksRouter,
  integration: integrationRouter,
  settings: settingsRouter,
  payouts: payoutsRouter,
  reviews: reviewsRouter,
  trackingLog: trackingLogRouter,
  mail: mailRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
