/**
 * pdfkit and ExcelJS load when the first document or workbook is made, not at
 * start-up: together they were ~260 ms of every `npm start` (pdfkit ~85 ms,
 * ExcelJS ~180 ms, measured after AdminJS, which shares none of their
 * dependencies), for slips, reports and registers that most starts never make.
 * The first PDF or workbook after a start pays it once; Node's module cache
 * answers every later call.
 */
import type ExcelJSModule from 'exceljs';

export type ExcelJS = typeof ExcelJSModule;

export async function loadExcel(): Promise<ExcelJS> {
  return (await import('exceljs')).default;
}

export async function newPdf(options: PDFKit.PDFDocumentOptions): Promise<PDFKit.PDFDocument> {
  const { default: PDFDocument } = await import('pdfkit');
  return new PDFDocument(options);
}
