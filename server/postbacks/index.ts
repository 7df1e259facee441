// Affiliate postbacks (an affiliate's own server-to-server conversion pings): settings,
// the outbox messages the crediting transaction writes, delivery and the delivery log.
export {
  POSTBACK_KIND,
  POSTBACK_TEST_KIND,
  deleteAffiliatePostback,
  getAffiliatePostback,
  listPostbackAttempts,
  notePostbacks,
  postbackKey,
  saveAffiliatePostback,
  sendTestPostback,
  setPostbackBlocked,
  type PostbackAttemptView,
  type PostbackView,
} from './postbacks';
export { registerPostbackHandlers } from './deliver';
export { renderPostbackUrl } from './render';
