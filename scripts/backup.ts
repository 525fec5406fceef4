/**
 * npm run backup                      — pg_dump of DATABASE_URL into BACKUP_DIR, keeping BACKUP_KEEP
 * npm run restore -- <file> <url>     — the backup into an empty database at <url>
 */
import { loadEnv } from '../src/config/env.js';
import { backUp, restore } from '../src/modules/backups/service.js';

const [command, ...args] = process.argv.slice(2);
const env = loadEnv(process.env);

async function main(): Promise<void> {
  if (command === 'backup') {
    if (!env.DATABASE_URL) throw new Error('Set DATABASE_URL to the database to back up');
    const done = await backUp({ databaseUrl: env.DATABASE_URL, dir: env.BACKUP_DIR, keep: env.BACKUP_KEEP });
    console.log(`Backed up to ${done.file} (${done.bytes} bytes)${done.removed.length ? `; removed ${done.removed.length} older` : ''}`);
    return;
  }
  if (command === 'restore') {
    const [file, target] = args;
    if (!file || !target) throw new Error('Usage: npm run restore -- <backup file> <postgresql://… of an empty database>');
    await restore(file, target);
    console.log(`Restored ${file}`);
    return;
  }
  throw new Error('Usage: tsx scripts/backup.ts backup | restore <file> <database url>');
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
