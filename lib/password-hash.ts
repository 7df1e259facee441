// Password hashing (argon2id, the library's recommended parameters): in lib/ because the
// demo seed (db/) hashes the demo passwords and db/ must not import server/.
import { hash } from '@node-rs/argon2';

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}
