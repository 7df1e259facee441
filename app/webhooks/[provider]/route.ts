// POST /webhooks/[provider]?account=<account id> — a payment gateway or cart reports a sale, renewal or refund.
import { methodNotAllowed, toResponse } from '@/server/http/track';
import { receiveWebhook } from '@/server/webhooks';

export const dynamic = 'force-dynamic';

export async function POST(req: Request, { params }: { params: Promise<{ provider: string }> }) {
  return receiveWebhook(req, (await params).provider);
}

const notAllowed = (req: Request) => toResponse(methodNotAllowed(req, 'POST'));
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
