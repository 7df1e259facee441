'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { PasswordForm } from '@/components/auth/password-form';
import { SignOutEverywhereButton } from '@/components/auth/sign-out-button';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { profileSchema } from '@/server/affiliates/schemas';

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.affiliate.updateProfile.mutationOptions());
  const f = useZodForm(profileSchema, async (data) => {
    await save.mutateAsync(data);
    router.refresh();
    return 'Saved.';
  });
  return (
    <form onSubmit={f.onSubmit} className="max-w-md space-y-4" noValidate>
      <Field label="Name" name="name" defaultValue={name} error={f.errors.name} />
      <Field label="Email" name="email" type="email" defaultValue={email} error={f.errors.email} hint="You sign in with this email." />
      <Button type="submit" disabled={f.pending}>Save profile</Button>
      <FormMessages error={f.errors.form} done={f.done} />
    </form>
  );
}

export function AffiliatePasswordForm() {
  const trpc = useTRPC();
  const change = useMutation(trpc.affiliate.changePassword.mutationOptions());
  return <PasswordForm change={change.mutateAsync} />;
}

export function AffiliateSignOutEverywhere() {
  const trpc = useTRPC();
  const end = useMutation(trpc.affiliate.signOutEverywhere.mutationOptions());
  return <SignOutEverywhereButton end={() => end.mutateAsync()} />;
}
