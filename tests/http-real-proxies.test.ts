// Issue #18: the reverse-proxy snippets of Tools › Integration, run in the real servers.
// The exact text proxySnippets() gives the Integration page (filled in with this test app's
// address and the proxy's own free port) is run, and through it t.js and the PAP drop-in are
// served, /t/click sets `_aff_vid` as a server-set HttpOnly cookie of the proxy's host with
// `firstParty: true` (PLATFORM-API.md §4; the app trusts the proxy's address by TRUST_PROXY),
// and a sale sent through it is credited by that cookie alone.
// - nginx, Caddy: the real binaries, the snippet in a minimal configuration, as child processes.
//   Skipped, saying so, where not installed (.ci/run installs both).
// - Next.js: a throwaway app (one page; its next.config.ts is the snippet, verbatim) served by
//   this project's own `next` (node_modules/next) with `next dev`, whose external rewrites go
//   through the same router and proxy code as `next start` (server/lib/router-utils/
//   proxy-request) and which is ready in seconds, where a build would take minutes.
// - Cloudflare Workers: the snippet, verbatim, as the Worker of a real local Workers runtime
//   (miniflare, which runs Cloudflare's `workerd`), reached over HTTP; its fetch() reaches this app.
// - Vercel: Vercel's edge cannot run locally without an account. Real: the snippet's vercel.json
//   is validated by Vercel's own schema and routing compiler (@vercel/routing-utils:
//   rewritesSchema, getTransformedRoutes), which also gives the route regexes and destinations.
//   Emulated: the edge applying them — a small Node proxy matches each request against those
//   regexes, fills in the destination, passes the query on, and sends the headers Vercel
//   documents for requests it forwards (X-Forwarded-Host/-Proto/-For, X-Real-IP) with the
//   destination's Host. That Vercel sends exactly these to an external destination is not
//   checked here: that needs a deployment (use "Check my proxy" on the live site).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxySnippets } from '@/server/integration/proxy-snippets';
import { HEX32 } from './helpers/tracking';
// @ts-expect-error — plain .mjs helper
import { startTestServer } from '../scripts/test-server.mjs';

const root = path.resolve(import.meta.dirname, '..');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
const CADDY = ['/usr/bin/caddy', '/usr/local/bin/caddy'].find((p) => fs.existsSync(p));
const NEXT = [path.join(root, 'node_modules/next/dist/bin/next')].find((p) => fs.existsSync(p));
const miniflare = await import('miniflare').catch((e: Error) => e);
const routingUtils = await import('@vercel/routing-utils').catch((e: Error) => e);

/** Why each proxy cannot run here (its test is then skipped), or undefined. */
const missing: Record<string, string | undefined> = {
  nginx: NGINX ? undefined : 'nginx is not installed (apt-get install nginx)',
  Caddy: CADDY ? undefined : 'caddy is not installed (apt-get install caddy)',
  'Next.js': NEXT ? undefined : 'node_modules/next is missing (npm ci)',
  'Cloudflare Workers': miniflare instanceof Error ? `miniflare cannot be loaded (npm ci): ${miniflare.message}` : undefined,
  Vercel: routingUtils instanceof Error ? `@vercel/routing-utils cannot be loaded (npm ci): ${routingUtils.message}` : undefined,
};
for (const [name, why] of Object.entries(missing)) if (why) console.warn(`[http-real-proxies] ${why}: the ${name} snippet test is skipped`);

let app: { baseURL: string; stop(): Promise<void> } | undefined;

beforeAll(async () => {
  if (Object.values(missing).every(Boolean)) return;
  // The proxies connect from 127.0.0.1, the address this app trusts for forwarded headers.
  app = await startTestServer({ label: 'real-proxies', env: { TRUST_PROXY: '127.0.0.1' } });
}, 240_000);
afterAll(() => app?.stop());

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

interface RunningProxy {
  origin: string;
  stop(): Promise<void>;
}

/** Starts `cmd`, then waits until `${origin}/_aff/t.js` answers through it. */
async function run(cmd: string, args: string[], origin: string, env: NodeJS.ProcessEnv, logFile?: string, opts: { cwd?: string; waitMs?: number } = {}): Promise<RunningProxy> {
  let out = '';
  const child: ChildProcess = spawn(cmd, args, { env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const waitMs = opts.waitMs ?? 20_000;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const log = () => out + (logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
    if (child.exitCode !== null) throw new Error(`${path.basename(cmd)} exited (${child.exitCode}):\n${log()}`);
    try {
      const r = await fetch(`${origin}/_aff/t.js`);
      if (r.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${path.basename(cmd)} did not serve ${origin}/_aff/t.js in ${waitMs / 1000} s:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aff-${label}-`));
  // nginx's workers drop root for `nobody`: they must be able to write their temp files.
  fs.chmodSync(dir, 0o777);
  return dir;
}

async function startNginx(): Promise<RunningProxy> {
  const dir = tempDir('nginx');
  const port = await freePort();
  const snippet = proxySnippets(app!.baseURL, `127.0.0.1:${port}`).nginx;
  const conf = `
worker_processes 1;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    server {
        listen 127.0.0.1:${port};
        server_name 127.0.0.1;
${snippet.replace(/^/gm, '        ')}
    }
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const errorLog = path.join(dir, 'error.log');
  const args = ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', errorLog, '-g', `daemon off; pid ${dir}/nginx.pid; error_log ${errorLog};`];
  const proxy = await run(NGINX!, args, `http://127.0.0.1:${port}`, process.env, errorLog);
  return { ...proxy, stop: async () => (await proxy.stop(), fs.rmSync(dir, { recursive: true, force: true })) };
}

async function startCaddy(): Promise<RunningProxy> {
  const dir = tempDir('caddy');
  const port = await freePort();
  const snippet = proxySnippets(app!.baseURL, `127.0.0.1:${port}`).caddy;
  const conf = `{
    admin off
    auto_https off
}

http://127.0.0.1:${port} {
${snippet.replace(/^/gm, '    ')}
}
`;
  const file = path.join(dir, 'Caddyfile');
  fs.writeFileSync(file, conf);
  const env = { ...process.env, HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), XDG_CONFIG_HOME: path.join(dir, 'config') };
  const proxy = await run(CADDY!, ['run', '--config', file, '--adapter', 'caddyfile'], `http://127.0.0.1:${port}`, env);
  return { ...proxy, stop: async () => (await proxy.stop(), fs.rmSync(dir, { recursive: true, force: true })) };
}

/**
 * A shop that is a Next.js app: one page, and the snippet, verbatim, as its next.config.ts. The
 * app lives inside this project for the time of the test (git-ignored), so that Turbopack finds
 * `next` and React in this project's node_modules.
 */
async function startNext(): Promise<RunningProxy> {
  const dir = fs.mkdtempSync(path.join(root, '.snippet-next-'));
  const port = await freePort();
  const snippet = proxySnippets(app!.baseURL, `127.0.0.1:${port}`).nextjs;
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(path.join(dir, 'next.config.ts'), snippet + '\n');
  fs.writeFileSync(path.join(dir, 'app/layout.js'), 'export default function Layout({ children }) {\n  return <html lang="en"><body>{children}</body></html>;\n}\n');
  fs.writeFileSync(path.join(dir, 'app/page.js'), 'export default function Page() {\n  return <h1>The shop</h1>;\n}\n');
  // Not vitest's NODE_ENV=test: next dev sets its own.
  const { NODE_ENV: _nodeEnv, ...inherited } = process.env;
  // next dev sets NODE_ENV itself, so the child's env has none (the ProcessEnv type insists on one).
  const env = { ...inherited, NEXT_TELEMETRY_DISABLED: '1' } as unknown as NodeJS.ProcessEnv;
  const proxy = await run(process.execPath, [NEXT!, 'dev', dir, '--port', String(port), '--hostname', '127.0.0.1'], `http://127.0.0.1:${port}`, env, undefined, {
    cwd: dir,
    waitMs: 60_000,
  });
  return { ...proxy, stop: async () => (await proxy.stop(), fs.rmSync(dir, { recursive: true, force: true })) };
}

/** The snippet as the Worker of a local Workers runtime (workerd, through miniflare), on an HTTP port. */
async function startWorker(): Promise<RunningProxy> {
  const { Miniflare } = miniflare as typeof import('miniflare');
  const port = await freePort();
  const script = proxySnippets(app!.baseURL, `127.0.0.1:${port}`).cloudflare;
  const mf = new Miniflare({ modules: true, script, compatibilityDate: '2025-01-01', host: '127.0.0.1', port });
  const url = await mf.ready;
  return { origin: url.origin, stop: () => mf.dispose() };
}

/** What Vercel's routing compiler makes of the snippet's vercel.json; throws where Vercel would refuse it. */
function vercelRoutes(vercelJson: string): Array<{ src: string; dest: string }> {
  const { getTransformedRoutes, rewritesSchema } = routingUtils as typeof import('@vercel/routing-utils');
  const config = JSON.parse(vercelJson) as { rewrites?: unknown };
  expect(Object.keys(config)).toEqual(['rewrites']);
  const validate = new Ajv({ allErrors: true }).compile(rewritesSchema);
  if (!validate(config.rewrites)) throw new Error(`vercel.json rewrites refused by Vercel's schema: ${JSON.stringify(validate.errors)}`);
  const { routes, error } = getTransformedRoutes(config as Parameters<typeof getTransformedRoutes>[0]);
  if (error) throw new Error(`vercel.json refused by @vercel/routing-utils: ${error.message}`);
  return (routes ?? []).flatMap((r) => ('src' in r && r.src && r.dest ? [{ src: r.src, dest: r.dest }] : []));
}

/** The routes applied as Vercel's edge applies an external rewrite (the emulated part: see the top). */
async function startVercel(): Promise<RunningProxy> {
  const port = await freePort();
  const routes = vercelRoutes(proxySnippets(app!.baseURL, `127.0.0.1:${port}`).vercel);
  const server = http.createServer((req, res) => {
    const incoming = new URL(req.url!, `http://${req.headers.host}`);
    for (const route of routes) {
      const m = new RegExp(route.src).exec(incoming.pathname);
      if (!m) continue;
      const dest = new URL(route.dest.replace(/\$(\d+)/g, (_, i: string) => m[Number(i)] ?? ''));
      // Vercel passes the request's query on to the destination.
      for (const [k, v] of incoming.searchParams) dest.searchParams.append(k, v);
      const headers = { ...req.headers };
      delete headers.connection;
      Object.assign(headers, {
        host: dest.host,
        'x-forwarded-host': req.headers.host,
        'x-forwarded-proto': 'http',
        'x-forwarded-for': req.socket.remoteAddress,
        'x-real-ip': req.socket.remoteAddress,
      });
      const upstream = http.request(dest, { method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode!, up.headers);
        up.pipe(res);
      });
      upstream.on('error', (e) => res.writeHead(502).end(String(e)));
      req.pipe(upstream);
      return;
    }
    res.writeHead(404).end('no route');
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => server.close(() => r())) };
}

const servers: Array<[string, string, () => Promise<RunningProxy>]> = [
  ['nginx', 'in a real nginx', startNginx],
  ['Caddy', 'in a real Caddy', startCaddy],
  ['Next.js', 'in a real Next.js app (next dev)', startNext],
  ['Cloudflare Workers', 'in a real Workers runtime (workerd, through miniflare)', startWorker],
  ['Vercel', 'compiled by Vercel’s own routing-utils, applied by an emulated edge', startVercel],
];

for (const [name, where, start] of servers) {
  describe.skipIf(missing[name] !== undefined)(`the ${name} snippet, ${where}`, () => {
    let proxy: RunningProxy;
    beforeAll(async () => {
      proxy = await start();
    }, 90_000);
    afterAll(() => proxy?.stop());

    const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${proxy.origin}/_aff${p}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', ...headers },
        body: JSON.stringify(body),
      });

    it('serves t.js at the shop’s /_aff/t.js, and the PAP drop-in at /_aff/scripts/trackjs.js', async () => {
      const res = await fetch(`${proxy.origin}/_aff/t.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      expect(await res.text()).toContain('/t/click');
      const pap = await fetch(`${proxy.origin}/_aff/scripts/trackjs.js`);
      expect(pap.status).toBe(200);
      expect(await pap.text()).toContain('PostAffTracker');
    });

    it('the tracker trusts it: it names the shop’s host, from an address TRUST_PROXY lists', async () => {
      const res = await fetch(`${proxy.origin}/_aff/t/proxy-check`);
      expect(res.status).toBe(200);
      const seen = await res.json();
      expect(seen).toMatchObject({ trusted: true, firstParty: true });
      // nginx's $host and Caddy's {host} leave the port out: the same host, for the cookie.
      expect([new URL(proxy.origin).host, new URL(proxy.origin).hostname]).toContain(seen.forwardedHost);
    });

    it('POST /_aff/t/click sets _aff_vid as a server-set HttpOnly cookie of the proxy’s host, first-party', async () => {
      const res = await post('/t/click', { account: 'demo', aff: 'demo-aff' });
      expect(res.status).toBe(200);
      const json = await res.json();
      expect(json).toMatchObject({ affiliate: 'demo-aff', cookieDays: 30, firstParty: true });
      expect(json.visitorId).toMatch(HEX32);
      const cookie = res.headers.get('set-cookie')!;
      const attrs = cookie.split(/;\s*/);
      expect(attrs[0]).toBe(`_aff_vid=${json.visitorId}`);
      expect(attrs).toEqual(expect.arrayContaining(['Path=/', `Max-Age=${30 * 86_400}`, 'HttpOnly', 'SameSite=Lax']));
      // Host-only (no Domain): the cookie belongs to the host the browser sent the request to — the proxy's.
      expect(cookie).not.toMatch(/domain=/i);
      // Plain http to the proxy: not Secure.
      expect(cookie).not.toMatch(/Secure/);
    });

    it('a redirect link through it: the 302 reaches the browser (not followed), with the first-party cookie', async () => {
      const to = encodeURIComponent('http://localhost/landing?x=1');
      const res = await fetch(`${proxy.origin}/_aff/t/click?account=demo&aff=demo-aff&to=${to}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const loc = new URL(res.headers.get('location')!);
      expect(`${loc.origin}${loc.pathname}`).toBe('http://localhost/landing');
      expect(loc.searchParams.get('x')).toBe('1');
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^_aff_vid=[0-9a-f]{32}; /);
      expect(cookie.split(/;\s*/)).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax']));
    });

    it('a sale sent through it is credited by that cookie alone', async () => {
      const click = await post('/t/click', { account: 'demo', aff: 'demo-aff' });
      const cookie = click.headers.get('set-cookie')!.split(';')[0]!;
      const orderId = `${name.replace(/\W/g, '')}-${Date.now()}`;
      const sale = await post('/t/sale', { account: 'demo', orderId, total: '10.00' }, { cookie });
      expect(sale.status).toBe(200);
      expect(await sale.json()).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
    });

    if (name === 'Next.js') {
      // Next's rewrite sends X-Forwarded-Host itself but adds neither X-Forwarded-Proto nor
      // X-Forwarded-For: it passes on those its own front end (the TLS proxy or host in front
      // of `next start`, Vercel's edge) set. The panel says so; here the test plays that front end.
      it('passes on the X-Forwarded-Proto of the TLS front end in front of it: the cookie is then Secure', async () => {
        const check = await fetch(`${proxy.origin}/_aff/t/proxy-check`, { headers: { 'x-forwarded-proto': 'https' } });
        expect(await check.json()).toMatchObject({ forwardedProto: 'https', firstParty: true });
        const res = await post('/t/click', { account: 'demo', aff: 'demo-aff' }, { 'x-forwarded-proto': 'https' });
        expect(res.headers.get('set-cookie')!.split(/;\s*/)).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Secure']));
      });

    }
  });
}
