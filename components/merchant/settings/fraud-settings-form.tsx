'use client';
// Settings › Fraud protection: the repeat-click window, fast conversions, the
// affiliates' sign-in IPs, the IP blocklist and the countries blocked or flagged. Blocked
// affiliates are set in the Affiliates manager.
import { useMutation } from '@tanstack/react-query';
import { clsx } from 'clsx';
import { useRouter } from 'next/navigation';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { fraudSettingsSchema } from '@/server/settings/schemas';

export interface FraudSettings {
  repeatClickWindowMinutes: number;
  fastConversionSeconds: number;
  flagAffiliateIps: boolean;
  blockedIps: string[];
  blockedCountries: string[];
  flaggedCountries: string[];
}

/** A textarea of the form with its label, error and hint, wired for screen readers. */
function ListField(props: { name: string; label: string; rows: number; value: string; placeholder: string; error?: string; hint: string }) {
  const id = `f-${props.name}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {props.label}
      </label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows}
        defaultValue={props.value}
        spellCheck={false}
        placeholder={props.placeholder}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : `${id}-hint`}
        className={clsx(
          'block w-full rounded-md border bg-white px-3 py-2 font-mono text-sm shadow-sm outline-none focus:ring-2',
          props.error ? 'border-red-400 focus:ring-red-200' : 'border-slate-300 focus:border-brand-600 focus:ring-brand-100',
        )}
      />
      {props.error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-600">
          {props.error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {props.hint}
        </p>
      )}
    </div>
  );
}

export function FraudSettingsForm(props: FraudSettings & { blockedAffiliates: { id: string; name: string; refId: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.settings.updateFraud.mutationOptions());
  const f = useZodForm(
    fraudSettingsSchema,
    async (data, form) => {
      const saved = await save.mutateAsync(data);
      // Show the list as stored: canonical, de-duplicated.
      const show = (name: string, text: string) => {
        const area = form.elements.namedItem(name);
        if (area instanceof HTMLTextAreaElement) area.value = text;
      };
      show('blockedIps', saved.blockedIps.join('\n'));
      show('blockedCountries', saved.blockedCountries.join(', '));
      show('flaggedCountries', saved.flaggedCountries.join(', '));
      router.refresh();
      const countries = (n: number) => `${n} ${n === 1 ? 'country' : 'countries'}`;
      return `Saved. ${saved.blockedIps.length} blocked address${saved.blockedIps.length === 1 ? '' : 'es or ranges'}, ${countries(saved.blockedCountries.length)} blocked, ${countries(saved.flaggedCountries.length)} flagged.`;
    },
    {
      read: (form) => {
        const d = new FormData(form);
        return {
          repeatClickWindowMinutes: String(d.get('repeatClickWindowMinutes') ?? ''),
          fastConversionSeconds: String(d.get('fastConversionSeconds') ?? ''),
          flagAffiliateIps: d.get('flagAffiliateIps') === 'on',
          blockedIps: String(d.get('blockedIps') ?? ''),
          blockedCountries: String(d.get('blockedCountries') ?? ''),
          flaggedCountries: String(d.get('flaggedCountries') ?? ''),
        };
      },
    },
  );

  return (
    <form onSubmit={f.onSubmit} className="max-w-xl space-y-4" noValidate aria-label="Fraud protection">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Repeat-click window (minutes)"
          name="repeatClickWindowMinutes"
          type="number"
          min={0}
          max={10080}
          defaultValue={props.repeatClickWindowMinutes}
          error={f.errors.repeatClickWindowMinutes}
          hint="Further clicks of the same visitor or IP for the same affiliate within this time are kept, and still count for attribution, but are counted as repeats, not unique clicks. 0 turns it off."
        />
        <Field
          label="Fast conversion (seconds)"
          name="fastConversionSeconds"
          type="number"
          min={0}
          max={86400}
          defaultValue={props.fastConversionSeconds}
          error={f.errors.fastConversionSeconds}
          hint="A sale or action this soon after its click is flagged for review. 0 turns it off."
        />
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="flagAffiliateIps" defaultChecked={props.flagAffiliateIps} className="mt-0.5" />
        <span>
          <span className="font-medium text-slate-700">Flag sales from the affiliate’s own sign-in IP</span>
          <span className="block text-xs text-slate-500">
            Affiliates’ sign-in addresses of the last 90 days are compared with the buyer’s address.
          </span>
        </span>
      </label>
      <div className="space-y-1">
        <label htmlFor="f-blockedIps" className="block text-sm font-medium text-slate-700">
          Blocked IP addresses
        </label>
        <textarea
          id="f-blockedIps"
          name="blockedIps"
          rows={5}
          defaultValue={props.blockedIps.join('\n')}
          spellCheck={false}
          placeholder={'203.0.113.7\n198.51.100.0/24\n2001:db8::/32'}
          aria-invalid={f.errors.blockedIps ? true : undefined}
          aria-describedby={f.errors.blockedIps ? 'f-blockedIps-error' : 'f-blockedIps-hint'}
          className={clsx(
            'block w-full rounded-md border bg-white px-3 py-2 font-mono text-sm shadow-sm outline-none focus:ring-2',
            f.errors.blockedIps ? 'border-red-400 focus:ring-red-200' : 'border-slate-300 focus:border-brand-600 focus:ring-brand-100',
          )}
        />
        {f.errors.blockedIps ? (
          <p id="f-blockedIps-error" role="alert" className="text-sm text-red-600">
            {f.errors.blockedIps}
          </p>
        ) : (
          <p id="f-blockedIps-hint" className="text-xs text-slate-500">
            One IPv4 or IPv6 address or CIDR range per line; # starts a comment. Clicks from these addresses are answered as
            usual but never count as unique; their sales are flagged for review.
          </p>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <ListField
          name="blockedCountries"
          label="Blocked countries"
          rows={2}
          value={props.blockedCountries.join(', ')}
          placeholder="RU, CN"
          error={f.errors.blockedCountries}
          hint="Two-letter ISO country codes (e.g. RU, CN), by the visitor’s IP address. Treated like a blocked IP: clicks are answered but never count as unique; their sales are flagged for review."
        />
        <ListField
          name="flaggedCountries"
          label="Flagged countries"
          rows={2}
          value={props.flaggedCountries.join(', ')}
          placeholder="BR, NG"
          error={f.errors.flaggedCountries}
          hint="Clicks count as usual, but a sale from one of these countries (or whose click came from one) is held for review, its reason naming the country."
        />
      </div>
      <div className="text-sm">
        <p className="font-medium text-slate-700">Blocked affiliates</p>
        {props.blockedAffiliates.length === 0 ? (
          <p className="text-xs text-slate-500">None. Block an affiliate from its page in the Affiliates manager.</p>
        ) : (
          <ul className="list-inside list-disc text-slate-700" data-testid="blocked-affiliates">
            {props.blockedAffiliates.map((a) => (
              <li key={a.id}>
                <a href={`/merchant/affiliates/${a.id}`} className="text-brand-600 hover:underline">
                  {a.name}
                </a>{' '}
                <span className="font-mono text-xs text-slate-500">{a.refId}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <Button type="submit" disabled={f.pending}>{f.pending ? 'Saving…' : 'Save fraud protection'}</Button>
      <FormMessages error={f.errors.form} done={f.done} />
    </form>
  );
}
