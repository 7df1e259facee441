// Tools › Integration › First-party tracking: ready reverse-proxy configurations that forward
// the shop's `/_aff/*` to the tracker, each sending X-Forwarded-Host and X-Forwarded-Proto (the
// tracker believes them from a proxy TRUST_PROXY trusts). Plain strings: shown and copied as text.

export const PROXY_PREFIX = '/_aff';

export interface ProxySnippets {
  nextjs: string;
  nginx: string;
  caddy: string;
  cloudflare: string;
  vercel: string;
}

/** The snippets for a tracker at `trackerOrigin` (`https://tracker.example`) and a shop at `shopHost`. */
export function proxySnippets(trackerOrigin: string, shopHost: string): ProxySnippets {
  const tracker = new URL(trackerOrigin);
  const p = PROXY_PREFIX;
  return {
    nextjs: [
      // Checked in a real Next (tests/http-real-proxies.test.ts): an external rewrite sets
      // X-Forwarded-Host itself, and passes on the request's other headers untouched.
      '// next.config.ts — an external rewrite sends X-Forwarded-Host (your shop’s host) itself;',
      '// X-Forwarded-For and X-Forwarded-Proto it only passes on: the proxy or host in front of',
      '// Next (Vercel, nginx, your load balancer) must set them.',
      'const nextConfig = {',
      '  async rewrites() {',
      `    return [{ source: '${p}/:path*', destination: '${tracker.origin}/:path*' }];`,
      '  },',
      '};',
      'export default nextConfig;',
    ].join('\n'),
    nginx: [
      `# nginx, in the server block of ${shopHost}`,
      `location ${p}/ {`,
      `    proxy_pass ${tracker.origin}/;`,
      `    proxy_set_header Host ${tracker.host};`,
      '    proxy_set_header X-Forwarded-Host $host;',
      '    proxy_set_header X-Forwarded-Proto $scheme;',
      '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      ...(tracker.protocol === 'https:' ? ['    proxy_ssl_server_name on;'] : []),
      '}',
    ].join('\n'),
    caddy: [
      `# Caddyfile, in the site block of ${shopHost}`,
      `handle_path ${p}/* {`,
      `    reverse_proxy ${tracker.origin} {`,
      '        header_up Host {upstream_hostport}',
      '        header_up X-Forwarded-Host {host}',
      '        header_up X-Forwarded-Proto {scheme}',
      '    }',
      '}',
    ].join('\n'),
    cloudflare: [
      `// Cloudflare Worker on the route ${shopHost}${p}/*`,
      'export default {',
      '  async fetch(request) {',
      '    const url = new URL(request.url);',
      `    const target = new URL(url.pathname.slice(${p.length}) + url.search, '${tracker.origin}');`,
      '    const headers = new Headers(request.headers);',
      "    headers.set('X-Forwarded-Host', url.host);",
      "    headers.set('X-Forwarded-Proto', url.protocol.slice(0, -1));",
      "    headers.set('X-Forwarded-For', request.headers.get('CF-Connecting-IP') ?? '');",
      "    return fetch(target, { method: request.method, headers, body: request.body, redirect: 'manual' });",
      '  },',
      '};',
    ].join('\n'),
    vercel: JSON.stringify({ rewrites: [{ source: `${p}/:path*`, destination: `${tracker.origin}/:path*` }] }, null, 2),
  };
}

/** The tag a shop serving the tracker through its proxy embeds. */
export function proxiedScriptTag(shopOrigin: string, account: string): string {
  return `<script async src="${shopOrigin}${PROXY_PREFIX}/t.js" data-account="${account}"></script>`;
}
