// GET /scripts/trackjs.js — the Post Affiliate Pro drop-in: PostAffTracker (PLATFORM-API.md §4).
import { PAP_TRACKING_SCRIPT } from '@/server/tracking/script/trackjs.min';
import { scriptHandler } from '@/server/tracking/script/serve';

export const dynamic = 'force-dynamic';

export const GET = scriptHandler(PAP_TRACKING_SCRIPT);
