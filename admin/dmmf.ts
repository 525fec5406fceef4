/**
 * The full Prisma datamodel, read from prisma/schema.prisma. The Rust-free
 * client's runtime DMMF lacks ids, required flags, relation fields and enums,
 * which @adminjs/prisma needs; `getDMMF` (WASM, offline) has them all.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import internals from '@prisma/internals';
import { projectRoot } from '../src/config/paths.js';

type Dmmf = Awaited<ReturnType<typeof internals.getDMMF>>;
export type Datamodel = Dmmf['datamodel'];
export type DatamodelModel = Datamodel['models'][number];
export type DatamodelField = DatamodelModel['fields'][number];

let cached: Promise<Datamodel> | undefined;

export function loadDatamodel(): Promise<Datamodel> {
  cached ??= internals
    .getDMMF({ datamodel: readFileSync(path.join(projectRoot, 'prisma', 'schema.prisma'), 'utf8') })
    .then((dmmf) => dmmf.datamodel);
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
