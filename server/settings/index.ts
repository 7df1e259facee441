// Settings: the account, the default campaign's attribution, the team.
export { updateAccountSettings, updateDefaultCampaign, updateFraudSettings } from './account';
export { updateTrackingLogSettings } from './tracking-log';
export { setTrackingDomain } from './tracking-domain';
export { changeOwnPassword, generatePassword, inviteTeamMember, removeTeamMember, signOutEverywhere } from './team';
export type { Actor } from '../audit';
