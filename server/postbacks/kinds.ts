// The postbacks' outbox kinds and dedupe key, kept free of everything else: the tracker's
// batched INSERT writes postback rows in its own statement (server/tracking/conversion-writer.ts).
export const POSTBACK_KIND = 'postback';
export const POSTBACK_TEST_KIND = 'postback.test';
export const POSTBACK_KEY_PREFIX = 'postback:';
/** One postback per conversion and affiliate: a conversion revised (a verified report replacing a browser's) does not fire twice. */
export const postbackKey = (conversionId: string, affiliateId: string) => `${POSTBACK_KEY_PREFIX}${conversionId}:${affiliateId}`;
