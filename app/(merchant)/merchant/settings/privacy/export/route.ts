// GET /merchant/settings/privacy/export?affiliate=<referral id> — everything stored about one affiliate of
// the signed-in merchant as a JSON download (Settings › Privacy), for owners and admins; audited.
import { canChangeProgram } from '@/db/enums';
import { withMerchantRoute } from '@/server/auth/route';
import { log } from '@/lib/log';
import { clientIpOf } from '@/server/http/client-ip';
import { auditAffiliateExport, exportAffiliateData } from '@/server/privacy';

export const dynamic = 'force-dynamic';

export const GET = withMerchantRoute(async (req, { user, db }) => {
  if (!canChangeProgram(user.teamRole))
    return Response.json(
      { error: { code: 'forbidden', message: 'Only an owner or admin of this program can export an affiliate’s data.' } },
      { status: 403, headers: { 'cache-control': 'no-store' } },
    );
  // Not found (another merchant's affiliate too) is thrown here, before anything is sent.
  const { affiliateId, chunks } = await exportAffiliateData(db, user.merchantId, new URL(req.url).searchParams.get('affiliate') ?? '');
  await auditAffiliateExport(db, user.merchantId, { userId: user.id, ip: clientIpOf(req.headers) }, affiliateId);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) return controller.close();
        controller.enqueue(encoder.encode(value));
      } catch (err) {
        log().error({ err, component: 'privacy-export', merchantId: user.merchantId }, 'affiliate export failed');
        controller.error(new Error('export failed'));
      }
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="affiliate-${affiliateId}-${new Date().toISOString().slice(0, 10)}.json"`,
      'cache-control': 'no-store',
    },
  });
});
