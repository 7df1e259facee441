'use client';
// A campaign's commission groups: create, rename, delete (asks first), and each group's
// rules, which replace the campaign's own rule by rule for the affiliates put in it.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { Field } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import type { CommissionRule } from '@/db/schema';
import { groupCreateSchema, groupRenameSchema } from '@/server/campaigns/schemas';
import { FormError } from './form-bits';
import { RulesManager } from './rule-forms';

export interface GroupView {
  id: string;
  name: string;
  members: number;
  rules: CommissionRule[];
}

function NewGroupForm({ campaignId }: { campaignId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.campaigns.groups.create.mutationOptions());
  const f = useZodForm(
    groupCreateSchema,
    async (data, form) => {
      await create.mutateAsync(data);
      form.reset();
      router.refresh();
    },
    { read: (form) => ({ ...Object.fromEntries(new FormData(form)), campaignId }) },
  );
  const errors = f.errors;
  return (
    <form onSubmit={f.onSubmit} noValidate aria-label="Create a commission group" className="flex flex-wrap items-start gap-3">
      <Field id="new-group-name" label="New group name" name="name" maxLength={60} placeholder="VIP partners" error={errors.name} className="min-w-56 flex-1" />
      <div className="pt-6">
        <Button type="submit" disabled={f.pending}>
          {f.pending ? 'Creating…' : 'Create group'}
        </Button>
      </div>
      <div className="w-full">
        <FormError message={errors.form} />
      </div>
    </form>
  );
}

function GroupCard({ campaignId, currency, group }: { campaignId: string; currency: string; group: GroupView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const rename = useMutation(trpc.campaigns.groups.rename.mutationOptions());
  const remove = useMutation(trpc.campaigns.groups.delete.mutationOptions());
  const { confirm, dialog } = useConfirm();
  const [renaming, setRenaming] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();
  const renameForm = useZodForm(
    groupRenameSchema,
    async (data) => {
      await rename.mutateAsync(data);
      setRenaming(false);
      router.refresh();
    },
    { read: (form) => ({ ...Object.fromEntries(new FormData(form)), id: group.id }) },
  );

  async function onDelete() {
    const ok = await confirm({
      title: `Delete the group “${group.name}”?`,
      body: `Its ${group.rules.length} rule${group.rules.length === 1 ? '' : 's'} are deleted and its ${group.members} affiliate${group.members === 1 ? '' : 's'} earn the campaign’s own rules from the next conversion on. Commissions already credited do not change.`,
      confirmLabel: 'Delete group',
    });
    if (!ok) return;
    setDeleteError(undefined);
    try {
      await remove.mutateAsync({ id: group.id });
      router.refresh();
    } catch (err) {
      setDeleteError(errorsOf(err).message ?? 'Could not delete the group.');
    }
  }

  return (
    <section aria-label={`Commission group ${group.name}`} className="space-y-3 rounded-lg border border-slate-200 p-4">
      {dialog}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-base font-semibold">
          {group.name}{' '}
          <span className="text-sm font-normal text-slate-500">
            {group.members} affiliate{group.members === 1 ? '' : 's'}
          </span>
        </h3>
        <div className="flex gap-3 text-xs font-medium">
          <button type="button" className="text-brand-700 hover:underline" onClick={() => setRenaming((r) => !r)}>
            Rename
          </button>
          <button type="button" className="text-red-700 hover:underline disabled:opacity-50" disabled={remove.isPending} onClick={onDelete} aria-label={`Delete group ${group.name}`}>
            Delete group
          </button>
        </div>
      </div>
      {renaming ? (
        <form onSubmit={renameForm.onSubmit} noValidate className="flex flex-wrap items-start gap-3" aria-label={`Rename ${group.name}`}>
          <Field id={`group-${group.id}-name`} label="Group name" name="name" defaultValue={group.name} maxLength={60} error={renameForm.errors.name} className="min-w-56 flex-1" />
          <div className="flex gap-2 pt-6">
            <Button type="submit" disabled={renameForm.pending}>
              Save name
            </Button>
            <Button type="button" variant="ghost" onClick={() => setRenaming(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
      <FormError message={renameForm.errors.form ?? deleteError} />
      <RulesManager campaignId={campaignId} currency={currency} rules={group.rules} group={{ id: group.id, name: group.name }} />
    </section>
  );
}

export function GroupsManager({ campaignId, currency, groups }: { campaignId: string; currency: string; groups: GroupView[] }) {
  return (
    <div className="space-y-4">
      {groups.length === 0 ? (
        <p className="text-sm text-slate-500">No commission groups yet. Create one to pay some affiliates differently (e.g. VIP partners at 20 %).</p>
      ) : (
        groups.map((g) => <GroupCard key={g.id} campaignId={campaignId} currency={currency} group={g} />)
      )}
      <NewGroupForm campaignId={campaignId} />
    </div>
  );
}
