/**
 * The ICD-10 diagnosis catalogue: ICD-10-CM 2018 categories and sub-categories
 * (24,628 codes, public domain, prisma/data/icd10cm-2018-categories.csv —
 * `code,"title"`, codes without the dot). Loaded with one COPY when the table
 * is empty, after the migrations (src/config/migrations.ts), so every
 * database — production, the embedded one, each test run — has it. Searched as
 * the doctor types: a code prefix ("E11", "E11.9"), words ("diab") through
 * the trigram index on the title.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Prisma } from '@prisma/client';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { queryRows, type Db } from '../../config/db.js';
import { projectRoot } from '../../config/paths.js';

export const ICD10_FILE = path.join(projectRoot, 'prisma', 'data', 'icd10cm-2018-categories.csv');

/** Loads the catalogue if the table is empty; returns how many codes it holds. */
export async function loadIcd10Catalogue(databaseUrl: string, file: string = ICD10_FILE): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const held = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM "Icd10Code"');
    if ((held.rows[0]?.n ?? 0) > 0) return held.rows[0]?.n ?? 0;
    await client.query('BEGIN');
    await pipeline(createReadStream(file), client.query(copyFrom('COPY "Icd10Code" (code, title) FROM STDIN WITH (FORMAT csv)')));
    await client.query('ANALYZE "Icd10Code"');
    await client.query('COMMIT');
    return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM "Icd10Code"')).rows[0]?.n ?? 0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** E119 → E11.9 (a code as a person reads it). */
export function dottedCode(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

export interface Icd10Match {
  code: string;
  /** E11.9 */
  shown: string;
  title: string;
}

const CODE_LIKE = /^[A-Z]\d[0-9A-Z]?(\.?[0-9A-Z]{0,4})$/i;
const SEARCH_LIMIT = 20;

/**
 * Codes for what the doctor typed: a code or its start ("E11", "e11.9") by
 * code; words ("diab", "type 2 diab") by title, every word contained, the
 * three-character categories and shorter titles first.
 */
export async function searchIcd10(db: Db, typed: string, limit = SEARCH_LIMIT): Promise<Icd10Match[]> {
  const text = typed.trim().slice(0, 100);
  if (text.length < 2) return [];
  const take = Math.min(Math.max(limit, 1), 50);
  let rows: Array<{ code: string; title: string }>;
  if (CODE_LIKE.test(text)) {
    const prefix = text.replace('.', '').toUpperCase();
    // Codes are letters and digits only: a LIKE prefix needs no escaping (24,628 short rows: a scan is a few ms).
    rows = await queryRows(db, Prisma.sql`SELECT code, title FROM "Icd10Code" WHERE code LIKE ${`${prefix}%`} ORDER BY code LIMIT ${take}`);
  } else {
    const words = text
      .split(/\s+/)
      .filter((w) => w.length > 0)
      .slice(0, 5);
    const conditions = words.map((w) => Prisma.sql`title ILIKE ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    rows = await queryRows(
      db,
      Prisma.sql`SELECT code, title FROM "Icd10Code" WHERE ${Prisma.join(conditions, ' AND ')}
                 ORDER BY length(code), length(title), code LIMIT ${take}`,
    );
  }
  return rows.map((row) => ({ code: row.code, shown: dottedCode(row.code), title: row.title }));
}
