'use client';
// Which commission group an affiliate is in, per campaign: on its page, and for the
// affiliates checked in the Affiliates manager at once.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';

export interface GroupChoice {
  id: string;
  name: string;
  campaignId: string;
  campaignName: string;
}

/** Campaigns that have groups, each with its groups. */
function byCampaign(choices: GroupChoice[]) {
  const out = new Map<string, { name: string; groups: GroupChoice[] }>();
  for (const c of choices) {
    const entry = out.get(c.campaignId) ?? { name: c.campaignName, groups: [] };
    entry.groups.push(c);
    out.set(c.campaignId, entry);
  }
  return [...out.entries()];
}

/** `campaignId|groupId`, or `campaignId|` for the campaign's own rules. */
const parseChoice = (v: string) => {
  const [campaignId = '', groupId = ''] = v.split('|');
  return { campaignId, groupId: groupId || null };
};

export function AffiliateGroupPicker({ affiliateId, choices, current }: { affiliateId: string; choices: GroupChoice[]; current: Record<string, string> }) {
  const trpc = useTRPC();
  const router = useRouter();
  const set = useMutation(trpc.campaigns.groups.setMembers.mutationOptions());
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string }>();
  const campaigns = byCampaign(choices);
  if (campaigns.length === 0)
    return <p className="text-sm text-slate-500">No campaign has commission groups: this affiliate earns each campaign’s own rules. Create groups on a campaign’s page.</p>;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setMessage(undefined);
    const { campaignId, groupId } = parseChoice(String(new FormData(e.currentTarget).get('choice') ?? ''));
    try {
      await set.mutateAsync({ campaignId, groupId, affiliateIds: [affiliateId] });
      setMessage({ tone: 'ok', text: 'Saved: it applies from the next conversion on.' });
      router.refresh();
    } catch (err) {
      setMessage({ tone: 'error', text: errorsOf(err).message ?? 'Could not change the group.' });
    }
  }

  return (
    <div className="space-y-3">
      {campaigns.map(([campaignId, c]) => (
        <form key={campaignId} onSubmit={onSubmit} className="flex flex-wrap items-end gap-2">
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700">Commission group in {c.name}</span>
            <select name="choice" defaultValue={`${campaignId}|${current[campaignId] ?? ''}`} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
              <option value={`${campaignId}|`}>None: the campaign’s own rules</option>
              {c.groups.map((g) => (
                <option key={g.id} value={`${campaignId}|${g.id}`}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" variant="secondary" disabled={set.isPending}>
            Save group
          </Button>
        </form>
      ))}
      {message ? (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-sm text-red-600' : 'text-sm text-emerald-700'}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}

/** The form the Affiliates manager's row checkboxes belong to (`form="bulk-group"`). */
export const BULK_GROUP_FORM = 'bulk-group';

export function BulkGroupForm({ choices }: { choices: GroupChoice[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const set = useMutation(trpc.campaigns.groups.setMembers.mutationOptions());
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string }>();
  const campaigns = byCampaign(choices);
  if (campaigns.length === 0) return null;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setMessage(undefined);
    const form = e.currentTarget;
    const data = new FormData(form);
    const affiliateIds = data.getAll('affiliateIds').map(String);
    if (affiliateIds.length === 0) {
      setMessage({ tone: 'error', text: 'Select affiliates first (the boxes in the first column).' });
      return;
    }
    const { campaignId, groupId } = parseChoice(String(data.get('choice') ?? ''));
    try {
      const { changed } = await set.mutateAsync({ campaignId, groupId, affiliateIds });
      const group = choices.find((c) => c.id === groupId);
      setMessage({
        tone: 'ok',
        text: `${changed} affiliate${changed === 1 ? '' : 's'} ${group ? `now in ${group.name}` : 'back on the campaign’s own rules'} (${campaigns.find(([id]) => id === campaignId)?.[1].name}).`,
      });
      for (const box of document.querySelectorAll<HTMLInputElement>(`input[form="${BULK_GROUP_FORM}"]`)) box.checked = false;
      router.refresh();
    } catch (err) {
      setMessage({ tone: 'error', text: errorsOf(err).message ?? 'Could not change the group.' });
    }
  }

  return (
    <form id={BULK_GROUP_FORM} onSubmit={onSubmit} className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor="bulk-group-choice" className="text-slate-600">
        For the selected affiliates:
      </label>
      <select id="bulk-group-choice" name="choice" aria-label="Commission group" className="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
        {campaigns.map(([campaignId, c]) => (
          <optgroup key={campaignId} label={c.name}>
            {c.groups.map((g) => (
              <option key={g.id} value={`${campaignId}|${g.id}`}>
                {g.name} ({c.name})
              </option>
            ))}
            <option value={`${campaignId}|`}>No group: {c.name}’s own rules</option>
          </optgroup>
        ))}
      </select>
      <Button type="submit" variant="secondary" className="px-3 py-1" disabled={set.isPending}>
        Set commission group
      </Button>
      {message ? (
        <span role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-red-600' : 'text-emerald-700'}>
          {message.text}
        </span>
      ) : null}
    </form>
  );
}
