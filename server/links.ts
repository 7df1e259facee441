// Affiliate links, built the same way in the browser (link generator) and on the
// server (panel header, banners). No server-only imports here.

export interface LinkParams {
  refId: string;
  campaign?: string;
  banner?: string;
  channel?: string;
  data?: (string | undefined)[];
}

function addParams(url: URL, p: LinkParams, affKey: string) {
  url.searchParams.set(affKey, p.refId);
  if (p.campaign) url.searchParams.set('campaign', p.campaign);
  if (p.banner) url.searchParams.set('banner', p.banner);
  if (p.channel) url.searchParams.set('channel', p.channel);
  p.data?.forEach((d, i) => {
    if (d) url.searchParams.set(`data${i + 1}`, d);
  });
}

/** A page of the merchant's site with `?aff=…`: the script on that page records the click. */
export function directLink(landingUrl: string, p: LinkParams, base?: string): string {
  const url = new URL(landingUrl, base);
  addParams(url, p, 'aff');
  return url.toString();
}

/** The tracker records the click, then sends the visitor on to `to` (for sites without the script). */
export function redirectLink(trackerOrigin: string, account: string, to: string, p: LinkParams): string {
  const url = new URL('/t/click', trackerOrigin);
  url.searchParams.set('account', account);
  addParams(url, p, 'aff');
  url.searchParams.set('to', to);
  return url.toString();
}

/** Whether a landing page may be linked: an absolute http(s) URL on one of the program's domains. */
/** For the merchant, the fix is theirs to make; an affiliate can only ask for it. */
export const NO_DOMAINS = {
  merchant: 'No domain is allowed yet: add your site’s domain under Allowed domains (Integration page) first, then links can point to it.',
  affiliate: 'This program has not allowed any domain for links yet: ask the merchant to add its site.',
} as const;

export function landingError(landing: string, allowedDomains: string[], audience: 'merchant' | 'affiliate' = 'affiliate'): string | undefined {
  let url: URL;
  try {
    url = new URL(landing);
  } catch {
    return 'Enter a full address, starting with https://';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Only http and https pages can be linked.';
  if (allowedDomains.length === 0) return NO_DOMAINS[audience];
  if (!allowedDomains.map((d) => d.toLowerCase()).includes(url.hostname.toLowerCase()))
    return `Links may point to ${allowedDomains.join(', ')} only.`;
  return undefined;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);

/** The HTML an affiliate pastes into its site for a banner or text link. */
export function bannerEmbedCode(
  banner: { id: string; kind: 'image' | 'text'; name: string; imageUrl: string | null; width: number | null; height: number | null; linkText: string | null },
  href: string,
): string {
  if (banner.kind === 'image' && banner.imageUrl) {
    const size = `${banner.width ? ` width="${banner.width}"` : ''}${banner.height ? ` height="${banner.height}"` : ''}`;
    return `<a href="${escapeHtml(href)}" rel="sponsored"><img src="${escapeHtml(banner.imageUrl)}" alt="${escapeHtml(banner.name)}"${size}></a>`;
  }
  return `<a href="${escapeHtml(href)}" rel="sponsored">${escapeHtml(banner.linkText || banner.name)}</a>`;
}
