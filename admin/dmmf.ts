/**
 * The full Prisma datamodel, read from prisma/schema.prisma. The Rust-free
 * client's runtime DMMF lacks ids, required flags, relation fields and enums,
 * which @adminjs/prisma needs; `getDMMF` (WASM, offline) has them all.
 *
 * Loading @prisma/internals and running getDMMF costs ~0.75 s of every start,
 * for an answer that changes only with the schema: it is kept as JSON under
 * node_modules/.cache, keyed by the schema's SHA-256 and the engine's version,
 * and computed only when that file is missing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type internals from '@prisma/internals';
import { projectRoot } from '../src/config/paths.js';

type Dmmf = Awaited<ReturnType<typeof internals.getDMMF>>;
export type Datamodel = Dmmf['datamodel'];
export type DatamodelModel = Datamodel['models'][number];
export type DatamodelField = DatamodelModel['fields'][number];

const CACHE_DIR = path.join(projectRoot, 'node_modules', '.cache', 'parth-erp');

let cached: Promise<Datamodel> | undefined;

function cacheFileFor(schema: string): string {
  const engine = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', '@prisma', 'internals', 'package.json'), 'utf8')) as {
    version: string;
  };
  const key = createHash('sha256').update(engine.version).update('\0').update(schema).digest('hex').slice(0, 32);
  return path.join(CACHE_DIR, `datamodel-${key}.json`);
}

async function readDatamodel(): Promise<Datamodel> {
  const schema = readFileSync(path.join(projectRoot, 'prisma', 'schema.prisma'), 'utf8');
  const file = cacheFileFor(schema);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Datamodel;
  const { default: prismaInternals } = await import('@prisma/internals');
  const { datamodel } = await prismaInternals.getDMMF({ datamodel: schema });
  try {
    // Written whole, then renamed: a start racing this one reads all of it or none.
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(datamodel));
    renameSync(partial, file);
  } catch {
    // A read-only install computes it each start; nothing else changes.
  }
  return datamodel;
}

export function loadDatamodel(): Promise<Datamodel> {
  cached ??= readDatamodel();
  return cached;
}

/** Money columns are Decimal(12,2); other decimals are rates or quantities. */
export function isMoney(field: DatamodelField): boolean {
  const native = field.nativeType as [string, string[]] | null | undefined;
  return field.type === 'Decimal' && native?.[0] === 'Decimal' && native[1]?.[1] === '2' && native[1]?.[0] === '12';
}

export function isCalendarDate(field: DatamodelField): boolean {
  const native = field.nativeType as [string, string[]] | null | undefined;
  return field.type === 'DateTime' && native?.[0] === 'Date';
}
