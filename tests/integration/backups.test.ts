/**
 * Backup and restore round trip (src/modules/backups/service.ts): a migrated
 * database with bills and payments is dumped with pg_dump, older backups beyond
 * the number kept are removed, the dump is restored into a new database, which
 * then holds the same rows in every table and the same money to the paisa;
 * restoring over a database that has tables is refused.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { deployMigrations } from '../../src/config/migrations.js';
import { backUp, listBackups, restore } from '../../src/modules/backups/service.js';
import { recordPayment } from '../../src/modules/payments/service.js';
import { createActor, createIssuedInvoice, createPatient } from '../factories.js';
import { useScratchDatabases } from '../support/lifecycle.js';
import { testDatabaseUrl, testDb } from '../support/env.js';

/** pg_dump refuses a server newer than itself (the embedded PostgreSQL 17 with Debian's 15 tools). */
function toolsMatchServer(): boolean {
  try {
    const tools = Number(/(\d+)\.\d+/.exec(execFileSync('pg_dump', ['--version']).toString())?.[1]);
    const server = Number(execFileSync('psql', [testDatabaseUrl(), '-Atc', 'SHOW server_version_num']).toString().trim().slice(0, 2));
    return tools >= server;
  } catch {
    return false;
  }
}

const MONEY_TABLES: Record<string, string> = {
  Invoice: `id || ':' || status || ':' || total || ':' || "amountPaid" || ':' || coalesce(number, '')`,
  InvoiceLine: `id || ':' || "invoiceId" || ':' || "taxableValue" || ':' || "lineTotal"`,
  Payment: `id || ':' || "invoiceId" || ':' || amount || ':' || status`,
};

async function snapshot(url: string): Promise<{ counts: Record<string, number>; money: Record<string, string> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      counts[name] = Number((await client.query(`SELECT count(*) AS n FROM ${pg.escapeIdentifier(name)}`)).rows[0].n);
    }
    const money: Record<string, string> = {};
    for (const [table, row] of Object.entries(MONEY_TABLES)) {
      const sum = await client.query(
        `SELECT md5(coalesce(string_agg(${row}, ',' ORDER BY id), '')) AS sum FROM ${pg.escapeIdentifier(table)}`,
      );
      money[table] = sum.rows[0].sum as string;
    }
    return { counts, money };
  } finally {
    await client.end();
  }
}

(toolsMatchServer() ? describe : describe.skip)('backups', () => {
  const [sourceUrl, targetUrl] = useScratchDatabases(`parth_backup_src_${process.pid}`, `parth_backup_dst_${process.pid}`) as [
    string,
    string,
  ];

  beforeAll(async () => {
    await deployMigrations(sourceUrl);
  }, 120_000);

  it('backs up with pg_dump, keeps the newest, and restores into a new database row for row and rupee for rupee', async () => {
    const source = testDb(sourceUrl, 2);
    try {
      const cashier = await createActor(source, 'BILLING');
      await createPatient(source, { name: 'Backup Patient' });
      const invoice = await createIssuedInvoice(source, cashier, '1180.50');
      await recordPayment(source, cashier, { invoiceId: invoice.id, method: 'CASH', amount: '500.25' });
    } finally {
      await source.$disconnect();
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'parth-backups-'));
    const at = (day: number) => new Date(Date.UTC(2026, 11, day, 20, 30));
    await backUp({ databaseUrl: sourceUrl, dir, keep: 2, now: at(1) });
    await backUp({ databaseUrl: sourceUrl, dir, keep: 2, now: at(2) });
    const latest = await backUp({ databaseUrl: sourceUrl, dir, keep: 2, now: at(3) });
    expect(latest.removed.map((file) => path.basename(file))).toEqual(['parth-20261201T203000Z.dump']);
    expect((await listBackups(dir)).map((file) => path.basename(file))).toEqual([
      'parth-20261203T203000Z.dump',
      'parth-20261202T203000Z.dump',
    ]);
    expect(latest.bytes).toBeGreaterThan(10_000);

    await restore(latest.file, targetUrl);
    const [before, after] = [await snapshot(sourceUrl), await snapshot(targetUrl)];
    expect(after.counts).toEqual(before.counts);
    expect(after.counts.Invoice).toBe(1);
    expect(after.counts.Icd10Code).toBe(24_628);
    expect(after.money).toEqual(before.money);
    await expect(restore(latest.file, targetUrl)).rejects.toThrow('The database to restore into is not empty');
  }, 180_000);
});
