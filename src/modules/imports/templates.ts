/**
 * The downloadable template of each import type: our header row, one example
 * row, a note on every header saying what to type, drop-downs where the
 * answer is one of a few words, and a "How to fill" sheet.
 */
import { loadExcel } from '../lazyLibraries.js';
import type { ImportKind } from './kind.js';

const TEMPLATE_ROWS = 1000;

export async function importTemplate(kind: ImportKind<unknown>): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Parth Hospital ERP';
  const sheet = workbook.addWorksheet(kind.label.slice(0, 31));
  sheet.columns = kind.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(14, c.header.length + 4, String(c.example).length + 2),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.addRow(Object.fromEntries(kind.columns.map((c) => [c.key, c.example])));
  kind.columns.forEach((column, i) => {
    const letter = sheet.getColumn(i + 1).letter;
    sheet.getCell(`${letter}1`).note = `${column.required ? 'Required. ' : ''}${column.hint}`;
    if (column.choices) {
      for (let row = 2; row <= TEMPLATE_ROWS; row += 1) {
        sheet.getCell(`${letter}${row}`).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${column.choices.join(',')}"`],
          showErrorMessage: true,
          error: `Choose one of ${column.choices.join(', ')}`,
        };
      }
    }
  });
  const help = workbook.addWorksheet('How to fill');
  help.columns = [
    { header: 'Column', key: 'header', width: 22 },
    { header: 'Required', key: 'required', width: 10 },
    { header: 'What to type', key: 'hint', width: 60 },
    { header: 'Also accepted as header', key: 'synonyms', width: 60 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of kind.columns)
    help.addRow({ header: c.header, required: c.required ? 'Yes' : '', hint: c.hint, synonyms: c.synonyms.join(', ') });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
