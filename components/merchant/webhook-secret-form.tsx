'use client';
// One provider's signing secret (set or rotate) and its on/off switch.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CopyButton } from '@/components/copy-button';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { webhookSecretSchema } from '@/server/webhooks/schemas';

export interface WebhookSecretFormProps {
  provider: string;
  label: string;
  placeholder: string;
  /** `merchant`: the merchant makes the secret up, so the form offers to generate one. */
  source: 'provider' | 'merchant';
  configured: boolean;
  enabled: boolean;
  secretHint: string | null;
}

/** 160 random bits as 40 hex characters: the most Lemon Squeezy accepts, plenty for an HMAC key. */
function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function WebhookSecretForm({ provider, label, placeholder, source, configured, enabled, secretHint }: WebhookSecretFormProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const setSecret = useMutation(trpc.webhooks.setSecret.mutationOptions());
  const setEnabled = useMutation(trpc.webhooks.setEnabled.mutationOptions());
  const { confirm, dialog } = useConfirm();
  const [secret, setSecretValue] = useState('');
  const [toggleError, setToggleError] = useState<string>();
  const id = `webhook-secret-${provider}`;

  const f = useZodForm(
    webhookSecretSchema,
    async (data) => {
      // A new secret replaces the old one at once: deliveries signed with the old one are refused.
      if (
        configured &&
        !(await confirm({
          title: `Rotate the ${label.toLowerCase()}?`,
          body: 'Deliveries signed with the old secret are refused from now on: enter the new one in the provider’s webhook settings too.',
          confirmLabel: 'Rotate secret',
        }))
      )
        return;
      await setSecret.mutateAsync(data);
      setSecretValue('');
      router.refresh();
      return configured ? 'Secret rotated: new deliveries are checked with it.' : 'Saved: deliveries are accepted from now on.';
    },
    { read: () => ({ provider, secret }), onStart: () => setToggleError(undefined) },
  );

  async function toggle() {
    setToggleError(undefined);
    if (
      enabled &&
      !(await confirm({
        title: 'Turn off these webhooks?',
        body: 'Deliveries are refused while they are off: sales, renewals and refunds they report are not recorded.',
        confirmLabel: 'Turn off webhooks',
      }))
    )
      return;
    try {
      await setEnabled.mutateAsync({ provider, enabled: !enabled });
      router.refresh();
    } catch (err) {
      setToggleError(errorsOf(err).message ?? 'That did not work; try again.');
    }
  }

  return (
    <form onSubmit={f.onSubmit} className="space-y-3" noValidate>
      {dialog}
      <Field
        id={id}
        name="secret"
        label={label}
        value={secret}
        onChange={(e) => setSecretValue(e.target.value)}
        placeholder={configured ? `Set (${secretHint}). Paste a new one to rotate it.` : placeholder}
        autoComplete="off"
        spellCheck={false}
        error={f.errors.secret}
        hint={
          source === 'merchant'
            ? 'You choose this secret: enter the same one in the provider’s webhook settings.'
            : 'Copy it from the provider’s webhook settings.'
        }
      />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={f.pending}>
          {f.pending ? 'Saving…' : configured ? 'Rotate secret' : 'Save secret'}
        </Button>
        {source === 'merchant' ? (
          <Button type="button" variant="secondary" onClick={() => setSecretValue(randomSecret())}>
            Generate one
          </Button>
        ) : null}
        {source === 'merchant' && secret ? <CopyButton text={secret} label="Copy secret" /> : null}
        {configured ? (
          <Button type="button" variant="ghost" disabled={setEnabled.isPending} onClick={toggle}>
            {enabled ? 'Turn off' : 'Turn on'}
          </Button>
        ) : null}
      </div>
      <FormMessages error={f.errors.form ?? f.errors.provider ?? toggleError} done={f.done} />
    </form>
  );
}
