'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button, RowButton } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { DataTable } from '@/components/ui/data-table';
import { Field, SelectField } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import type { CommissionRule } from '@/db/schema';
import { formatPercent, percentInput, ruleCreateSchema, ruleUpdateSchema, ruleValue } from '@/server/campaigns/schemas';
import { formatMoney, toMajorString } from '@/server/money';
import { FormError } from './form-bits';

function describeValue(rule: CommissionRule, currency: string): string {
  return rule.kind === 'percent' ? formatPercent(rule.percentBp ?? 0) : formatMoney(rule.fixedAmount ?? 0, currency);
}

/** "Sale, tier 1, 10 %" or "signup, product P1, tier 2, €5.00": a rule named in a button or dialog. */
function describeRule(rule: CommissionRule, currency: string): string {
  return [rule.actionCode ?? 'Sale', rule.productId ? `product ${rule.productId}` : '', `tier ${rule.tier}`, describeValue(rule, currency)].filter(Boolean).join(', ');
}

/** Add a rule (no `rule`) or edit one. The campaign currency checks a fixed amount's decimals before sending. */
function RuleForm({ campaignId, groupId, currency, rule, onDone }: { campaignId: string; groupId?: string; currency: string; rule?: CommissionRule; onDone?: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const add = useMutation(trpc.campaigns.rules.add.mutationOptions());
  const update = useMutation(trpc.campaigns.rules.update.mutationOptions());
  const addToGroup = useMutation(trpc.campaigns.groups.addRule.mutationOptions());
  const [kind, setKind] = useState<'percent' | 'fixed'>(rule?.kind ?? 'percent');
  const p = rule ? `rule-${rule.id}` : groupId ? `new-rule-${groupId}` : 'new-rule';
  const f = useZodForm(
    rule ? ruleUpdateSchema : ruleCreateSchema,
    async (data, form) => {
      if (rule) await update.mutateAsync({ ...data, id: rule.id });
      else {
        if (groupId) await addToGroup.mutateAsync({ ...data, groupId });
        else await add.mutateAsync({ ...data, campaignId });
        form.reset();
      }
      onDone?.();
      router.refresh();
    },
    {
      read: (form) => ({ ...Object.fromEntries(new FormData(form)), kind, ...(rule ? { id: rule.id } : { campaignId }) }),
      // A fixed amount has the campaign currency's decimals (the server checks it too).
      refine: (data) => {
        if (kind !== 'fixed') return undefined;
        try {
          ruleValue('fixed', data.value, currency);
          return undefined;
        } catch (err) {
          return { value: (err as Error).message.replace(/^value: /, '') };
        }
      },
    },
  );
  const errors = f.errors;

  const value = rule ? (rule.kind === 'percent' ? percentInput(rule.percentBp ?? 0) : toMajorString(rule.fixedAmount ?? 0, currency)) : '';
  const busy = f.pending;
  return (
    <form onSubmit={f.onSubmit} noValidate aria-label={rule ? 'Edit commission rule' : 'Add a commission rule'} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6">
      <Field id={`${p}-action`} label="Action code" name="actionCode" defaultValue={rule?.actionCode ?? ''} placeholder="empty = sale" error={errors.actionCode} hint="Empty for a sale; e.g. signup, lead." />
      <Field id={`${p}-product`} label="Product id" name="productId" defaultValue={rule?.productId ?? ''} placeholder="any product" error={errors.productId} hint="Optional: this product only." />
      <Field id={`${p}-tier`} label="Tier" name="tier" inputMode="numeric" defaultValue={String(rule?.tier ?? 1)} error={errors.tier} hint="1 = the referring affiliate, 2 = its parent…" />
      <SelectField id={`${p}-kind`} label="Type" name="kindSelect" value={kind} onChange={(e) => setKind(e.target.value as 'percent' | 'fixed')} error={errors.kind}>
        <option value="percent">Percent</option>
        <option value="fixed">Fixed amount</option>
      </SelectField>
      <Field
        id={`${p}-value`}
        label={kind === 'percent' ? 'Percent' : `Amount (${currency})`}
        name="value"
        inputMode="decimal"
        defaultValue={value}
        error={errors.value}
        hint={kind === 'percent' ? 'e.g. 10 or 2.5' : `e.g. ${toMajorString(500, currency)}`}
      />
      <div className="flex items-start gap-2 pt-6">
        <Button type="submit" disabled={busy}>{rule ? 'Save rule' : 'Add rule'}</Button>
        {rule ? (
          <Button type="button" variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
      </div>
      <div className="sm:col-span-2 lg:col-span-6">
        <FormError message={errors.form} />
      </div>
    </form>
  );
}

export function RulesManager({
  campaignId,
  currency,
  rules,
  group,
}: {
  campaignId: string;
  currency: string;
  rules: CommissionRule[];
  /** The rules of this commission group instead of the campaign's own. */
  group?: { id: string; name: string };
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(trpc.campaigns.rules.delete.mutationOptions());
  const [editing, setEditing] = useState<string>();
  const [error, setError] = useState<string>();
  const { confirm, dialog } = useConfirm();
  const editingRule = rules.find((r) => r.id === editing);

  return (
    <div className="space-y-4">
      {dialog}
      <DataTable
        label={group ? `Rules of ${group.name}` : 'Commission rules'}
        rows={rules}
        rowKey={(r) => r.id}
        empty={
          group
            ? 'No rules yet: its members earn the campaign’s rules. Add the rules that should differ below (e.g. a 20 % sale rule).'
            : 'No commission rules: this campaign pays nothing yet. Add a sale rule below (e.g. 10 %).'
        }
        columns={[
          { key: 'action', header: 'Action', cell: (r) => (r.actionCode ? <span className="font-mono text-xs">{r.actionCode}</span> : 'Sale') },
          { key: 'product', header: 'Product', cell: (r) => (r.productId ? <span className="font-mono text-xs break-all">{r.productId}</span> : <span className="text-slate-500">any</span>) },
          { key: 'tier', header: 'Tier', className: 'tabular-nums', cell: (r) => r.tier },
          { key: 'pays', header: 'Pays', className: 'tabular-nums', cell: (r) => describeValue(r, currency) },
        ]}
        actions={(r) => (
          <>
            <RowButton aria-expanded={editing === r.id} label={`Edit rule ${describeRule(r, currency)}`} onClick={() => setEditing(editing === r.id ? undefined : r.id)}>
              Edit
            </RowButton>
            <RowButton
              tone="danger"
              label={`Delete rule ${describeRule(r, currency)}`}
              disabled={remove.isPending}
              onClick={async () => {
                const ok = await confirm({
                  title: `Delete the rule ${describeRule(r, currency)}?`,
                  body: 'Sales and actions from now on no longer earn by this rule; commissions already recorded keep their amounts.',
                  confirmLabel: 'Delete rule',
                });
                if (!ok) return;
                setError(undefined);
                try {
                  await remove.mutateAsync({ id: r.id });
                  router.refresh();
                } catch (err) {
                  setError(errorsOf(err).message ?? 'Could not delete the rule.');
                }
              }}
            >
              Delete
            </RowButton>
          </>
        )}
      />
      {editingRule ? (
        <div className="rounded-lg border border-slate-200 bg-slate-50 p-3">
          <h3 className="mb-2 text-sm font-semibold text-slate-700">Edit the rule {describeRule(editingRule, currency)}</h3>
          <RuleForm key={editingRule.id} campaignId={campaignId} currency={currency} rule={editingRule} onDone={() => setEditing(undefined)} />
        </div>
      ) : null}
      <FormError message={error} />
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-700">{group ? `Add a rule to ${group.name}` : 'Add a rule'}</h3>
        <RuleForm campaignId={campaignId} groupId={group?.id} currency={currency} />
      </div>
    </div>
  );
}
