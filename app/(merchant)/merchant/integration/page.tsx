import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { headers } from 'next/headers';
import { AllowedDomainsForm } from '@/components/merchant/integration/allowed-domains-form';
import { ApiKeys } from '@/components/merchant/integration/api-keys';
import { CodeBlock } from '@/components/merchant/integration/code-block';
import { LiveTestPanel } from '@/components/merchant/integration/live-test-panel';
import { ProxyCheck } from '@/components/merchant/integration/proxy-check';
import { RedirectLinkForm } from '@/components/merchant/integration/redirect-link-form';
import { Card } from '@/components/ui/card';
import { requestOrigin } from '@/server/http/origin';
import { proxiedScriptTag, proxySnippets, websiteHost } from '@/server/integration';
import { toMajorString } from '@/server/money';
import { merchantApi } from '@/server/trpc/server';
import { WriteGuard } from '@/components/merchant/team-role';

export const metadata: Metadata = { title: 'Integration' };

export default async function IntegrationPage() {
  const caller = await merchantApi();
  const [setup, keys] = await Promise.all([caller.integration.setup(), caller.integration.apiKeys.list()]);
  const origin = requestOrigin(await headers());
  const cur = setup.currency;
  const total = toMajorString(12050, cur);
  const refund = toMajorString(2000, cur);

  const clickSnippet = `<script async src="${origin}/t.js" data-account="${setup.account}"></script>`;
  const saleSnippet = [
    '<script>',
    '  window.affq = window.affq || [];',
    `  affq.push(['sale', { orderId: 'ORD-1001', total: '${total}', currency: '${cur}' }]);`,
    '</script>',
  ].join('\n');
  const actionSnippet = [
    '<script>',
    '  window.affq = window.affq || [];',
    "  affq.push(['action', 'signup', { orderId: 'user-42' }]);",
    '</script>',
  ].join('\n');
  // The full key is shown only once, so a snippet names the newest active key by its prefix, or says where to make one.
  const activeKey = keys.find((k) => !k.revokedAt);
  const keyText = activeKey ? `${activeKey.prefix}…` : '<create an API key under API keys below>';
  const auth = `-H 'Authorization: Bearer ${keyText}' \\\n  -H 'content-type: application/json'`;
  const curlSale = `curl ${origin}/t/sale ${auth} \\\n  -d '{"orderId":"ORD-1001","total":"${total}","currency":"${cur}","visitorId":"<the _aff_vid cookie>"}'`;
  const curlAction = `curl ${origin}/t/sale ${auth} \\\n  -d '{"actionCode":"signup","orderId":"user-42","customerEmail":"ann@example.com"}'`;
  const curlRefund = `curl ${origin}/t/refund ${auth} \\\n  -d '{"orderId":"ORD-1001","amount":"${refund}"}'`;

  const website = setup.websiteUrl ? new URL(setup.websiteUrl, origin).toString() : `https://${setup.allowedDomains[0] ?? 'shop.example.com'}/`;

  // First-party mode: the shop's own host (its tracking domain, else its website's) forwarding /_aff/*.
  const shopHost = setup.trackingDomain ?? websiteHost(setup.websiteUrl) ?? setup.allowedDomains.find((d) => d !== 'localhost' && d !== '127.0.0.1') ?? 'shop.example.com';
  const shopOrigin = `https://${shopHost}`;
  const proxies = proxySnippets(origin, shopHost);

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Integration</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Three steps: put the click tracking script on every page of your site, report sales from your thank-you page or your
          server, then test it below — a click and a sale show up here within seconds. Payment gateways (Stripe, Shopify, Paddle, …)
          can report sales themselves: see{' '}
          <Link href="/merchant/integration/webhooks" className="text-brand-600 hover:underline">Webhooks</Link>.
        </p>
      </div>

      <Card title="1. Click tracking">
        <div className="space-y-3">
          <p className="text-sm text-slate-600">
            Paste this into every page of your site, before <code>&lt;/body&gt;</code>. Affiliate links to your site
            (<code>?aff=&lt;referral id&gt;</code>) are then recorded as clicks and the visitor is remembered for the campaign’s
            cookie lifetime.
          </p>
          <CodeBlock label="Your tracking script" code={clickSnippet} testId="click-snippet" />
        </div>
      </Card>

      <Card title="2. Sale and action tracking">
        <div className="space-y-4">
          <p className="text-sm text-slate-600">
            On the thank-you page (with the script above on it too), report the order. The queue works even before the script has loaded.
          </p>
          <CodeBlock label="Thank-you page: a sale" code={saleSnippet} testId="sale-snippet" />
          <CodeBlock label="A lead or sign-up (an action with its code)" code={actionSnippet} />
          <p className="text-sm text-slate-600">
            Or report from your server with an API key (below). Pass the visitor id from the <code>_aff_vid</code> cookie; a server call may
            also name the <code>affiliate</code>, the shopper’s <code>ip</code> and <code>userAgent</code>.
          </p>
          <p className="text-sm text-slate-600" data-testid="key-hint">
            {activeKey ? (
              <>
                Replace <code>{activeKey.prefix}…</code> with the whole key “{activeKey.name}” (it was shown once, when you created it; if you
                did not keep it, create a new one under API keys below).
              </>
            ) : (
              <>You have no API key yet: create one under API keys below, and put it where the snippets say.</>
            )}
          </p>
          <CodeBlock label="Server-to-server: a sale" code={curlSale} />
          <CodeBlock label="Server-to-server: an action" code={curlAction} />
          <CodeBlock label="Server-to-server: a refund" code={curlRefund} />
        </div>
      </Card>

      <div id="test">
      <Card title="3. Test the integration">
        <WriteGuard><LiveTestPanel affiliates={setup.affiliates} currency={cur} /></WriteGuard>
      </Card>
      </div>

      <div id="first-party">
        <Card title="First-party tracking (through your own domain)">
          <div className="space-y-4">
            <p className="text-sm text-slate-600">
              Ad blockers drop calls to tracking hosts, and Safari keeps cookies that scripts set for 7 days at most. Serve the tracker
              from your own site instead: forward <code>/_aff/*</code> to the tracker with one of the configurations below, and load the
              script from there. Every call is then first-party, and the visitor cookie is set by the server as an <code>HttpOnly</code> cookie
              of {shopHost} for the whole cookie lifetime. The tracker believes your proxy’s <code>X-Forwarded-Host</code> only when its
              address is listed in the tracker’s <code>TRUST_PROXY</code> setting.
            </p>
            <CodeBlock label="Your tracking script, through your proxy" code={proxiedScriptTag(shopOrigin, setup.account)} testId="proxied-snippet" />
            <CodeBlock label="Next.js (next.config.ts)" code={proxies.nextjs} testId="proxy-nextjs" />
            <p className="text-sm text-slate-600" data-testid="proxy-nextjs-note">
              Next.js’s rewrite sets <code>X-Forwarded-Host</code> itself, but only passes on <code>X-Forwarded-For</code> and{' '}
              <code>X-Forwarded-Proto</code>: whatever is in front of Next (Vercel, nginx, your load balancer) must set them, and{' '}
              <code>TRUST_PROXY</code> must list the address of your Next server.
            </p>
            <CodeBlock label="nginx" code={proxies.nginx} testId="proxy-nginx" />
            <CodeBlock label="Caddy" code={proxies.caddy} testId="proxy-caddy" />
            <CodeBlock label="Cloudflare Workers" code={proxies.cloudflare} testId="proxy-cloudflare" />
            <CodeBlock label="Vercel (vercel.json)" code={proxies.vercel} testId="proxy-vercel" />
            <ProxyCheck defaultUrl={`${shopOrigin}/_aff/t.js`} />
          </div>
        </Card>
      </div>

      <Card title="Post Affiliate Pro pages">
        <div className="space-y-3">
          <p className="text-sm text-slate-600">
            Coming from Post Affiliate Pro? Keep your pages as they are and change only the script’s host to this tracker:
            <code> {origin}/scripts/trackjs.js</code> serves <code>PostAffTracker</code>, and <code>/scripts/sale.php</code>,
            <code> /scripts/click.php</code> and <code>/scripts/imp.php</code> take PAP’s parameters. Use your account id
            (<code>{setup.account}</code>) where PAP had <code>default1</code>, or set your tracking domain in Settings, where
            <code> default1</code> means this account.
          </p>
          <CodeBlock
            label="Click tracking, as PAP writes it"
            code={`<script type="text/javascript" id="pap_x2s6df8d" src="${origin}/scripts/trackjs.js"></script>\n<script type="text/javascript">\nPostAffTracker.setAccountId('${setup.account}');\ntry {\nPostAffTracker.track();\n} catch (err) { }\n</script>`}
          />
        </div>
      </Card>

      <Card title="Redirect links (for sites without the script)">
        <div className="space-y-3">
          <p className="text-sm text-slate-600">
            The tracker records the click, then sends the visitor on to a page of one of your allowed domains, with the visitor id in
            <code> aff_vid</code>.
          </p>
          <RedirectLinkForm
            trackerOrigin={origin}
            account={setup.account}
            defaultTarget={website}
            allowedDomains={setup.allowedDomains}
            affiliates={setup.affiliates}
          />
        </div>
      </Card>

      <Card title="API keys">
        <div className="space-y-3">
          <p className="text-sm text-slate-600">
            Server-to-server calls (<code>/t/sale</code>, <code>/t/refund</code>) authenticate with <code>Authorization: Bearer &lt;key&gt;</code>.
            A key is shown once when it is created; a revoked key is refused (401) within seconds.
          </p>
          <WriteGuard><ApiKeys keys={keys} /></WriteGuard>
        </div>
      </Card>

      <Card title="Allowed domains">
        <WriteGuard><AllowedDomainsForm domains={setup.allowedDomains} /></WriteGuard>
      </Card>

    </div>
  );
}
