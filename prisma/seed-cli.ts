/** `npx prisma db seed` / `npm run db:seed`: seeds the database in DATABASE_URL. */
import { createPrismaClient } from '../src/config/db.js';
import { ConfigError, loadEnv } from '../src/config/env.js';
import { setBcryptCost } from '../src/modules/staff/passwords.js';
import { seedDemoHospital } from './seed.js';

async function main(): Promise<void> {
  const env = loadEnv();
  setBcryptCost(env.BCRYPT_COST);
  if (!env.DATABASE_URL) throw new ConfigError(['Invalid configuration: DATABASE_URL: required to seed a database']);
  if (!env.SEED_DEMO_DATA) {
    console.log('Demo data is never seeded when NODE_ENV=production.');
    return;
  }
  const db = createPrismaClient(env.DATABASE_URL);
  try {
    const { seeded } = await seedDemoHospital(db);
    console.log(seeded ? 'Demo hospital seeded.' : 'The database already has staff users: nothing seeded.');
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
