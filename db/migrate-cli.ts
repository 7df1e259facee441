// npm run db:migrate — applies the SQL migrations to the database DATABASE_URL names.
import { createDb } from './client';

const handle = createDb(undefined, { max: 1 });
try {
  await handle.migrate();
  console.log(`[db] migrations applied (${handle.kind})`);
} finally {
  await handle.close();
}
