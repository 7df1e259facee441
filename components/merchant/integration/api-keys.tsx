'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CopyButton } from '@/components/copy-button';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { apiKeyCreateSchema } from '@/server/integration/schemas';
import { utc } from '@/components/form-check';
import type { ApiKeyScope } from '@/db/enums';

export interface ApiKeyRow {
  id: string;
  name: string;
  scope: ApiKeyScope;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export function ApiKeys({ keys }: { keys: ApiKeyRow[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.integration.apiKeys.create.mutationOptions());
  const revoke = useMutation(trpc.integration.apiKeys.revoke.mutationOptions());
  const [created, setCreated] = useState<{ name: string; key: string; scope: ApiKeyScope }>();
  const [revokeError, setRevokeError] = useState<string>();
  const { confirm, dialog } = useConfirm();

  const createForm = useZodForm(
    apiKeyCreateSchema,
    async (data, form) => {
      const key = await create.mutateAsync(data);
      setCreated({ name: key.name, key: key.key, scope: key.scope });
      form.reset();
      router.refresh();
    },
    { onStart: () => setCreated(undefined) },
  );

  async function onRevoke(id: string, name: string) {
    const ok = await confirm({
      title: `Revoke the key “${name}”?`,
      body: 'Calls that use this key get 401 from now on. A revoked key cannot be turned back on: your server needs a new key.',
      confirmLabel: 'Revoke key',
    });
    if (!ok) return;
    setRevokeError(undefined);
    try {
      await revoke.mutateAsync({ id });
      router.refresh();
    } catch (err) {
      setRevokeError(errorsOf(err).message ?? 'Could not revoke the key.');
    }
  }

  return (
    <div className="space-y-4">
      {dialog}
      <form onSubmit={createForm.onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
        <Field id="api-key-name" label="New key name" name="name" placeholder="Checkout server" maxLength={60} error={createForm.errors.name} className="min-w-56 flex-1" />
        <div className="space-y-1">
          <label htmlFor="api-key-scope" className="block text-sm font-medium text-slate-700">Access</label>
          <select id="api-key-scope" name="scope" defaultValue="write" className="block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
            <option value="write">Read and write</option>
            <option value="read">Read only (REST API GETs)</option>
          </select>
          {createForm.errors.scope ? <p className="text-xs text-red-600">{createForm.errors.scope}</p> : null}
        </div>
        <Button type="submit" disabled={create.isPending}>{create.isPending ? 'Creating…' : 'Create API key'}</Button>
      </form>
      <FormMessages error={createForm.errors.form} />
      {created ? (
        <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-medium text-amber-900">
            Your new {created.scope === 'read' ? 'read-only' : 'read and write'} key “{created.name}”. Copy it now: it is shown only once, and only its hash is stored.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code data-testid="new-api-key" className="break-all rounded bg-white px-2 py-1 font-mono text-xs">{created.key}</code>
            <CopyButton text={created.key} />
          </div>
        </div>
      ) : null}
      {revokeError ? <p role="alert" className="text-sm text-red-600">{revokeError}</p> : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table className="min-w-full text-sm" data-testid="api-keys">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Key</th>
              <th className="px-3 py-2">Access</th>
              <th className="px-3 py-2">Created</th>
              <th className="px-3 py-2">Last used</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
                  No API keys yet. Create one above for your server’s calls to /t/sale, /t/refund and the REST API.
                </td>
              </tr>
            ) : (
              keys.map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'text-slate-400' : undefined}>
                  <td className="px-3 py-2 font-medium">{k.name}</td>
                  <td className="px-3 py-2 font-mono text-xs">{k.prefix}…</td>
                  <td className="px-3 py-2 text-xs" data-testid="api-key-scope">{k.scope === 'read' ? 'Read only' : 'Read and write'}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs">{utc(k.createdAt)}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs">{k.lastUsedAt ? utc(k.lastUsedAt) : '—'}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs">{k.revokedAt ? `Revoked ${utc(k.revokedAt)}` : 'Active'}</td>
                  <td className="px-3 py-2 text-right">
                    {k.revokedAt ? null : (
                      <button
                        type="button"
                        disabled={revoke.isPending}
                        aria-label={`Revoke ${k.name}`}
                        onClick={() => onRevoke(k.id, k.name)}
                        className="rounded border border-red-300 bg-white px-2 py-0.5 text-xs font-medium text-red-700 hover:bg-red-50 disabled:opacity-50"
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
