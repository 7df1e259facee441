// Campaigns, their commission rules, banners and text links, and coupons: every
// change is tenant-scoped, transactional, audited, and drops the tracker's cache.
export { createCampaign, updateCampaign, setDefaultCampaign, setCampaignArchived } from './campaigns';
export { addRule, updateRule, deleteRule } from './rules';
export { createBanner, updateBanner, setBannerArchived } from './banners';
export { createCoupon, setCouponActive } from './coupons';
export type { Actor } from '../audit';
export { createGroup, renameGroup, deleteGroup, addGroupRule, setAffiliatesGroup } from './groups';
