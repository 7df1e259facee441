// The public origin of this app as the browser sees it (behind a proxy too).
export function requestOrigin(headers: Headers): string {
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? 'localhost:3000';
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? (host.startsWith('localhost') || host.startsWith('127.') ? 'http' : 'https');
  return `${proto}://${host}`;
}

/** The affiliate's general link: the merchant's website with `?aff=<refId>`. */
export function generalAffiliateLink(websiteUrl: string | null, refId: string, origin: string): string | null {
  if (!websiteUrl) return null;
  try {
    const url = new URL(websiteUrl, origin);
    url.searchParams.set('aff', refId);
    return url.toString();
  } catch {
    return null;
  }
}
