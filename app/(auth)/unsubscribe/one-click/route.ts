// POST /unsubscribe/one-click?token=… — switch one kind of notification off: a mail client's
// RFC 8058 one-click request (body `List-Unsubscribe=One-Click`) answers 200, the
// confirmation page's form is sent back to that page. The signed token is the authority.
import { getDb } from '@/db';
import { errorResponse } from '@/server/http/track';
import { unsubscribe } from '@/server/mail';

export async function POST(req: Request): Promise<Response> {
  try {
    const token = new URL(req.url).searchParams.get('token') ?? undefined;
    const form = await req.formData().catch(() => undefined);
    await unsubscribe(await getDb(), token);
    if (form?.get('List-Unsubscribe') === 'One-Click') return new Response('Unsubscribed.\n', { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    return new Response(null, { status: 303, headers: { location: `/unsubscribe?token=${encodeURIComponent(token!)}&done=1` } });
  } catch (err) {
    return errorResponse(req, err);
  }
}

export function GET(req: Request): Response {
  // A link scanner's GET changes nothing: it lands on the confirmation page.
  const token = new URL(req.url).searchParams.get('token') ?? '';
  return new Response(null, { status: 303, headers: { location: `/unsubscribe?token=${encodeURIComponent(token)}` } });
}
