// Transactions > Clicks: newest first, keyset pages, filters, user-agents a person can read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { newVisitorId } from '@/server/ids';
import { decodeClickCursor, listClicks } from '@/server/queries/clicks';
import { parseUserAgent } from '@/server/user-agent';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  const affs = await t.db.select().from(s.affiliates);
  const aff = affs.find((a) => a.refId === 'demo-aff')!;
  const sub = affs.find((a) => a.refId === 'demo-sub')!;
  const base = Date.parse('2026-11-01T00:00:00Z');
  const rows = Array.from({ length: 120 }, (_, i) => ({
    merchantId: 'demo',
    visitorId: newVisitorId(),
    affiliateId: i % 3 === 0 ? sub.id : aff.id,
    campaignId: 'cmp_demo',
    channel: i % 2 ? 'newsletter' : 'youtube',
    userAgent: i % 2 ? CHROME : IPHONE,
    // Several clicks share a timestamp: the id breaks ties in the keyset.
    createdAt: new Date(base + Math.floor(i / 4) * 3_600_000),
  }));
  await t.db.insert(s.clicks).values(rows);
});
afterAll(async () => {
  await t?.close();
});

describe('clicks list', () => {
  it('walks every click exactly once, newest first, page by page', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let previous: { createdAt: Date; id: number } | undefined;
    do {
      const page = await listClicks(t.db, 'demo', { cursor: decodeClickCursor(cursor), limit: 25 });
      for (const r of page.rows) {
        if (previous) expect(r.createdAt.getTime() < previous.createdAt.getTime() || (r.createdAt.getTime() === previous.createdAt.getTime() && r.id < previous.id)).toBe(true);
        previous = r;
        seen.push(r.id);
      }
      cursor = page.next;
    } while (cursor);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });

  it('filters by affiliate, channel and dates, and belongs to its merchant only', async () => {
    const sub = await listClicks(t.db, 'demo', { affiliateRefId: 'demo-sub', limit: 200 });
    expect(sub.rows).toHaveLength(40);
    expect(sub.rows.every((r) => r.affiliateRefId === 'demo-sub')).toBe(true);
    const yt = await listClicks(t.db, 'demo', { channel: 'youtube', from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-01T05:00:00Z'), limit: 200 });
    expect(yt.rows).toHaveLength(10);
    expect((await listClicks(t.db, 'nobody', { limit: 10 })).rows).toEqual([]);
  });

  it('reads user-agents as browser, OS and device', async () => {
    expect(parseUserAgent(CHROME)).toEqual({ browser: 'Chrome 126', os: 'Windows 10', device: 'Desktop' });
    expect(parseUserAgent(IPHONE)).toMatchObject({ browser: 'Safari 17', device: 'Mobile' });
    expect(parseUserAgent(IPHONE).os).toMatch(/^iOS/);
    expect(parseUserAgent('<script>alert(1)</script>')).toMatchObject({ browser: 'Unknown' });
    const page = await listClicks(t.db, 'demo', { limit: 2 });
    expect(page.rows[0]!.agent.browser).not.toBe('—');
  });

  it('ignores a malformed cursor', () => {
    expect(decodeClickCursor('junk')).toBeUndefined();
    expect(decodeClickCursor('2026-13-45T00:00:00.000Z_1')).toBeUndefined();
  });
});
