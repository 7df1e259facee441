// GET /t.js — the tracking script merchants embed on their pages (TRACKING-API.md §1).
import { TRACKING_SCRIPT } from '@/server/tracking/script/t.min';
import { scriptHandler } from '@/server/tracking/script/serve';

export const dynamic = 'force-dynamic';

export const GET = scriptHandler(TRACKING_SCRIPT);
