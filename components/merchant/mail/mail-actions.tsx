'use client';
// E-mail log actions: send a failed (or only logged) message again; the reply-to address;
// a test mail to oneself.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { replyToSchema } from '@/server/mail/schemas';

export function ResendButton({ id, label = 'Resend' }: { id: string; label?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const resend = useMutation(trpc.mail.resend.mutationOptions());
  const [error, setError] = useState<string>();
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        className="px-2 py-0.5 text-xs"
        disabled={resend.isPending}
        onClick={async () => {
          setError(undefined);
          try {
            await resend.mutateAsync({ id });
            router.refresh();
          } catch (err) {
            setError(errorsOf(err).message ?? 'Could not resend.');
          }
        }}
      >
        {resend.isPending ? 'Queuing…' : label}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </span>
  );
}

export function ReplyToForm({ replyTo, effective }: { replyTo: string; effective: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.mail.setReplyTo.mutationOptions());
  const f = useZodForm(replyToSchema, async (data) => {
    await save.mutateAsync(data);
    router.refresh();
    return 'Saved.';
  });
  return (
    <form onSubmit={f.onSubmit} className="max-w-xl space-y-3" noValidate>
      <Field
        label="Reply-to address"
        name="replyTo"
        type="email"
        defaultValue={replyTo}
        placeholder={effective ?? ''}
        error={f.errors.replyTo}
        hint={`Where replies to the program’s mails go. Empty: the account owner’s address${effective && !replyTo ? ` (${effective})` : ''}.`}
      />
      <Button type="submit" disabled={f.pending}>
        {f.pending ? 'Saving…' : 'Save reply-to'}
      </Button>
      <FormMessages error={f.errors.form} done={f.done} />
    </form>
  );
}

export function SendTestButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const send = useMutation(trpc.mail.sendTest.mutationOptions());
  const [message, setMessage] = useState<{ error?: string; done?: string }>({});
  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant="secondary"
        disabled={send.isPending}
        onClick={async () => {
          setMessage({});
          try {
            const r = await send.mutateAsync({});
            setMessage({ done: `A test mail to ${r.to} is queued: it appears in the log below.` });
            router.refresh();
          } catch (err) {
            setMessage({ error: errorsOf(err).message ?? 'Could not send.' });
          }
        }}
      >
        {send.isPending ? 'Sending…' : 'Send a test mail to me'}
      </Button>
      <FormMessages error={message.error} done={message.done} />
    </div>
  );
}
