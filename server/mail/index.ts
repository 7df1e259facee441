// E-mail: templates rendered at enqueue, delivered through the outbox (server/outbox).
export { enqueueMail, mailAddress, programMailContext, unsubscribeUrl, MAIL_OUTBOX_KIND, type MailRequest, type MailPayload } from './enqueue-mail';
export { registerMailHandler, deliverMail, senderOf } from './deliver';
export { renderMail, oneLine, type Rendered } from './render';
export { templates, templateOf, type TemplateDef } from './templates';
export { isOptedOut, optedOutKinds, setMailPreference, unsubscribeToken, verifyUnsubscribeToken } from './preferences';
export type { MailKind } from '@/db/enums';
