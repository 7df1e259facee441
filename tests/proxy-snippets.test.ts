// The reverse-proxy configurations Tools › Integration hands out (server/integration/proxy-snippets.ts):
// each forwards /_aff/* to the tracker with the shop's host in X-Forwarded-Host. The Cloudflare
// Worker is run as written, against a stubbed fetch.
import { describe, expect, it } from 'vitest';
import { proxiedScriptTag, proxySnippets } from '@/server/integration/proxy-snippets';

const s = proxySnippets('https://tracker.example', 'shop.example');

describe('proxy snippets', () => {
  it('the Cloudflare Worker forwards /_aff/* to the tracker, path and query kept, with X-Forwarded-Host/-Proto', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const stub = async (url: URL | string, init: RequestInit) => {
      seen.push({ url: String(url), init });
      return new Response('ok');
    };
    const source = s.cloudflare.replace(/^export default/m, 'return');
    const worker = new Function('fetch', source)(stub) as { fetch(r: Request): Promise<Response> };
    await worker.fetch(new Request('https://shop.example/_aff/t/click?x=1', { method: 'POST', body: '{}', headers: { 'CF-Connecting-IP': '198.51.100.4' } }));
    expect(seen[0]!.url).toBe('https://tracker.example/t/click?x=1');
    const headers = new Headers(seen[0]!.init.headers);
    expect(headers.get('x-forwarded-host')).toBe('shop.example');
    expect(headers.get('x-forwarded-proto')).toBe('https');
    expect(headers.get('x-forwarded-for')).toBe('198.51.100.4');
    expect(seen[0]!.init).toMatchObject({ method: 'POST', redirect: 'manual' });
  });

  it('nginx, Caddy, Next.js and Vercel forward the prefix to the tracker and name the shop’s host', () => {
    expect(s.nginx).toContain('location /_aff/ {');
    expect(s.nginx).toContain('proxy_pass https://tracker.example/;');
    expect(s.nginx).toContain('proxy_set_header Host tracker.example;');
    expect(s.nginx).toContain('proxy_set_header X-Forwarded-Host $host;');
    expect(s.nginx).toContain('proxy_ssl_server_name on;');
    expect(s.caddy).toContain('handle_path /_aff/* {');
    expect(s.caddy).toContain('header_up X-Forwarded-Host {host}');
    expect(s.nextjs).toContain("{ source: '/_aff/:path*', destination: 'https://tracker.example/:path*' }");
    expect(JSON.parse(s.vercel)).toEqual({ rewrites: [{ source: '/_aff/:path*', destination: 'https://tracker.example/:path*' }] });
    expect(proxiedScriptTag('https://shop.example', 'demo')).toBe('<script async src="https://shop.example/_aff/t.js" data-account="demo"></script>');
    // A plain-http tracker needs no TLS name for nginx.
    expect(proxySnippets('http://tracker.local:3000', 'shop.example').nginx).not.toContain('proxy_ssl_server_name');
  });
});
