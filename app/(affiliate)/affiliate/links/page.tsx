import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { LinkGenerator } from '@/components/affiliate/link-generator';
import { ProgramTerms } from '@/components/affiliate/program-terms';
import { Card } from '@/components/ui/card';
import { requestOrigin } from '@/server/http/origin';
import { affiliateApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Links' };

export default async function LinksPage() {
  const api = await affiliateApi();
  const [me, program, terms] = await Promise.all([api.affiliate.me(), api.affiliate.program(), api.affiliate.terms()]);
  const origin = requestOrigin(await headers());
  const website = program.merchant.websiteUrl ? new URL(program.merchant.websiteUrl, origin).toString() : '';
  const allowedDomains = program.merchant.allowedDomains;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Links</h1>
      <Card>
        <LinkGenerator
          trackerOrigin={origin}
          account={program.merchant.id}
          refId={me.refId}
          defaultLanding={website || `https://${allowedDomains[0] ?? ''}/`}
          allowedDomains={allowedDomains}
          campaigns={program.campaigns}
        />
      </Card>
      <ProgramTerms terms={terms} />
    </div>
  );
}
