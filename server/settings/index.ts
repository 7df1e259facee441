// Settings: the account, the default campaign's attribution, the team.
export { updateAccountSettings, updateDefaultCampaign, updateFraudSettings, updateProgramTerms } from './account';
export { updateTrackingLogSettings } from './tracking-log';
export { setTrackingDomain } from './tracking-domain';
export {
  changeOwnPassword,
  inviteTeamMember,
  removeTeamMember,
  resendTeamInvitation,
  revokeTeamInvitation,
  setTeamRole,
  signOutEverywhere,
} from './team';
export { setRequireTwoFactor } from './security';
export type { Actor } from '../audit';
