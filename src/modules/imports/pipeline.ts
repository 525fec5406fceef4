/**
 * One import of one file: check it, stream its rows, find the header, clean
 * and validate every row, skip duplicates inside the file, and hand accepted
 * rows in batches to the type's writer — all inside one transaction, so a
 * failure (or a killed process) leaves the database as it was. Rejected rows
 * go, with their reasons, to an .xlsx error report written as we go.
 */
import { stat } from 'node:fs/promises';
import { type Prisma } from '@prisma/client';
import type ExcelJS from 'exceljs';
import { type z } from 'zod';
import { withDedicatedConnection, type DirectSql } from '../../config/db.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/service.js';
import { FileRefused, inspectFile, readRows, type FileLimits, type SheetRow } from './files.js';
import { findHeader, HEADER_SEARCH_ROWS, isTotalLine, type HeaderMatch } from './headers.js';
import type { AcceptedRow, Counts, ImportKind } from './kind.js';
import { CellProblem } from './normalize.js';
import { loadExcel, type ExcelJS as Excel } from '../lazyLibraries.js';
import { safeCell } from '../spreadsheet.js';

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportResult extends Counts {
  rejected: number;
  /** Data rows read (blank and total lines not counted). */
  totalRows: number;
  /** The first rejected rows' errors (all of them up to MAX_LISTED_ERRORS). */
  errors: RowError[];
  mapping: Array<{ fileHeader: string; field: string }>;
  ignoredHeaders: string[];
  /** True when rows were written; false for a preview or an all-or-nothing import with rejected rows. */
  committed: boolean;
  /** Path of the .xlsx error report, when rows were rejected and a path was asked for. */
  errorReportPath?: string;
}

export interface ImportOptions {
  kind: ImportKind<unknown>;
  path: string;
  fileName: string;
  limits: FileLimits;
  dryRun: boolean;
  /** Commit the valid rows and reject the rest, instead of all or nothing. */
  validRowsOnly: boolean;
  jobId?: number | null;
  actor?: Actor;
  errorReportPath?: string;
  /** Rows read so far, and the share of the file read (0…1). */
  onProgress?: (rowsRead: number, fileShare: number) => void;
}

export const MAX_LISTED_ERRORS = 1000;
const BATCH_ROWS = 1000;

/** Thrown inside the transaction to roll it back while keeping the result. */
class RollBack extends Error {
  constructor(readonly result: ImportResult) {
    super('rolled back');
  }
}

/** Imports a file in one transaction on its own database connection. */
export async function runImport(databaseUrl: string, options: ImportOptions): Promise<ImportResult> {
  const format = await inspectFile(options.path, options.fileName, options.limits);
  const read = { bytesRead: 0 };
  const size = (await stat(options.path)).size;
  const rows = readRows(options.path, format, options.limits, read);
  const progress = (rowsRead: number) => options.onProgress?.(rowsRead, Math.min(1, read.bytesRead / size));
  const report = options.errorReportPath ? new ErrorReport(options.errorReportPath, await loadExcel()) : undefined;
  try {
    const result = await withDedicatedConnection(databaseUrl, (db, sql) =>
      db.$transaction(
        async (tx) => {
          // One import of a type at a time: two uploads of the same register committed at
          // once would each see the other's new patients as unknown and insert them twice.
          await sql('SELECT pg_advisory_xact_lock(hashtext($1))', [`import:${options.kind.type}`]);
          const outcome = await importRows(rows, options, tx, sql, report, progress);
          if (!outcome.committed) throw new RollBack(outcome);
          if (options.actor) {
            await recordAudit(tx, options.actor, {
              action: 'ACTION',
              model: 'ImportJob',
              recordId: String(options.jobId ?? 'cli'),
              after: auditSummary(options, outcome),
            });
          }
          return outcome;
        },
        { timeout: 60 * 60 * 1000, maxWait: 30_000 },
      ),
    );
    return { ...result, ...(await report?.close()) };
  } catch (error) {
    if (error instanceof RollBack) return { ...error.result, ...(await report?.close()) };
    await report?.close();
    throw error;
  }
}

export function auditSummary(options: Pick<ImportOptions, 'kind' | 'fileName' | 'dryRun' | 'validRowsOnly'>, result: ImportResult) {
  return {
    operation: options.dryRun ? 'import preview' : 'import',
    type: options.kind.slug,
    fileName: options.fileName,
    created: result.created,
    updated: result.updated,
    skipped: result.skipped,
    rejected: result.rejected,
    committed: result.committed,
  };
}

async function importRows(
  rows: AsyncGenerator<SheetRow>,
  options: ImportOptions,
  tx: Prisma.TransactionClient,
  sql: DirectSql,
  report: ErrorReport | undefined,
  onProgress: (rowsRead: number) => void,
): Promise<ImportResult> {
  const { kind } = options;
  const writer = kind.writer(tx, { jobId: options.jobId ?? null, userId: options.actor?.userId ?? null, dryRun: options.dryRun, sql });
  const seen = new Set<string>();
  const errors: RowError[] = [];
  let [totalRows, rejected, duplicates] = [0, 0, 0];
  let batch: AcceptedRow<unknown>[] = [];
  // The last batch handed to the writer, and the one before it.
  let writing: Promise<void> = Promise.resolve();
  let previous: Promise<void> = writing;

  // The header is somewhere in the first lines; they are held until it is found.
  const top: SheetRow[] = [];
  let header: HeaderMatch | undefined;

  // Synchronous for all but one row in a thousand: an await per row was a measurable share of an import.
  const take = (sheetRow: SheetRow): Promise<void> | undefined => {
    if (!header) throw new Error('header not found yet');
    if (isTotalLine(sheetRow.cells)) return;
    totalRows += 1;
    const checked = checkRow(kind, header, sheetRow);
    if ('problems' in checked) {
      rejected += 1;
      for (const problem of checked.problems) if (errors.length < MAX_LISTED_ERRORS) errors.push(problem);
      report?.add(header, sheetRow, checked.problems);
      return;
    }
    const key = kind.key(checked.row);
    if (seen.has(key)) {
      duplicates += 1;
      return;
    }
    seen.add(key);
    batch.push({ rowNo: sheetRow.rowNo, row: checked.row });
    if (batch.length >= BATCH_ROWS) return sendBatch();
  };
  const sendBatch = async () => {
    const full = batch;
    batch = [];
    // The writer takes batches one after another, each the moment the one before is written; the
    // parser waits only when two are still unwritten. (Waiting whenever one was left the parser
    // idle while PostgreSQL finished it, and PostgreSQL idle until the parser filled the next.)
    await previous;
    previous = writing;
    writing = writing.then(() => writer.add(full));
    writing.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    onProgress(totalRows);
  };

  for await (const sheetRow of rows) {
    if (!header) {
      top.push(sheetRow);
      if (top.length < HEADER_SEARCH_ROWS) continue;
      header = findHeader(top, kind.columns);
      for (const held of top) if (held.rowNo > header.headerRowNo) await take(held);
      continue;
    }
    const full = take(sheetRow);
    if (full) await full;
  }
  if (!header) {
    if (top.length === 0) throw new FileRefused('The file has no rows');
    header = findHeader(top, kind.columns);
    for (const held of top) if (held.rowNo > header.headerRowNo) await take(held);
  }
  await writing;
  if (batch.length > 0) await writer.add(batch);
  if (totalRows === 0) throw new FileRefused('The file has a header row but no data rows');
  onProgress(totalRows);

  let wouldCommit = !options.dryRun && (options.validRowsOnly || rejected === 0);
  const { rejections = [], ...counts } = await writer.finish();
  const columnName = (field: string) => header?.mapping.find((m) => m.column.key === field)?.fileHeader ?? field;
  for (const r of rejections)
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ row: r.rowNo, column: columnName(r.field), message: r.message });
  if (rejections.length > 0 && !options.validRowsOnly) wouldCommit = false;
  errors.sort((a, b) => a.row - b.row);
  return {
    ...counts,
    skipped: counts.skipped + duplicates,
    rejected: rejected + rejections.length,
    totalRows,
    errors,
    mapping: header.mapping.map((m) => ({ fileHeader: m.fileHeader, field: m.column.header })),
    ignoredHeaders: header.ignored,
    committed: wouldCommit,
  };
}

/** Cleans the mapped cells and validates them; every problem names its row and column. */
function checkRow(kind: ImportKind<unknown>, header: HeaderMatch, sheetRow: SheetRow): { row: unknown } | { problems: RowError[] } {
  const problems: RowError[] = [];
  const record: Record<string, unknown> = {};
  for (const { column, index, fileHeader } of header.mapping) {
    try {
      const value = column.read(sheetRow.cells[index]);
      if (value !== undefined) record[column.key] = value;
    } catch (error) {
      if (!(error instanceof CellProblem)) throw error;
      problems.push({ row: sheetRow.rowNo, column: fileHeader, message: error.message });
      record[column.key] = null; // already reported: keep the schema from reporting it twice
    }
  }
  const parsed = kind.schema.safeParse(record);
  if (parsed.success && problems.length === 0) return { row: parsed.data };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (record[key] === null) continue;
      const mapped = header.mapping.find((m) => m.column.key === key);
      const column = mapped?.fileHeader ?? kind.columns.find((c) => c.key === key)?.header ?? key;
      problems.push({ row: sheetRow.rowNo, column, message: messageOf(issue) });
    }
  }
  return { problems };
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'this cell is required';
  return issue.message;
}

/** The rejected rows as they were in the file, with an Errors column, streamed to an .xlsx. */
class ErrorReport {
  private writer: ExcelJS.stream.xlsx.WorkbookWriter | undefined;
  private sheet: ExcelJS.Worksheet | undefined;
  private rows = 0;

  constructor(
    private readonly path: string,
    private readonly excel: Excel,
  ) {}

  add(header: HeaderMatch, sheetRow: SheetRow, problems: RowError[]): void {
    if (!this.writer) {
      this.writer = new this.excel.stream.xlsx.WorkbookWriter({ filename: this.path, useStyles: true });
      this.sheet = this.writer.addWorksheet('Rejected rows');
      const top = this.sheet.addRow(['Row', ...header.headerCells, 'Errors']);
      top.font = { bold: true };
      top.commit();
    }
    const message = problems.map((p) => `${p.column}: ${p.message}`).join('; ');
    // Padded to the header's width, so the Errors column lines up under its heading.
    const width = Math.max(header.headerCells.length, sheetRow.cells.length);
    const cells = Array.from({ length: width }, (_, i) => safeCell(sheetRow.cells[i]));
    this.sheet?.addRow([sheetRow.rowNo, ...cells, message]).commit();
    this.rows += 1;
  }

  async close(): Promise<{ errorReportPath?: string }> {
    if (!this.writer) return {};
    const writer = this.writer;
    this.writer = undefined;
    this.sheet?.commit();
    await writer.commit();
    return { errorReportPath: this.path };
  }
}
