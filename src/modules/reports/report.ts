/**
 * What every report is: validated filters, one parameterised SQL statement
 * that does all the aggregation in PostgreSQL, and the columns it answers.
 *
 * The statement returns the grand total first (a row with `_total = true`,
 * from GROUPING SETS or an equivalent aggregate) and then the rows in display
 * order, so the page, the Excel export and the benchmark all run the very
 * same SQL: the page takes the first rows, the export streams them all.
 */
import { Prisma, type Role } from '@prisma/client';
import { z } from 'zod';
import { ValidationFailed } from '../../errors.js';
import { istDayBounds } from '../../time.js';
import type { ReportSource } from './source.js';

export type ColumnType = 'text' | 'int' | 'money' | 'percent' | 'decimal';

export interface Column {
  key: string;
  label: string;
  type: ColumnType;
  /** Left blank in the totals row (a name, a date, a rate). */
  noTotal?: boolean;
}

/** A filter as the page shows it; `options` name a list the page loads (doctors, wards …) or fixed choices. */
export interface FilterField {
  name: string;
  label: string;
  kind: 'date' | 'select' | 'number';
  options?: 'doctors' | 'departments' | 'wards' | readonly { value: string; label: string }[];
  required?: boolean;
}

export interface ChartSpec {
  kind: 'bar' | 'line';
  /** Draw each row (first column → value columns), or the totals' value columns as bars. */
  from: 'rows' | 'totals';
  values: readonly string[];
}

export interface ReportDefinition<F = Record<string, unknown>> {
  name: string;
  title: string;
  description: string;
  roles: readonly Role[];
  filterFields: readonly FilterField[];
  filters: z.ZodType<F>;
  /** Columns of the chosen view (some reports group by what the user picks). */
  columns(filters: F): readonly Column[];
  chart: ChartSpec;
  sql(filters: F): Prisma.Sql;
}

export type Cell = string | number | null;
export type ReportRow = Record<string, Cell>;

export interface ReportResult {
  name: string;
  title: string;
  filters: Record<string, unknown>;
  columns: readonly Column[];
  rows: ReportRow[];
  totals: ReportRow;
  /** True when more rows exist than were returned (the Excel export has them all). */
  truncated: boolean;
}

/** The inclusive IST day range most reports take. */
export const rangeFields: readonly FilterField[] = [
  { name: 'from', label: 'From', kind: 'date', required: true },
  { name: 'to', label: 'To', kind: 'date', required: true },
];

/** The "Group by" choice, offering a report's groupings by their labels. */
export function groupByField(groupings: Record<string, { label: string }>): FilterField {
  return {
    name: 'groupBy',
    label: 'Group by',
    kind: 'select',
    options: Object.entries(groupings).map(([value, g]) => ({ value, label: g.label })),
  };
}

export const departmentField: FilterField = { name: 'departmentId', label: 'Department', kind: 'select', options: 'departments' };
export const doctorField: FilterField = { name: 'doctorId', label: 'Doctor', kind: 'select', options: 'doctors' };

/** Rows the page shows; the export has no limit. */
export const PAGE_ROW_LIMIT = 500;
const MAX_RANGE_DAYS = 366;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD');

/** An inclusive range of IST calendar days, at most a year. */
export const dateRange = z
  .object({ from: day, to: day })
  .refine((r) => !Number.isNaN(Date.parse(r.from)) && !Number.isNaN(Date.parse(r.to)), { message: 'Enter real dates' })
  .refine((r) => r.from <= r.to, { message: 'The start date must not be after the end date', path: ['to'] })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 < MAX_RANGE_DAYS, {
    message: `Choose a range of at most ${MAX_RANGE_DAYS} days`,
    path: ['to'],
  });

/** An optional id from a query string ("" = all). */
export const optionalId = z.preprocess(
  (v) => (v === '' || v === undefined || v === null ? undefined : v),
  z.coerce.number().int().positive('Choose from the list').optional(),
);

/** A choice among fixed values, with its default when absent. */
export function choice<T extends string>(values: readonly [T, ...T[]], fallback: T) {
  return z.preprocess(
    (v) => (v === '' || v === undefined ? fallback : v),
    z.enum(values, { message: `Choose one of: ${values.join(', ')}` }),
  );
}

/** UTC instants bounding an inclusive IST day range: [start of `from`, end of `to`). */
export function instantBounds(range: { from: string; to: string }): { start: Date; end: Date } {
  return { start: istDayBounds(range.from).start, end: istDayBounds(range.to).end };
}

/** A timestamp column's IST calendar day, as SQL. */
export const istDay = (column: Prisma.Sql) => Prisma.sql`(${column} AT TIME ZONE 'Asia/Kolkata')::date`;

export function parseFilters<F>(report: ReportDefinition<F>, input: unknown): F {
  const parsed = report.filters.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'filters';
    throw new ValidationFailed(`${field}: ${issue?.message ?? 'invalid'}`, parsed.error.issues);
  }
  return parsed.data;
}

/** A value from PostgreSQL (numeric arrives as exact text) as the page and the export show it. */
export function shapeCell(type: ColumnType, value: unknown): Cell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'int':
      return Number(value);
    case 'money':
      return exactText(value, 2);
    case 'percent':
    case 'decimal':
      return exactText(value, 1);
    default:
      return String(value);
  }
}

const FIXED = [/^$/, /^-?\d+\.\d$/, /^-?\d+\.\d\d$/];

/** A numeric as text with `places` decimals, exactly (pg already sends most sums at that scale). */
function exactText(value: unknown, places: 1 | 2): string {
  const text = String(value);
  return FIXED[places]!.test(text) ? text : new Prisma.Decimal(text).toFixed(places);
}

export function shapeRow(columns: readonly Column[], raw: Record<string, unknown>): ReportRow {
  const row: ReportRow = {};
  for (const column of columns) row[column.key] = shapeCell(column.type, raw[column.key]);
  return row;
}

/** The totals row: labelled "Total" in the first column, blank where a total means nothing. */
export function shapeTotals(columns: readonly Column[], raw: Record<string, unknown>): ReportRow {
  const row = shapeRow(columns, raw);
  columns.forEach((column, i) => {
    if (column.noTotal || column.type === 'text') row[column.key] = i === 0 ? 'Total' : null;
    // A sum over no rows is zero, not unknown (an average over none stays blank).
    else if (row[column.key] === null && column.type === 'int') row[column.key] = 0;
    else if (row[column.key] === null && column.type === 'money') row[column.key] = '0.00';
  });
  return row;
}

/** Runs a report for the page: the totals and the first `limit` rows. */
export async function runReport<F>(
  source: ReportSource,
  report: ReportDefinition<F>,
  input: unknown,
  limit = PAGE_ROW_LIMIT,
): Promise<ReportResult> {
  const filters = parseFilters(report, input);
  const columns = report.columns(filters);
  const raw = await source.rows(Prisma.sql`${report.sql(filters)} LIMIT ${limit + 2}`);
  const [first, ...rest] = raw;
  if (!first?._total) throw new Error(`report ${report.name} did not return its totals row first`);
  return {
    name: report.name,
    title: report.title,
    filters: filters as Record<string, unknown>,
    columns,
    totals: shapeTotals(columns, first),
    rows: rest.slice(0, limit).map((r) => shapeRow(columns, r)),
    truncated: rest.length > limit,
  };
}
