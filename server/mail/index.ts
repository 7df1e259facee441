// E-mail: templates rendered at enqueue, delivered through the outbox (server/outbox).
export { enqueueMail, mailAddress, programMailContext, unsubscribeUrls, MAIL_OUTBOX_KIND, type MailRequest, type MailPayload } from './enqueue-mail';
export { registerMailHandler, deliverMail, senderOf } from './deliver';
export { notifyApplication, notifyStatus, notifyPayoutsPaid, registerNotificationHandlers } from './notify';
export { noteCommissions, COMMISSION_NOTICE_KIND } from './commission-notices';
export { scheduleWeeklySummaries, weekStart, weeklySummaryKey } from './weekly-summary';
export { renderMail, oneLine, type Rendered } from './render';
export { templates, templateOf, type TemplateDef } from './templates';
export { isOptedOut, optedOutKinds, setMailPreference, unsubscribeToken, verifyUnsubscribeToken } from './preferences';
export type { MailKind } from '@/db/enums';
export { unsubscribe, unsubscribeTarget, type UnsubscribeTarget } from './unsubscribe';
export {
  mailLog,
  mailMessage,
  resendMail,
  notificationTemplates,
  previewTemplate,
  saveTemplate,
  resetTemplate,
  sendTestMail,
  mailSettings,
  setReplyTo,
  myMailPreferences,
  setMyMailPreference,
  type MailLogRow,
  type MailMessage,
  type TemplateView,
  type PreferenceView,
} from './panel';
