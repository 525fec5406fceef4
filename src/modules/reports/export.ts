/**
 * A report as a formatted .xlsx, streamed: rows come from a PostgreSQL cursor
 * a batch at a time and each is committed to the zip stream as it is written,
 * so a 100,000-row export never holds the whole report in memory.
 *
 * The sheet: the report's title, the filters used and when and by whom it
 * was made, a bold frozen header row, amounts in ₹ with two decimals, and the
 * totals row (from the same SQL) at the bottom. Text from outside (patient
 * names, addresses) goes through safeCell, so nothing is ever run as a formula.
 */
import type { Writable } from 'node:stream';
import { loadExcel } from '../lazyLibraries.js';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { surviveDroppedConnections } from '../../config/db.js';
import { safeCell } from '../spreadsheet.js';
import { parseFilters, shapeTotals, type Column, type ColumnType, type ReportDefinition } from './report.js';

const BATCH_ROWS = 2000;

const NUMBER_FORMAT: Record<ColumnType, string | undefined> = {
  text: undefined,
  int: '#,##0',
  money: '"₹"#,##0.00',
  percent: '0.0',
  decimal: '0.0',
};

export interface ExportContext {
  /** Who asked for it, printed on the sheet. */
  preparedBy: string;
  now?: Date;
}

export interface ExportOutcome {
  rows: number;
}

function excelValue(column: Column, value: unknown): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (column.type === 'text') return safeCell(value);
  return Number(value);
}

export function exportFileName(report: ReportDefinition<never>, filters: Record<string, unknown>): string {
  const range = [filters.from, filters.to].filter((v) => typeof v === 'string').join('_to_');
  return `${report.name}${range ? `-${range}` : ''}.xlsx`;
}

function describeFilters(report: ReportDefinition<never>, filters: Record<string, unknown>): string[] {
  return report.filterFields
    .filter((field) => filters[field.name] !== undefined && filters[field.name] !== '')
    .map((field) => {
      const value = String(filters[field.name]);
      const option = Array.isArray(field.options) ? field.options.find((o) => o.value === value) : undefined;
      return `${field.label}: ${option?.label ?? value}`;
    });
}

/** Writes the report's workbook to `output`; the filters are validated before anything is written. */
export async function exportReport(
  databaseUrl: string,
  report: ReportDefinition<never>,
  input: unknown,
  output: Writable,
  context: ExportContext,
): Promise<ExportOutcome> {
  const filters = parseFilters(report, input) as Record<string, unknown>;
  const columns = report.columns(filters as never);
  const statement = report.sql(filters as never);
  const Excel = await loadExcel(); // before the connection and its snapshot are opened

  const client = surviveDroppedConnections(new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 }));
  await client.connect();
  try {
    // One snapshot for the whole read, however long the client takes to download.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const cursor = client.query(new Cursor<Record<string, unknown>>(statement.text, statement.values));

    const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Parth Hospital ERP';
    const notes = [
      report.title,
      ...describeFilters(report, filters),
      `Prepared by ${context.preparedBy} on ${(context.now ?? new Date()).toLocaleString('en-IN', { timeZone: 'Asia/Kolkata' })} IST`,
    ];
    // Widths, formats and the frozen pane are written ahead of the first row in a streamed sheet.
    const headerRowNumber = notes.length + 2;
    const sheet = workbook.addWorksheet(report.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: headerRowNumber }] });
    sheet.columns = columns.map((column) => ({
      key: column.key,
      width: Math.max(12, column.label.length + 2),
      style: NUMBER_FORMAT[column.type] ? { numFmt: NUMBER_FORMAT[column.type] } : {},
    }));
    notes.forEach((text, i) => {
      const row = sheet.addRow([safeCell(text)]);
      if (i === 0) row.font = { bold: true, size: 14 };
      row.commit();
    });
    sheet.addRow([]).commit();
    const header = sheet.addRow(columns.map((c) => c.label));
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    header.commit();

    let totals: Record<string, unknown> | undefined;
    let rows = 0;
    for (;;) {
      const batch = await cursor.read(BATCH_ROWS);
      if (batch.length === 0) break;
      for (const raw of batch) {
        if (raw._total) {
          totals = raw;
          continue;
        }
        sheet.addRow(columns.map((c) => excelValue(c, raw[c.key]))).commit();
        rows += 1;
      }
    }
    await cursor.close();
    if (totals) {
      const shaped = shapeTotals(columns, totals);
      const row = sheet.addRow(columns.map((c) => excelValue(c, shaped[c.key])));
      row.font = { bold: true };
      row.commit();
    }
    sheet.commit();
    await workbook.commit();
    await client.query('COMMIT');
    return { rows };
  } finally {
    await client.end().catch(() => undefined);
  }
}
