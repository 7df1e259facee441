'use client';
import { useState } from 'react';
import { CopyButton } from '@/components/copy-button';
import { landingError, redirectLink } from '@/server/links';

const input = 'block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm outline-none focus:ring-2 focus:ring-brand-100';

/** Builds a redirect-mode link (for sites without the script): the tracker records the click, then forwards. */
export function RedirectLinkForm({
  trackerOrigin,
  account,
  defaultTarget,
  allowedDomains,
  affiliates,
}: {
  trackerOrigin: string;
  account: string;
  defaultTarget: string;
  allowedDomains: string[];
  affiliates: { refId: string; name: string }[];
}) {
  const [refId, setRefId] = useState(affiliates[0]?.refId ?? 'REF_ID');
  const [target, setTarget] = useState(defaultTarget);
  const error = landingError(target, allowedDomains, 'merchant');
  const link = error ? '' : redirectLink(trackerOrigin, account, target, { refId });
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="redirect-aff" className="block text-sm font-medium text-slate-700">Affiliate</label>
          {affiliates.length ? (
            <select id="redirect-aff" className={input} value={refId} onChange={(e) => setRefId(e.target.value)}>
              {affiliates.map((a) => (
                <option key={a.refId} value={a.refId}>{`${a.name} (${a.refId})`}</option>
              ))}
            </select>
          ) : (
            <p className="text-sm text-slate-500">No approved affiliates yet — the link shows REF_ID where their referral id goes.</p>
          )}
        </div>
        <div className="space-y-1">
          <label htmlFor="redirect-to" className="block text-sm font-medium text-slate-700">Send visitors to</label>
          <input id="redirect-to" className={input} value={target} onChange={(e) => setTarget(e.target.value)} aria-invalid={error ? true : undefined} />
          {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : <p className="text-xs text-slate-500">Any page on {allowedDomains.join(', ')}.</p>}
        </div>
      </div>
      {link ? (
        <div className="flex flex-wrap items-center gap-2">
          <code data-testid="redirect-link" className="min-w-0 flex-1 break-all rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs">{link}</code>
          <CopyButton text={link} />
        </div>
      ) : null}
    </div>
  );
}
