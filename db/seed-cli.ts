// npm run db:seed — seeds the demo program into the database DATABASE_URL names (if absent).
import { createDb } from './client';
import { seedDemo } from './seed';

const handle = createDb(undefined, { max: 1 });
try {
  const seeded = await seedDemo(handle.db);
  console.log(seeded ? '[db] demo program seeded' : '[db] demo program already present');
} finally {
  await handle.close();
}
