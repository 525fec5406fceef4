/**
 * The back-office's reads of records by id — a record's own page or action, and
 * the records a list or a page points to (AdminJS's populator) — as one prepared
 * SQL statement per model on the client's own node-postgres pool.
 *
 * Through Prisma each of these reads was compiled by its WASM query compiler and
 * interpreted on the event loop, every time (Prisma 6.19 keeps no plan cache):
 * they were the biggest groups of statements in `npm run bench:hospital-hour`,
 * and Prisma was about half of the app's busy main thread there.
 *
 * A row comes back in Prisma's own shapes, so nothing downstream can tell:
 * Decimal as Prisma.Decimal, DateTime as Date (also for `@db.Date`), enums as
 * text, JSON parsed; the title's relations as nested objects of their selected
 * columns. tests/integration/backoffice/recordReads.test.ts compares every
 * model's rows with Prisma's own read. Password hashes are never read: the
 * back-office removes them from every record anyway (SECRET_FIELDS).
 *
 * A model with a column this file cannot read in Prisma's shape (a list of
 * dates or decimals, say), or a title that selects one, gets no reader and stays
 * on Prisma (`recordReader` answers undefined).
 */
import { Prisma } from '@prisma/client';
import { queryRows, type Db } from '../src/config/db.js';
import { SECRET_FIELDS } from '../src/modules/audit/service.js';
import type { Datamodel, DatamodelField, DatamodelModel } from './dmmf.js';

type Row = Record<string, unknown>;
/** A title's relations: each picks columns (`true`) or a further relation's columns. */
export type TitleSelect = { [relation: string]: { select: { [field: string]: true | { select: TitleSelect[string]['select'] } } } };

export interface RecordReader {
  /** The rows with these ids (any order is fine for the callers), in Prisma's shapes. */
  byIds(ids: Array<number | string>): Promise<Row[]>;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const columnName = (field: DatamodelField) => field.dbName ?? field.name;
const tableName = (model: DatamodelModel) => model.dbName ?? model.name;

class Unreadable extends Error {}

interface Column {
  sql: string;
  name: string;
  /** Turns what node-postgres answers into Prisma's value (nulls stay null). */
  read?: (value: unknown) => unknown;
}

const toDecimal = (value: unknown) => new Prisma.Decimal(String(value));
// Milliseconds since the epoch, from PostgreSQL: node-postgres would read a `date` (and a
// `timestamp` without zone) at local midnight, Prisma reads it at UTC's.
const toDate = (value: unknown) => new Date(Number(value));

/** One scalar column of a model, as SQL and the step that gives Prisma's value. */
function scalarColumn(field: DatamodelField, alias: string): Column {
  const column = `${alias}.${quoted(columnName(field))}`;
  const name = field.name;
  if (field.kind === 'enum') return { sql: field.isList ? `${column}::text[]` : `${column}::text`, name };
  if (field.isList && !['String', 'Int', 'Boolean', 'Float'].includes(field.type)) throw new Unreadable(`${name}: a list of ${field.type}`);
  switch (field.type) {
    case 'String':
    case 'Int':
    case 'Boolean':
    case 'Float':
    case 'Json':
      return { sql: column, name };
    case 'Decimal':
      return { sql: `${column}::text`, name, read: toDecimal };
    case 'BigInt':
      return { sql: `${column}::text`, name, read: (value) => BigInt(String(value)) };
    case 'DateTime':
      // Prisma keeps milliseconds and drops what is finer.
      return { sql: `floor(extract(epoch FROM ${column}) * 1000)::float8`, name, read: toDate };
    default:
      throw new Unreadable(`${name}: ${field.type}`);
  }
}

/** Columns JSON carries in Prisma's own shape (text, whole numbers, yes/no, enums). */
const fitsJson = (field: DatamodelField) => !field.isList && (field.kind === 'enum' || ['String', 'Int', 'Boolean'].includes(field.type));

/**
 * A to-one relation's selected columns as one JSON object (null without a related row):
 * a subquery on the foreign key, the way Prisma's own second query finds them.
 */
function relationObject(datamodel: Datamodel, model: DatamodelModel, alias: string, relation: string, select: Row, depth: number): string {
  const field = model.fields.find((f) => f.name === relation);
  const target = datamodel.models.find((m) => m.name === field?.type);
  const from = field?.relationFromFields ?? [];
  const to = field?.relationToFields ?? [];
  if (!field || field.kind !== 'object' || field.isList || !target || from.length === 0 || from.length !== to.length)
    throw new Unreadable(`${relation}: not a to-one relation with its key here`);
  const inner = `r${depth}`;
  const keyColumn = (owner: DatamodelModel, name: string | undefined) => {
    const column = owner.fields.find((f) => f.name === name);
    if (!column) throw new Unreadable(`${relation}: no key column ${String(name)}`);
    return quoted(columnName(column));
  };
  const join = from.map((key, i) => `${inner}.${keyColumn(target, to[i])} = ${alias}.${keyColumn(model, key)}`).join(' AND ');
  const pairs = Object.entries(select).map(([name, pick]) => {
    if (pick === true) {
      const column = target.fields.find((f) => f.name === name);
      if (!column || column.kind === 'object' || !fitsJson(column))
        throw new Unreadable(`${relation}.${name}: not text, a number or yes/no`);
      return `'${name}', ${scalarColumn(column, inner).sql}`;
    }
    const nested = (pick as { select?: Row } | undefined)?.select;
    if (!nested) throw new Unreadable(`${relation}.${name}: only select is read`);
    return `'${name}', ${relationObject(datamodel, target, inner, name, nested, depth + 1)}`;
  });
  return `(SELECT json_build_object(${pairs.join(', ')}) FROM ${quoted(tableName(target))} ${inner} WHERE ${join})`;
}

/** The statement that reads a model's rows by id, and how each column becomes Prisma's value. */
function readStatement(datamodel: Datamodel, model: DatamodelModel, title: TitleSelect | undefined) {
  const id = model.fields.find((field) => field.isId);
  if (!id || (id.type !== 'Int' && id.type !== 'String')) throw new Unreadable('no single whole-number or text id');
  const columns: Column[] = model.fields
    .filter((field) => field.kind !== 'object' && !SECRET_FIELDS.has(field.name))
    .map((field) => scalarColumn(field, 't'));
  for (const [relation, { select }] of Object.entries(title ?? {})) {
    columns.push({ sql: relationObject(datamodel, model, 't', relation, select, 1), name: relation });
  }
  const list = columns.map((column) => `${column.sql} AS ${quoted(column.name)}`).join(', ');
  const idColumn = `t.${quoted(columnName(id))}`;
  const isUuid = (id.nativeType as [string, string[]] | null | undefined)?.[0] === 'Uuid';
  const idType = id.type === 'Int' ? 'int4' : isUuid ? 'uuid' : 'text';
  const text = `SELECT ${list} FROM ${quoted(tableName(model))} t WHERE ${idColumn} = ANY($1::${idType}[]) ORDER BY ${idColumn}`;
  const readers = columns.filter((column) => column.read) as Array<Required<Column>>;
  // What cannot be an id of the column is no record (PostgreSQL would refuse the whole statement).
  const mayBeId =
    id.type === 'Int'
      ? (key: number | string) => Number.isInteger(key) && Math.abs(key as number) <= 2_147_483_647
      : isUuid
        ? (key: number | string) => UUID.test(String(key))
        : () => true;
  return { text, readers, idIsNumber: id.type === 'Int', mayBeId };
}

/**
 * The reader of a model's records by id, or undefined when the model (or its
 * title) has a column that only Prisma reads in its own shape.
 */
export function recordReader(db: Db, datamodel: Datamodel, model: DatamodelModel, title?: TitleSelect): RecordReader | undefined {
  let statement: ReturnType<typeof readStatement>;
  try {
    statement = readStatement(datamodel, model, title);
  } catch (error) {
    if (error instanceof Unreadable) return undefined;
    throw error;
  }
  const { text, readers, idIsNumber, mayBeId } = statement;
  // Joined once: every read sends the same text, prepared once per connection (queryRows).
  const head = Prisma.raw(text.slice(0, text.lastIndexOf('$1')));
  const tail = Prisma.raw(text.slice(text.lastIndexOf('$1') + 2));
  return {
    async byIds(ids) {
      const keys = ids.map((id) => (idIsNumber ? Number(id) : String(id))).filter(mayBeId);
      if (keys.length === 0) return [];
      const rows = await queryRows<Row>(db, Prisma.sql`${head}${keys}${tail}`);
      for (const row of rows) {
        for (const { name, read } of readers) {
          const value = row[name];
          if (value !== null && value !== undefined) row[name] = read(value);
        }
      }
      return rows;
    },
  };
}
