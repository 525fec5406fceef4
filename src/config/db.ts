/**
 * The application's PrismaClient: the Rust-free client (`engineType =
 * "client"`) over node-postgres, so nothing native is downloaded. The CLI has
 * its own adapter setup in prisma.config.ts; this client needs none of it.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';

export type Db = PrismaClient;

export interface DbOptions {
  /** Connections in the pool (node-postgres default: 10). */
  maxConnections?: number;
  /** Give up connecting after this long, so /ready answers quickly when the database is down. */
  connectTimeoutMs?: number;
}

export function createPrismaClient(databaseUrl: string, options: DbOptions = {}): Db {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
  });
  return new PrismaClient({ adapter });
}

/** True when a trivial query succeeds within the pool's connect timeout. */
export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
