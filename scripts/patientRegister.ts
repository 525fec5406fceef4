/**
 * Writes a patient register the way old systems and clerks leave them: a
 * title and a merged banner above the header, synonyms for headers, dates as
 * Excel dates and as dd/mm/yyyy text, phones with +91, spaces or a leading 0
 * (some stored as numbers), untidy names, duplicate rows, blank lines, a few
 * bad rows, and a total line at the bottom. Deterministic for a given seed.
 * Used by the import benchmark and the large-file tests.
 */
import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';

const FIRST = [
  'Asha',
  'Ravi',
  'Meera',
  'Suresh',
  'Anita',
  'Vikram',
  'Pooja',
  'Rahul',
  'Sunita',
  'Arjun',
  'Kavita',
  'Manoj',
  'Neha',
  'Sanjay',
  'Priya',
  'Amit',
];
const LAST = [
  'Kulkarni',
  'Patil',
  'Deshmukh',
  'Joshi',
  'Sharma',
  'Iyer',
  'Reddy',
  'Nair',
  'Gupta',
  'Shaikh',
  'Pawar',
  'Jadhav',
  'Singh',
  'Mehta',
];
const CITIES = ['Pune', 'Mumbai', 'Nashik', 'Satara', 'Kolhapur', 'Aurangabad'];

export interface RegisterOptions {
  rows: number;
  format: 'xlsx' | 'csv';
  /** Share of rows with a mistake (bad phone, impossible date, no gender). */
  badShare?: number;
  seed?: number;
}

export interface RegisterSummary {
  /** Data lines written (duplicates and bad rows included, blank and total lines not). */
  dataRows: number;
  duplicates: number;
  bad: number;
}

function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

export async function writePatientRegister(path: string, options: RegisterOptions): Promise<RegisterSummary> {
  const next = random(options.seed ?? 2026);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)] as T;
  const badShare = options.badShare ?? 0.01;
  const header = ['Sr. No.', 'Patient Name', 'DOB', 'Sex', 'Mobile No.', 'E-mail', 'Address', 'City', 'Pincode', 'Blood Grp'];
  const summary: RegisterSummary = { dataRows: 0, duplicates: 0, bad: 0 };
  let previous: unknown[] | undefined;

  const line = (i: number): unknown[] => {
    if (previous && next() < 0.01) {
      summary.duplicates += 1;
      return [i, ...previous.slice(1)];
    }
    const name = `${pick(FIRST)}  ${pick(LAST)} ${i}`;
    const birth = new Date(Date.UTC(1940 + Math.floor(next() * 80), Math.floor(next() * 12), 1 + Math.floor(next() * 28)));
    const mobile = 7_000_000_000 + Math.floor(next() * 2_999_999_999);
    const phoneStyles = [`+91 ${mobile}`, `0${mobile}`, `${String(mobile).slice(0, 5)} ${String(mobile).slice(5)}`, mobile, `91-${mobile}`];
    const dd = String(birth.getUTCDate()).padStart(2, '0');
    const mm = String(birth.getUTCMonth() + 1).padStart(2, '0');
    const dob = options.format === 'xlsx' && next() < 0.5 ? birth : `${dd}/${mm}/${birth.getUTCFullYear()}`;
    let row: unknown[] = [
      i,
      next() < 0.1 ? ` ${name.toUpperCase()} ` : name,
      dob,
      pick(['M', 'F', 'Male', 'Female', 'female', 'MALE']),
      pick(phoneStyles),
      next() < 0.3 ? `patient${i}@example.in` : '',
      `${1 + Math.floor(next() * 200)}, ${pick(['MG Road', 'FC Road', 'Station Road', 'Shivaji Nagar'])}`,
      pick(CITIES),
      String(411_001 + Math.floor(next() * 50)),
      pick(['B+', 'O+', 'A+', 'AB-', 'O -ve', '']),
    ];
    if (next() < badShare) {
      summary.bad += 1;
      row = [...row];
      const fault = Math.floor(next() * 3);
      if (fault === 0) row[4] = '12345';
      else if (fault === 1) row[2] = '31/02/1990';
      else row[3] = 'X';
    }
    previous = row;
    return row;
  };

  if (options.format === 'xlsx') {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('Register');
    sheet.addRow(['Parth Hospital — OPD Registration Register']).commit();
    sheet.addRow(['Exported from MedSoft 4.2', '', '', 'Period: 2015–2026']).commit();
    sheet.addRow(header).commit();
    for (let i = 1; i <= options.rows; i += 1) {
      const row = sheet.addRow(line(i));
      const dob = row.getCell(3);
      if (dob.value instanceof Date) dob.numFmt = 'dd/mm/yyyy';
      row.commit();
      summary.dataRows += 1;
      if (i % 500 === 0) sheet.addRow([]).commit();
    }
    sheet.addRow(['Total', '', '', '', '', '', '', '', '', options.rows]).commit();
    sheet.commit();
    await workbook.commit();
    return summary;
  }

  const out = createWriteStream(path);
  const csv = (cells: unknown[]) =>
    `${cells.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c))).join(',')}\n`;
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write(csv(['Parth Hospital — OPD Registration Register']));
  await write(csv(header));
  for (let i = 1; i <= options.rows; i += 1) {
    await write(csv(line(i)));
    summary.dataRows += 1;
    if (i % 500 === 0) await write('\n');
  }
  await write(csv(['Total', '', '', '', '', '', '', '', '', options.rows]));
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return summary;
}
