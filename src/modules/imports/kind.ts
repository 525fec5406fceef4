/**
 * What an import type declares: its columns (with the header synonyms found
 * in real registers and how each cell is cleaned), the zod schema a cleaned
 * row must pass, the natural key that makes re-imports idempotent, and how
 * accepted rows reach the database in one transaction.
 */
import type { ImportType, Prisma } from '@prisma/client';
import type { DirectSql } from '../../config/db.js';
import type { z } from 'zod';

export type Tx = Prisma.TransactionClient;

export interface Column {
  /** The field the cleaned value goes to. */
  key: string;
  /** The header in our template. */
  header: string;
  /** Other headers meaning the same (compared without case, spaces or punctuation). */
  synonyms: string[];
  /** The file must have this column. (Whether a cell may be blank is the schema's call.) */
  required?: boolean;
  example: string | number;
  /** What the clerk should type, shown in the template. */
  hint: string;
  /** The words the template's drop-down offers (Excel data validation). */
  choices?: readonly string[];
  /** Cleans a cell; throws CellProblem saying what was expected. */
  read: (value: unknown) => unknown;
}

export interface Counts {
  created: number;
  updated: number;
  skipped: number;
}

/** A row the writer could not take (e.g. it names a department that does not exist). */
export interface WriterRejection {
  rowNo: number;
  /** The column's key; the pipeline names it as the file does. */
  field: string;
  message: string;
}

/** Returned by a row writer for a row it refuses; nothing of that row is written. */
export class RowRefused {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}
}

export interface AcceptedRow<Row> {
  rowNo: number;
  row: Row;
}

/** Receives accepted rows in batches inside the import's transaction. */
export interface Writer<Row> {
  add(rows: AcceptedRow<Row>[]): Promise<void>;
  /** The counts, once every batch is in. */
  finish(): Promise<Counts & { rejections?: WriterRejection[] }>;
}

export interface WriterContext {
  /** Stamped on every record the import creates. */
  jobId: number | null;
  /** Who runs the import (null from the command line). */
  userId: number | null;
  /** A preview: count what would happen, write nothing. */
  dryRun: boolean;
  /** Bulk SQL on the import's own connection, inside its transaction. */
  sql: DirectSql;
}

export interface ImportKind<Row = unknown> {
  type: ImportType;
  /** As typed on the command line and in URLs: "patients". */
  slug: string;
  label: string;
  columns: Column[];
  schema: z.ZodType<Row>;
  /** Rows with the same key are the same record: the second one in a file is skipped. */
  key(row: Row): string;
  writer(tx: Tx, context: WriterContext): Writer<Row>;
}

/** True when writing `data` over `existing` would change something (money and dates compared by value). */
export function differs(existing: Record<string, unknown>, data: Record<string, unknown>): boolean {
  return Object.entries(data).some(([key, value]) => {
    const now = existing[key];
    if (value === undefined) return false;
    if (value === null || now === null || now === undefined) return now !== value;
    if (value instanceof Date || now instanceof Date) return (now as Date | null)?.getTime() !== (value as Date | null)?.getTime();
    if (now !== null && typeof now === 'object' && 'equals' in now) return !(now as { equals(v: unknown): boolean }).equals(value);
    return now !== value;
  });
}

/**
 * Per-row writer for catalogues (tariff, drugs, lab tests, staff: hundreds or
 * thousands of rows, not hundreds of thousands). It writes as rows arrive;
 * a preview or a refused import is undone by rolling the transaction back.
 */
export function rowByRowWriter<Row>(write: (row: Row) => Promise<keyof Counts | RowRefused>): Writer<Row> {
  const counts: Counts = { created: 0, updated: 0, skipped: 0 };
  const rejections: WriterRejection[] = [];
  return {
    async add(rows) {
      for (const { row, rowNo } of rows) {
        const outcome = await write(row);
        if (outcome instanceof RowRefused) rejections.push({ rowNo, field: outcome.field, message: outcome.message });
        else counts[outcome] += 1;
      }
    },
    async finish() {
      return { ...counts, rejections };
    },
  };
}

/** Finds departments by code or name, whatever the case, asking the database once per name. */
export function departmentFinder(tx: Tx): (name: string) => Promise<number | null> {
  const known = new Map<string, number | null>();
  return async (name) => {
    if (!known.has(name)) {
      const found = await tx.department.findFirst({
        where: { OR: [{ code: { equals: name, mode: 'insensitive' } }, { name: { equals: name, mode: 'insensitive' } }] },
      });
      known.set(name, found?.id ?? null);
    }
    return known.get(name) ?? null;
  };
}
