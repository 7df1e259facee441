// Tools › API: the REST API's interactive reference, from the same OpenAPI document
// /api/v1/openapi.json serves (made from the schemas that validate each request).
import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { headers } from 'next/headers';
import { ApiReference } from '@/components/merchant/integration/api-reference';
import { openApiDocument } from '@/server/api/openapi';
import { requestOrigin } from '@/server/http/origin';
import { requireMerchant } from '@/server/auth';

export const metadata: Metadata = { title: 'API' };

export default async function ApiPage() {
  // The guard of every merchant page: a database-checked session.
  await requireMerchant();
  const origin = requestOrigin(await headers());
  return (
    <div className="space-y-4">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">API</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Run your program from your own back office: create and approve affiliates, pull commissions into accounting, record sales and
          refunds, read reports and manage webhook endpoints. Authenticate with an API key from{' '}
          <Link href="/merchant/integration" className="text-brand-700 underline">
            Integration
          </Link>{' '}
          (<code>Authorization: Bearer sk_…</code>); a read-only key can only read. The document is at{' '}
          <a href="/api/v1/openapi.json" className="font-mono text-brand-700 underline">
            /api/v1/openapi.json
          </a>
          .
        </p>
      </div>
      <ApiReference document={JSON.parse(JSON.stringify(openApiDocument()))} serverUrl={origin} />
    </div>
  );
}
