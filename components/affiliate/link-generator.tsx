'use client';
import QRCode from 'qrcode';
import { useEffect, useMemo, useState } from 'react';
import { CopyButton } from '@/components/copy-button';
import { directLink, landingError, redirectLink } from '@/server/links';

interface Props {
  trackerOrigin: string;
  account: string;
  refId: string;
  defaultLanding: string;
  allowedDomains: string[];
  campaigns: { id: string; name: string; isDefault: boolean }[];
}

const input = 'block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm outline-none focus:ring-2 focus:ring-brand-100';

export function LinkGenerator({ trackerOrigin, account, refId, defaultLanding, allowedDomains, campaigns }: Props) {
  const [landing, setLanding] = useState(defaultLanding);
  const [campaign, setCampaign] = useState('');
  const [channel, setChannel] = useState('');
  const [data, setData] = useState<string[]>(['', '', '', '', '']);
  const [qr, setQr] = useState<string>();

  const error = landingError(landing, allowedDomains);
  const params = useMemo(() => ({ refId, campaign: campaign || undefined, channel: channel || undefined, data }), [refId, campaign, channel, data]);
  const direct = error ? '' : directLink(landing, params);
  const redirect = error ? '' : redirectLink(trackerOrigin, account, landing, params);

  useEffect(() => {
    if (!direct) return;
    let cancelled = false;
    QRCode.toDataURL(direct, { margin: 1, width: 176 }).then((url) => !cancelled && setQr(url), () => !cancelled && setQr(undefined));
    return () => {
      cancelled = true;
    };
  }, [direct]);

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="space-y-4">
        <div className="space-y-1">
          <label htmlFor="landing" className="block text-sm font-medium text-slate-700">Page to link to</label>
          <input id="landing" className={input} value={landing} onChange={(e) => setLanding(e.target.value)} aria-invalid={error ? true : undefined} />
          {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : <p className="text-xs text-slate-500">Any page on {allowedDomains.join(', ')}.</p>}
        </div>
        <div className="space-y-1">
          <label htmlFor="campaign" className="block text-sm font-medium text-slate-700">Campaign</label>
          <select id="campaign" className={input} value={campaign} onChange={(e) => setCampaign(e.target.value)}>
            <option value="">Default</option>
            {campaigns.filter((c) => !c.isDefault).map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="channel" className="block text-sm font-medium text-slate-700">Channel (optional)</label>
          <input id="channel" className={input} maxLength={64} placeholder="newsletter, youtube…" value={channel} onChange={(e) => setChannel(e.target.value)} />
        </div>
        <fieldset className="grid grid-cols-2 gap-2 sm:grid-cols-5">
          <legend className="mb-1 text-sm font-medium text-slate-700">Sub-IDs (optional)</legend>
          {data.map((d, i) => (
            <div key={i} className="min-w-0 space-y-0.5">
              <label htmlFor={`sub-${i + 1}`} className="block text-xs text-slate-600">
                Sub-ID {i + 1} <span className="font-mono">(data{i + 1})</span>
              </label>
              <input
                id={`sub-${i + 1}`}
                maxLength={255}
                className={input}
                value={d}
                onChange={(e) => setData((old) => old.map((v, j) => (j === i ? e.target.value : v)))}
              />
            </div>
          ))}
        </fieldset>
      </div>
      <div className="space-y-4">
        <LinkOut label="Direct link" hint="For the merchant's own pages: the script there records the click." value={direct} testId="direct-link" />
        <LinkOut label="Redirect link" hint="Works everywhere: the tracker records the click, then sends the visitor on." value={redirect} testId="redirect-link" />
        {qr && direct ? (
          <div>
            <div className="mb-1 text-sm font-medium text-slate-700">QR code of the direct link</div>
            {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made in the browser */}
            <img src={qr} alt="QR code of the direct link" width={176} height={176} className="rounded border border-slate-200" />
          </div>
        ) : null}
      </div>
    </div>
  );
}

function LinkOut({ label, hint, value, testId }: { label: string; hint: string; value: string; testId: string }) {
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between">
        <label htmlFor={testId} className="text-sm font-medium text-slate-700">
          {label}
        </label>
        {value ? <CopyButton text={value} /> : null}
      </div>
      <textarea id={testId} readOnly rows={3} data-testid={testId} value={value} className={`${input} font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
      <p className="text-xs text-slate-500">{hint}</p>
    </div>
  );
}
