// Password hashing: argon2id with the library's recommended parameters.
import { verify } from '@node-rs/argon2';
import { hashPassword } from '@/lib/password-hash';

export { MIN_PASSWORD_LENGTH } from './password-length';
export { hashPassword };

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Spends the same time as a real verification, so an unknown email is not told apart by timing. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-' + Math.random());
  await verifyPassword(await dummyHash, password);
}
