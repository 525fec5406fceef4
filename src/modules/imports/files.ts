/**
 * Reading an uploaded register: checking the file is what it claims before
 * any parser touches it, then streaming its rows one at a time so memory
 * stays flat however long the file is.
 */
import { open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { parseStream } from '@fast-csv/parse';
import type { InflationLimits } from './workbookReader.js';
import { DomainError } from '../../errors.js';

export type FileFormat = 'xlsx' | 'csv';

/** The whole file is refused: nothing is read from it and nothing is written. */
export class FileRefused extends DomainError {
  constructor(message: string) {
    super(422, 'FILE_REFUSED', message);
  }
}

export interface FileLimits extends InflationLimits {
  maxBytes: number;
  maxRows: number;
}

// An .xlsx is a zip of XML; XML compresses well, but not a thousand-fold.
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;
const MAX_PACKING_RATIO = 200;

/** Checks size and contents against the name's promise; returns the format. */
export async function inspectFile(path: string, fileName: string, limits: FileLimits): Promise<FileFormat> {
  const size = (await stat(path)).size;
  const megabytes = (limits.maxBytes / 1024 / 1024).toFixed(0);
  if (size > limits.maxBytes) throw new FileRefused(`The file is larger than the ${megabytes} MB limit`);
  if (size === 0) throw new FileRefused('The file is empty');
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  const handle = await open(path, 'r');
  try {
    if (extension === 'xlsx') {
      await checkWorkbookZip(handle, size);
      return 'xlsx';
    }
    if (extension === 'csv') {
      await checkCsvText(handle, size);
      return 'csv';
    }
  } finally {
    await handle.close();
  }
  if (extension === 'xls') throw new FileRefused('Old .xls workbooks are not read: open it in Excel and save it as .xlsx');
  throw new FileRefused('Only .xlsx and .csv files can be imported');
}

type Handle = Awaited<ReturnType<typeof open>>;

async function read(handle: Handle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Walks the zip's central directory: a real workbook, not a renamed file or a zip bomb. */
async function checkWorkbookZip(handle: Handle, size: number): Promise<void> {
  const notWorkbook = new FileRefused('This file is not an Excel workbook (.xlsx), whatever its name says');
  const head = await read(handle, 0, 4);
  if (head.readUInt32LE(0) !== 0x04034b50) throw notWorkbook;
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = await read(handle, size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i -= 1) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw notWorkbook;
  const entries = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff || directoryOffset + directorySize > size) {
    throw new FileRefused('This workbook is packed in a way that is not accepted (zip64); save it again from Excel');
  }
  const directory = await read(handle, directoryOffset, directorySize);
  let position = 0;
  let unpacked = 0;
  let hasWorkbook = false;
  for (let n = 0; n < entries; n += 1) {
    if (position + 46 > directory.length || directory.readUInt32LE(position) !== 0x02014b50) throw notWorkbook;
    const packedSize = directory.readUInt32LE(position + 20);
    const unpackedSize = directory.readUInt32LE(position + 24);
    const nameLength = directory.readUInt16LE(position + 28);
    const name = directory.toString('utf8', position + 46, position + 46 + nameLength);
    position += 46 + nameLength + directory.readUInt16LE(position + 30) + directory.readUInt16LE(position + 32);
    if (name === 'xl/workbook.xml') hasWorkbook = true;
    unpacked += unpackedSize;
    const suspicious = unpackedSize > 1024 * 1024 && unpackedSize > Math.max(packedSize, 1) * MAX_PACKING_RATIO;
    if (suspicious || unpacked > MAX_UNPACKED_BYTES) {
      throw new FileRefused('This workbook unpacks to far more data than any register holds (a zip bomb?); it was not opened');
    }
  }
  if (!hasWorkbook) throw notWorkbook;
}

async function checkCsvText(handle: Handle, size: number): Promise<void> {
  const sample = await read(handle, 0, Math.min(size, 64 * 1024));
  if (sample.includes(0)) throw new FileRefused('This file is not a CSV text file, whatever its name says');
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
  } catch {
    throw new FileRefused("This CSV is not UTF-8 text: in Excel choose Save As → 'CSV UTF-8 (Comma delimited)'");
  }
}

export interface SheetRow {
  /** The row number the clerk sees in Excel (1 = the first line of the file). */
  rowNo: number;
  /** The cells, left to right (index 0 = column A). */
  cells: unknown[];
}

/** The first worksheet's rows, streamed; blank rows are skipped. */
export async function* readRows(
  path: string,
  format: FileFormat,
  limits: FileLimits,
  progress?: { bytesRead: number },
): AsyncGenerator<SheetRow> {
  // A few lines above the header (titles, merged banners) are allowed for.
  const maxLines = limits.maxRows + 25;
  let count = 0;
  // The bytes are counted on their way to the parser (a 'data' listener on the file
  // itself would start it flowing before the parser is attached, and lose the start).
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const source = file.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        if (progress) progress.bytesRead += chunk.length;
        done(null, chunk);
      },
    }),
  );
  file.on('error', (error) => source.destroy(error));
  const rows = format === 'xlsx' ? xlsxRows(source, limits) : csvRows(source);
  for await (const row of rows) {
    if (row.cells.every((cell) => cell === null || cell === undefined || String(cell).trim() === '')) continue;
    count += 1;
    if (count > maxLines)
      throw new FileRefused(`The file has more than ${limits.maxRows.toLocaleString('en-IN')} rows; split it into smaller files`);
    yield row;
  }
}

async function* xlsxRows(source: Readable, limits: InflationLimits): AsyncGenerator<SheetRow> {
  // The reader extends ExcelJS's, which loads with it (src/modules/lazyLibraries.ts).
  const { CountedWorkbookReader } = await import('./workbookReader.js');
  const reader = new CountedWorkbookReader(
    source,
    { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' },
    limits,
  );
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        // ExcelJS's values start at index 1 (column A); one pass, one array.
        const values = row.values as unknown[];
        const cells = new Array<unknown>(Math.max(0, values.length - 1));
        for (let i = 1; i < values.length; i += 1) cells[i - 1] = cellValue(values[i]);
        yield { rowNo: row.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new FileRefused(`The workbook could not be read (${(error as Error).message}); open it in Excel and save it again`);
  } finally {
    source.destroy();
  }
}

/** What a cell shows: formulas by their result, rich text as its plain text. */
function cellValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Date) return value;
  const v = value as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: string };
  if (v.richText) return v.richText.map((part) => part.text).join('');
  if ('result' in v) return cellValue(v.result);
  if ('text' in v) return cellValue(v.text);
  if (v.error) return v.error;
  return String(value);
}

async function* csvRows(stream: Readable): AsyncGenerator<SheetRow> {
  const parser = parseStream(stream, { headers: false, ignoreEmpty: false, trim: false, strictColumnHandling: false });
  let rowNo = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNo += 1;
      yield {
        rowNo,
        cells: rowNo === 1 && typeof record[0] === 'string' ? [record[0].replace(/^\uFEFF/, ''), ...record.slice(1)] : record,
      };
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new FileRefused(`The CSV could not be read (${(error as Error).message})`);
  } finally {
    stream.destroy();
  }
}
