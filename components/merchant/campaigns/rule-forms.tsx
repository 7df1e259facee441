'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { Fragment, useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import type { CommissionRule } from '@/db/schema';
import { formatPercent, percentInput, ruleCreateSchema, ruleUpdateSchema, ruleValue } from '@/server/campaigns/schemas';
import { formatMoney, toMajorString } from '@/server/money';
import { FormError, SelectField, check, mutationErrors, type FieldErrors } from './form-bits';

function describeValue(rule: CommissionRule, currency: string): string {
  return rule.kind === 'percent' ? formatPercent(rule.percentBp ?? 0) : formatMoney(rule.fixedAmount ?? 0, currency);
}

/** Add a rule (no `rule`) or edit one. The campaign currency checks a fixed amount's decimals before sending. */
function RuleForm({ campaignId, groupId, currency, rule, onDone }: { campaignId: string; groupId?: string; currency: string; rule?: CommissionRule; onDone?: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const add = useMutation(trpc.campaigns.rules.add.mutationOptions());
  const update = useMutation(trpc.campaigns.rules.update.mutationOptions());
  const addToGroup = useMutation(trpc.campaigns.groups.addRule.mutationOptions());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [kind, setKind] = useState<'percent' | 'fixed'>(rule?.kind ?? 'percent');
  const p = rule ? `rule-${rule.id}` : groupId ? `new-rule-${groupId}` : 'new-rule';

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const raw = { ...Object.fromEntries(new FormData(form)), kind };
    const checked = rule ? check(ruleUpdateSchema, { ...raw, id: rule.id }) : check(ruleCreateSchema, { ...raw, campaignId });
    const errs = checked.errors;
    if (checked.data && kind === 'fixed') {
      try {
        ruleValue('fixed', checked.data.value, currency);
      } catch (err) {
        errs.value = (err as Error).message.replace(/^value: /, '');
      }
    }
    setErrors(errs);
    if (!checked.data || Object.keys(errs).length) return;
    try {
      if (rule) await update.mutateAsync({ ...checked.data, id: rule.id });
      else if (groupId) await addToGroup.mutateAsync({ ...checked.data, groupId });
      else await add.mutateAsync({ ...checked.data, campaignId });
      if (!rule) form.reset();
      onDone?.();
      router.refresh();
    } catch (err) {
      setErrors(mutationErrors(err));
    }
  }

  const value = rule ? (rule.kind === 'percent' ? percentInput(rule.percentBp ?? 0) : toMajorString(rule.fixedAmount ?? 0, currency)) : '';
  const busy = add.isPending || update.isPending || addToGroup.isPending;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={rule ? 'Edit commission rule' : 'Add a commission rule'} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6">
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

  return (
    <div className="space-y-4">
      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table className="min-w-full text-sm" aria-label={group ? `Rules of ${group.name}` : 'Commission rules'}>
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Action</th>
              <th className="px-3 py-2">Product</th>
              <th className="px-3 py-2">Tier</th>
              <th className="px-3 py-2">Pays</th>
              <th className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rules.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-slate-500">
                  {group
                    ? 'No rules yet: its members earn the campaign’s rules. Add the rules that should differ below (e.g. a 20 % sale rule).'
                    : 'No commission rules: this campaign pays nothing yet. Add a sale rule below (e.g. 10 %).'}
                </td>
              </tr>
            ) : (
              rules.map((r) => (
                <Fragment key={r.id}>
                  <tr>
                    <td className="px-3 py-2">{r.actionCode ? <span className="font-mono text-xs">{r.actionCode}</span> : 'Sale'}</td>
                    <td className="px-3 py-2">{r.productId ? <span className="font-mono text-xs">{r.productId}</span> : <span className="text-slate-500">any</span>}</td>
                    <td className="px-3 py-2 tabular-nums">{r.tier}</td>
                    <td className="px-3 py-2 tabular-nums">{describeValue(r, currency)}</td>
                    <td className="px-3 py-2 text-right whitespace-nowrap">
                      <button type="button" className="text-xs font-medium text-brand-700 hover:underline" onClick={() => setEditing(editing === r.id ? undefined : r.id)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className="ml-3 text-xs font-medium text-red-700 hover:underline disabled:opacity-50"
                        disabled={remove.isPending}
                        onClick={async () => {
                          setError(undefined);
                          try {
                            await remove.mutateAsync({ id: r.id });
                            router.refresh();
                          } catch (err) {
                            setError(mutationErrors(err).form ?? 'Could not delete the rule.');
                          }
                        }}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                  {editing === r.id ? (
                    <tr>
                      <td colSpan={5} className="bg-slate-50 px-3 py-3">
                        <RuleForm campaignId={campaignId} currency={currency} rule={r} onDone={() => setEditing(undefined)} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))
            )}
          </tbody>
        </table>
      </div>
      <FormError message={error} />
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-700">{group ? `Add a rule to ${group.name}` : 'Add a rule'}</h3>
        <RuleForm campaignId={campaignId} groupId={group?.id} currency={currency} />
      </div>
    </div>
  );
}
