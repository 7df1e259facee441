'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CopyButton } from '@/components/copy-button';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button, RowButton } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { DataTable } from '@/components/ui/data-table';
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
      <DataTable
        label="API keys"
        testId="api-keys"
        rows={keys}
        rowKey={(k) => k.id}
        rowProps={(k) => ({ 'data-muted': k.revokedAt ? 'true' : 'false' })}
        empty="No API keys yet. Create one above for your server’s calls to /t/sale, /t/refund and the REST API."
        columns={[
          { key: 'name', header: 'Name', className: 'font-medium', cell: (k) => k.name },
          { key: 'key', header: 'Key', className: 'font-mono text-xs', cell: (k) => `${k.prefix}…` },
          {
            key: 'scope',
            header: 'Access',
            className: 'text-xs',
            cell: (k) => <span data-testid="api-key-scope">{k.scope === 'read' ? 'Read only' : 'Read and write'}</span>,
          },
          { key: 'created', header: 'Created', priority: 'normal', className: 'whitespace-nowrap text-xs', cell: (k) => utc(k.createdAt) },
          { key: 'used', header: 'Last used', priority: 'normal', className: 'whitespace-nowrap text-xs', cell: (k) => (k.lastUsedAt ? utc(k.lastUsedAt) : '—') },
          { key: 'status', header: 'Status', className: 'text-xs', cell: (k) => (k.revokedAt ? `Revoked ${utc(k.revokedAt)}` : 'Active') },
        ]}
        actions={(k) =>
          k.revokedAt ? null : (
            <RowButton tone="danger" disabled={revoke.isPending} label={`Revoke ${k.name}`} onClick={() => onRevoke(k.id, k.name)}>
              Revoke
            </RowButton>
          )
        }
      />
    </div>
  );
}
