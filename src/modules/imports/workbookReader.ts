/**
 * ExcelJS's streaming workbook reader, with two things it lacks for files
 * from strangers:
 *
 * - every zip entry is counted as it is inflated, and the read stops past a
 *   limit: a zip's central directory (checked first, in files.ts) can lie
 *   about sizes, so what counts is what actually comes out of the inflater —
 *   a 10 MB file cannot turn into 4.5 GB of shared strings in our memory;
 * - worksheets stored before the shared strings are parked in a temporary file
 *   of our own, removed when the read ends however it ends (ExcelJS's own
 *   temporary files outlive an early stop).
 *
 * Only `parse()` is ours; the XML of each part is still read by ExcelJS.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { FileRefused } from './files.js';

const require = createRequire(import.meta.url);
// The same packages ExcelJS itself uses to unzip and to iterate a stream.
const unzipper = require('unzipper') as { Parse(options: { forceStream: boolean }): NodeJS.ReadWriteStream };
const iterateStream = require('exceljs/lib/utils/iterate-stream') as (stream: Readable) => AsyncIterable<unknown>;

/** What all parts of one workbook may inflate to, and the shared strings (kept in memory) alone. */
export const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;
export const MAX_SHARED_STRINGS_BYTES = 128 * 1024 * 1024;

const bomb = () => new FileRefused('This workbook unpacks to far more data than any register holds (a zip bomb?); it was not read');

interface ZipEntry extends Readable {
  path: string;
  autodrain(): void;
}

type ParseEvent = { eventType: string; value: unknown };

/** ExcelJS's reader methods that parse one part each (lib/stream/xlsx/workbook-reader.js). */
interface PartParsers {
  input: unknown;
  stream: Readable;
  _getStream(input: unknown): Readable;
  sharedStrings?: unknown;
  workbookRels?: unknown;
  /** Set by _parseWorkbook; a worksheet parsed before it throws (exceljs issue #3064). */
  model?: unknown;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<ParseEvent>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<ParseEvent>;
}

/**
 * Copies a part to a file chunk by chunk. (stream.pipeline here loses the zip's next
 * entry: unzipper's parser then ends early and the shared strings are never read.)
 */
async function writeOut(part: Readable, file: string): Promise<void> {
  const out = createWriteStream(file);
  try {
    for await (const chunk of part) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}

/**
 * The zip's entries, until the parser has really read its end. unzipper's Parse
 * also emits 'end' as soon as its *input* is written, entries still unread: an
 * iterator that believes it (ExcelJS's iterate-stream) stops early whenever the
 * consumer is slow — after a parked sheet, the shared strings were never seen
 * (exceljs issues #683, #3064). Only the readable side's own end counts.
 */
async function* entriesOf(zip: Readable): AsyncGenerator<ZipEntry> {
  const queue: ZipEntry[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  zip.on('data', (entry: ZipEntry) => {
    queue.push(entry);
    notify();
  });
  zip.on('end', () => {
    if (!zip.readableEnded) return;
    ended = true;
    notify();
  });
  zip.on('error', (error: unknown) => {
    failure = error;
    notify();
  });
  for (;;) {
    if (failure) throw failure;
    const next = queue.shift();
    if (next) yield next;
    else if (ended) return;
    else await new Promise<void>((resolve) => (wake = resolve));
  }
}

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** How far one workbook may inflate (the defaults above; tests lower them to stay quick). */
export interface InflationLimits {
  maxUnpackedBytes?: number;
  maxSharedStringsBytes?: number;
}

export class CountedWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  private unpacked = 0;
  private readonly maxUnpacked: number;
  private readonly maxSharedStrings: number;

  constructor(input: Readable, options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>, limits: InflationLimits = {}) {
    super(input, options);
    this.maxUnpacked = limits.maxUnpackedBytes ?? MAX_UNPACKED_BYTES;
    this.maxSharedStrings = limits.maxSharedStringsBytes ?? MAX_SHARED_STRINGS_BYTES;
  }

  /** Passes an entry's bytes on, counting them against the workbook's and the part's limits. */
  private counted(entry: ZipEntry, partLimit = this.maxUnpacked): Readable {
    let part = 0;
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        part += chunk.length;
        this.unpacked += chunk.length;
        if (part > partLimit || this.unpacked > this.maxUnpacked) done(bomb());
        else done(null, chunk);
      },
    });
    entry.on('error', (error) => counter.destroy(error));
    return entry.pipe(counter);
  }

  override async *parse(): AsyncGenerator<ParseEvent> {
    const self = this as unknown as PartParsers;
    const zip = unzipper.Parse({ forceStream: true });
    self.stream = self._getStream(self.input);
    self.stream.pipe(zip);
    const parked: Array<{ sheetNo: string; file: string }> = [];
    let tempDir: string | undefined;
    try {
      for await (const entry of entriesOf(zip as unknown as Readable)) {
        const sheetNo = SHEET.exec(entry.path)?.[1];
        if (entry.path === 'xl/_rels/workbook.xml.rels') await self._parseRels(this.counted(entry));
        else if (entry.path === 'xl/workbook.xml') await self._parseWorkbook(this.counted(entry));
        else if (entry.path === 'xl/sharedStrings.xml') yield* self._parseSharedStrings(this.counted(entry, this.maxSharedStrings));
        else if (entry.path === 'xl/styles.xml') await self._parseStyles(this.counted(entry));
        else if (sheetNo && self.sharedStrings && self.workbookRels && self.model)
          yield* self._parseWorksheet(iterateStream(this.counted(entry)), sheetNo);
        else if (sheetNo) {
          // The shared strings (or the workbook's parts) come later in this file: keep the sheet aside until they are read.
          // Named after the process, so whoever watches for leftovers can tell whose they are.
          tempDir ??= await mkdtemp(path.join(os.tmpdir(), `parth-sheet-${process.pid}-`));
          const file = path.join(tempDir, `sheet${sheetNo}.xml`);
          await writeOut(this.counted(entry), file);
          parked.push({ sheetNo, file });
        }
        entry.autodrain();
      }
      for (const { sheetNo, file } of parked) yield* self._parseWorksheet(iterateStream(createReadStream(file)), sheetNo);
    } finally {
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    }
  }
}
