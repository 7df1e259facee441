// Where sign-in may send a browser afterwards: a path of one of the panels on this app,
// nothing else. The value is parsed as a URL against the app's own origin the way a
// browser would parse it (`/\evil.test/` is `//evil.test/` to a browser, another host),
// and only a same-origin /merchant… or /affiliate… path comes back, re-serialised.
// No server-only imports: the sign-in page and next-auth's redirect callback share it.
const PANEL_PATH = /^\/(merchant|affiliate)(\/|$)/;
const PLACEHOLDER_ORIGIN = 'http://app.invalid';

/** The panel path `raw` names on `origin` (pathname + query + hash), or undefined. */
export function safeCallbackPath(raw: string | null | undefined, origin: string = PLACEHOLDER_ORIGIN): string | undefined {
  if (!raw || raw.length > 2000) return undefined;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(raw, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base.origin || url.username || url.password) return undefined;
  if (!PANEL_PATH.test(url.pathname)) return undefined;
  return url.pathname + url.search + url.hash;
}
