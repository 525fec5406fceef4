/**
 * Finding the header row (registers often have a title or merged banner rows
 * above it) and matching its cells to an import's columns, forgivingly:
 * case, spaces, dots and common synonyms do not matter.
 */
import { text } from './normalize.js';
import type { Column } from './kind.js';
import { FileRefused, type SheetRow } from './files.js';

export interface ColumnMapping {
  /** The header as written in the file. */
  fileHeader: string;
  /** Its position in the row (0 = column A). */
  index: number;
  column: Column;
}

export interface HeaderMatch {
  headerRowNo: number;
  mapping: ColumnMapping[];
  /** Headers in the file that match no column; their cells are not imported. */
  ignored: string[];
  /** The header cells as written, for the error report. */
  headerCells: string[];
}

export const headerKey = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');

/** How many lines from the top may hold titles before the header row. */
export const HEADER_SEARCH_ROWS = 20;

function matchRow(cells: unknown[], columns: Column[]): { mapping: ColumnMapping[]; ignored: string[] } {
  const wanted = new Map<string, Column>();
  for (const column of columns) for (const name of [column.header, column.key, ...column.synonyms]) wanted.set(headerKey(name), column);
  const mapping: ColumnMapping[] = [];
  const ignored: string[] = [];
  cells.forEach((cell, index) => {
    const fileHeader = text(cell);
    if (!fileHeader) return;
    const column = wanted.get(headerKey(fileHeader));
    if (column && !mapping.some((m) => m.column.key === column.key)) mapping.push({ fileHeader, index, column });
    else ignored.push(fileHeader);
  });
  return { mapping, ignored };
}

/** Picks the header row among the first rows: the one naming the most columns. */
export function findHeader(rows: SheetRow[], columns: Column[]): HeaderMatch {
  let best: (HeaderMatch & { score: number }) | undefined;
  for (const row of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const { mapping, ignored } = matchRow(row.cells, columns);
    if (mapping.length >= 2 && (!best || mapping.length > best.score)) {
      best = { headerRowNo: row.rowNo, mapping, ignored, score: mapping.length, headerCells: row.cells.map((c) => text(c) ?? '') };
    }
  }
  const expected = columns.filter((c) => c.required).map((c) => `"${c.header}"`);
  if (!best) {
    throw new FileRefused(
      `No header row was found in the first ${HEADER_SEARCH_ROWS} lines: the file needs columns such as ${expected.join(', ')}`,
    );
  }
  const missing = columns.filter((c) => c.required && !best.mapping.some((m) => m.column.key === c.key));
  if (missing.length > 0) {
    const names = missing.map(
      (c) =>
        `"${c.header}"${
          c.synonyms.length
            ? ` (or ${c.synonyms
                .slice(0, 2)
                .map((s) => `"${s}"`)
                .join(', ')})`
            : ''
        }`,
    );
    throw new FileRefused(`The header row (line ${best.headerRowNo}) has no column ${names.join(', ')}`);
  }
  const { score: _score, ...match } = best;
  return match;
}

/** A "Total" / "Grand total" line at the bottom of a register (or a line with nothing in it). */
export function isTotalLine(cells: unknown[]): boolean {
  // Only the first filled cell matters: found without cleaning the rest of the row (this runs on every row).
  for (const cell of cells) {
    const first = text(cell);
    if (first !== undefined) return TOTAL.test(first);
  }
  return true;
}
const TOTAL = /^(grand\s*|sub\s*)?total\b|^total\s*:/i;
