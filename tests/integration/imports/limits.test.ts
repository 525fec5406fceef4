/**
 * Files refused as a whole — too large, too many rows, not what their name
 * claims, a zip bomb — with a clear message and nothing written; and jobs
 * whose process died shown as failed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { importKinds } from '../../../src/modules/imports/kinds/index.js';
import { failStaleImports, forgetOldImportFiles } from '../../../src/modules/imports/jobs.js';
import { LocalFileStore } from '../../../src/modules/storage/fileStore.js';
import { runImport } from '../../../src/modules/imports/pipeline.js';
import { writePatientRegister } from '../../../scripts/patientRegister.js';
import { readRows, type FileLimits } from '../../../src/modules/imports/files.js';
import { buildZip, lyingWorkbook, sharedStringsXml, sheetXml, workbookParts } from '../../support/lyingZip.js';
import { testDatabaseUrl, testJobsSchema } from '../../support/env.js';
import { jobQueueFor } from '../../../src/modules/jobs/queue.js';
import { errorOf, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
const dir = mkdtempSync(path.join(tmpdir(), 'parth-limits-'));
const file = (name: string, content: Buffer | string) => {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
};

const tryImport = (target: string, jobId: number, limits: FileLimits = { maxBytes: 25 * 1024 * 1024, maxRows: 200_000 }) =>
  errorOf(
    runImport(testDatabaseUrl(), {
      kind: importKinds.patients!,
      path: target,
      fileName: path.basename(target),
      limits,
      dryRun: false,
      validRowsOnly: true,
      jobId,
    }),
  );

/** The reason a file was refused; whatever the import wrote carried its job id, and none of it stayed. */
const refusal = async (target: string, limits?: FileLimits) => {
  const job = await db.importJob.create({ data: { type: 'PATIENTS', fileName: path.basename(target), fileSize: 1 } });
  const error = await tryImport(target, job.id, limits);
  expect(await db.patient.count({ where: { importJobId: job.id } })).toBe(0);
  expect(error).toMatchObject({ status: 422, code: 'FILE_REFUSED' });
  return error?.message;
};

describe('files refused as a whole', () => {
  it('refuses a file over the size limit', async () => {
    const big = file('big.csv', `Name,Gender,Phone,DOB\n${'Asha,F,9876543210,01/01/1990\n'.repeat(50_000)}`);
    expect(await refusal(big, { maxBytes: 1024 * 1024, maxRows: 200_000 })).toBe('The file is larger than the 1 MB limit');
  });

  it('refuses a file with more rows than allowed, writing none of them', async () => {
    const target = path.join(dir, 'many.xlsx');
    await writePatientRegister(target, { rows: 300, format: 'xlsx', badShare: 0 });
    expect(await refusal(target, { maxBytes: 25 * 1024 * 1024, maxRows: 100 })).toBe(
      'The file has more than 100 rows; split it into smaller files',
    );
  });

  it('refuses a renamed binary, a PDF called .xlsx, an old .xls, a binary called .csv and an unknown extension', async () => {
    expect(await refusal(file('random.xlsx', randomBytes(4096)))).toBe(
      'This file is not an Excel workbook (.xlsx), whatever its name says',
    );
    expect(await refusal(file('report.xlsx', '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'))).toBe(
      'This file is not an Excel workbook (.xlsx), whatever its name says',
    );
    expect(await refusal(file('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))).toBe(
      'Old .xls workbooks are not read: open it in Excel and save it as .xlsx',
    );
    expect(await refusal(file('photo.csv', Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n'), Buffer.alloc(64)])))).toBe(
      'This file is not a CSV text file, whatever its name says',
    );
    expect(await refusal(file('latin1.csv', Buffer.from('Name,Gender,Phone\nJos\xe9,M,9876543210\n', 'latin1')))).toMatch(/not UTF-8 text/);
    expect(await refusal(file('notes.txt', 'hello'))).toBe('Only .xlsx and .csv files can be imported');
    expect(await refusal(file('empty.csv', ''))).toBe('The file is empty');
  });

  it('refuses a zip that is not a workbook and a zip bomb, without unpacking them', async () => {
    const plainZip = new JSZip();
    plainZip.file('readme.txt', 'not a workbook');
    expect(await refusal(file('archive.xlsx', await plainZip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })))).toBe(
      'This file is not an Excel workbook (.xlsx), whatever its name says',
    );
    const bomb = new JSZip();
    bomb.file('[Content_Types].xml', '<Types/>');
    bomb.file('xl/workbook.xml', '<workbook/>');
    bomb.file('xl/worksheets/sheet1.xml', Buffer.alloc(64 * 1024 * 1024, 0x20));
    const packed = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(packed.length).toBeLessThan(1024 * 1024);
    expect(await refusal(file('bomb.xlsx', packed))).toBe(
      'This workbook unpacks to far more data than any register holds (a zip bomb?); it was not opened',
    );
  });

  it('stops reading a workbook whose zip directory lies about its sizes, counting what is inflated', async () => {
    // 16 MB of shared strings deflated to a few kilobytes; both zip headers say 1 MB, which the
    // directory check accepts. Only counting while inflating finds it. The shared-strings cap is
    // lowered to 4 MB for the test (production: 128 MB), the mechanism is the same.
    const lying = await lyingWorkbook(15, 1024 * 1024);
    expect(lying.length).toBeLessThan(1024 * 1024);
    expect(
      await refusal(file('lying.xlsx', lying), { maxBytes: 25 * 1024 * 1024, maxRows: 200_000, maxSharedStringsBytes: 4 * 1024 * 1024 }),
    ).toBe('This workbook unpacks to far more data than any register holds (a zip bomb?); it was not read');
  });

  it('reads a workbook whose sheet is stored before its shared strings and workbook, and removes its parked copy', async () => {
    // Excel writes the shared strings first; other writers (ExcelJS's own streaming writer among
    // them) may not. The sheet is parked in a folder of ours until the parts it needs are read.
    const parked = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`parth-sheet-${process.pid}-`));
    const before = parked();
    const reordered = file(
      'reordered.xlsx',
      await buildZip([
        { name: '[Content_Types].xml', content: workbookParts.TYPES },
        { name: 'xl/worksheets/sheet1.xml', content: sheetXml() },
        { name: 'xl/_rels/workbook.xml.rels', content: workbookParts.RELS },
        { name: 'xl/sharedStrings.xml', content: sharedStringsXml() },
        { name: 'xl/workbook.xml', content: workbookParts.WORKBOOK },
      ]),
    );
    const rows: unknown[][] = [];
    let sawParkedCopy = false;
    for await (const row of readRows(reordered, 'xlsx', { maxBytes: 1024 * 1024, maxRows: 10 })) {
      rows.push(row.cells);
      sawParkedCopy ||= parked().length > before.length;
    }
    expect(rows).toEqual([
      ['Name', 'Gender', 'Phone', 'Date of birth'],
      ['Meera Iyer', 'Female', '9822012345', '12-03-1985'],
    ]);
    expect(sawParkedCopy).toBe(true);
    expect(parked()).toEqual(before);

    // A read that fails after parking (the file is cut short) removes the copy too.
    const whole = await buildZip([
      { name: 'xl/worksheets/sheet1.xml', content: sheetXml() },
      { name: 'xl/sharedStrings.xml', content: sharedStringsXml() + ' '.repeat(4096) },
    ]);
    const cut = file('cut.xlsx', whole.subarray(0, whole.length - 600));
    const failed = await errorOf(
      (async () => {
        for await (const row of readRows(cut, 'xlsx', { maxBytes: 1024 * 1024, maxRows: 10 })) void row;
      })(),
    );
    expect(failed).toMatchObject({ code: 'FILE_REFUSED' });
    expect(parked()).toEqual(before);
  });

  it('refuses a file whose header cannot be found or has no data', async () => {
    expect(await refusal(file('noheader.csv', 'a,b,c\n1,2,3\n'))).toMatch(/^No header row was found in the first 20 lines/);
    expect(await refusal(file('nodata.csv', 'Name,Gender,Phone,DOB\n'))).toBe('The file has a header row but no data rows');
  });
});

describe('jobs whose process died', () => {
  it('are shown as failed once their heartbeat is stale', async () => {
    const old = new Date(Date.now() - 10 * 60 * 1000);
    const stuck = await db.importJob.create({
      data: { type: 'PATIENTS', fileName: 'x.xlsx', fileSize: 1, status: 'RUNNING', heartbeatAt: old },
    });
    const alive = await db.importJob.create({
      data: { type: 'PATIENTS', fileName: 'y.xlsx', fileSize: 1, status: 'RUNNING', heartbeatAt: new Date() },
    });
    // Another test process's minutely sweep (the same function, on its own queue) may get there first.
    await failStaleImports(db, jobQueueFor(testDatabaseUrl(), testJobsSchema()));
    expect(await db.importJob.findUniqueOrThrow({ where: { id: stuck.id } })).toMatchObject({
      status: 'FAILED',
      failureReason: expect.stringMatching(/stopped unexpectedly/),
    });
    expect((await db.importJob.findUniqueOrThrow({ where: { id: alive.id } })).status).toBe('RUNNING');
  });
});

describe('kept files', () => {
  it('are deleted from the file store a week after their import ended; the job rows stay', async () => {
    const files = new LocalFileStore(mkdtempSync(path.join(tmpdir(), 'parth-kept-')));
    const keep = async (key: string, content: string) => {
      await files.putFile(key, file(key.replace(/\//g, '-'), content));
      return key;
    };
    const upload = await keep('imports/job-kept-upload.csv', 'Name,Gender,Phone,DOB\n');
    const report = await keep('imports/job-kept-errors.xlsx', 'x');
    const ended = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    const job = await db.importJob.create({
      data: {
        type: 'PATIENTS',
        fileName: 'kept.csv',
        fileSize: 1,
        status: 'PREVIEWED',
        finishedAt: ended,
        filePath: upload,
        errorReportPath: report,
      },
    });
    const recent = await db.importJob.create({
      data: {
        type: 'PATIENTS',
        fileName: 'recent.csv',
        fileSize: 1,
        status: 'PREVIEWED',
        finishedAt: new Date(),
        filePath: await keep('imports/job-recent.csv', 'x'),
      },
    });
    expect(await forgetOldImportFiles(db, files)).toBeGreaterThanOrEqual(1);
    expect((await files.exists(upload)) || (await files.exists(report))).toBe(false);
    expect(await files.exists('imports/job-recent.csv')).toBe(true);
    expect(await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      filePath: null,
      errorReportPath: null,
      status: 'PREVIEWED',
    });
    expect((await db.importJob.findUniqueOrThrow({ where: { id: recent.id } })).filePath).not.toBeNull();
  });
});
