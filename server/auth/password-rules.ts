// Password rules for every place a password is set (merchant sign-up, affiliate join, a
// changed password, a team member's generated one): long enough, and not guessable —
// judged offline by zxcvbn-ts with its common dictionaries (the most used passwords of
// public breach lists, common names and words, keyboard patterns), plus the person's own
// email and name. Server-side: the dictionaries stay out of the browser bundles; the forms
// show the refusal next to the field. Seeded demo passwords do not come through here.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { AppError } from '../errors';
import { MIN_PASSWORD_LENGTH } from './password-length';

export { MIN_PASSWORD_LENGTH };

/** zxcvbn's scale: 3 is "safely unguessable" (about 10^8 guesses or more). */
export const MIN_PASSWORD_SCORE = 3;

const g = globalThis as typeof globalThis & { __affZxcvbn?: ZxcvbnFactory };
const checker = () => (g.__affZxcvbn ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }));

/** Why `password` is refused, or undefined when it is fine. `personal`: the user's email, name, program… */
export function weakPasswordReason(password: string, personal: string[] = []): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `At least ${MIN_PASSWORD_LENGTH} characters.`;
  // zxcvbn's cost grows with length; past 100 characters a password is not guessable anyway.
  const inputs = personal.flatMap((p) => [p, ...p.toLowerCase().split(/[^a-z0-9]+/)]).filter((p) => p.length >= 3);
  const result = checker().check(password.slice(0, 100), inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return undefined;
  return 'Too easy to guess: it is a common password, a pattern or close to your name or email. Use a longer phrase of unrelated words.';
}

/** Throws `invalid_request` naming `field` when the password is weak. */
export function assertStrongPassword(password: string, personal: string[], field = 'password'): void {
  const reason = weakPasswordReason(password, personal);
  if (reason) throw new AppError('invalid_request', `${field}: ${reason}`);
}
