'use client';
// One provider's signing secret (set or rotate) and its on/off switch.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { CopyButton } from '@/components/copy-button';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
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
  const [secret, setSecretValue] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string>();
  const id = `webhook-secret-${provider}`;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(undefined);
    const parsed = webhookSecretSchema.safeParse({ provider, secret });
    if (!parsed.success) {
      setFields({ secret: parsed.error.issues[0]?.message ?? 'Enter the secret.' });
      return;
    }
    try {
      await setSecret.mutateAsync(parsed.data);
      setFields({});
      setSecretValue('');
      setSaved(configured ? 'Secret rotated: new deliveries are checked with it.' : 'Saved: deliveries are accepted from now on.');
      router.refresh();
    } catch (err) {
      const { fields: f, message } = errorsOf(err);
      setFields(message ? { form: message } : f);
    }
  }

  async function toggle() {
    setSaved(undefined);
    try {
      await setEnabled.mutateAsync({ provider, enabled: !enabled });
      setFields({});
      router.refresh();
    } catch (err) {
      const { fields: f, message } = errorsOf(err);
      setFields(message ? { form: message } : f);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      <Field
        id={id}
        name="secret"
        label={label}
        value={secret}
        onChange={(e) => setSecretValue(e.target.value)}
        placeholder={configured ? `Set (${secretHint}). Paste a new one to rotate it.` : placeholder}
        autoComplete="off"
        spellCheck={false}
        error={fields.secret}
        hint={
          source === 'merchant'
            ? 'You choose this secret: enter the same one in the provider’s webhook settings.'
            : 'Copy it from the provider’s webhook settings.'
        }
      />
      {fields.form ? (
        <p role="alert" className="text-sm text-red-600">
          {fields.form}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={setSecret.isPending}>
          {setSecret.isPending ? 'Saving…' : configured ? 'Rotate secret' : 'Save secret'}
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
        {saved ? (
          <span role="status" className="text-sm text-emerald-700">
            {saved}
          </span>
        ) : null}
      </div>
    </form>
  );
}
