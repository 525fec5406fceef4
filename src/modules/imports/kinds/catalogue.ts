/**
 * The hospital's catalogues: tariff (services), drugs with their opening
 * stock batches, and lab tests. Natural keys: service code, drug code + batch
 * number, lab test code. Re-importing a file changes nothing; a changed price
 * or name is an update. Opening stock enters through a RECEIPT movement, as
 * any stock does, and an existing batch's quantity is never overwritten by an
 * import (that is a stock adjustment, with a reason).
 */
import { Prisma } from '@prisma/client';
import { z } from 'zod';
import { moveStock } from '../../pharmacy/service.js';
import { slabList, slabsOn } from '../../billing/rates.js';
import { departmentFinder, differs, rowByRowWriter, RowRefused, type ImportKind } from '../kind.js';
import * as clean from '../normalize.js';

const code = (what: string) =>
  z
    .string({ error: `the ${what} code is required` })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, `expected a ${what} code of letters, digits, - . / _`)
    .transform((c) => c.toUpperCase());
const money = (what: string) => z.string({ error: `the ${what} is required` });
const upperText = (value: unknown) => clean.text(value)?.toUpperCase();

const CATEGORIES = ['CONSULTATION', 'ROOM', 'PROCEDURE', 'LAB', 'RADIOLOGY', 'PHARMACY', 'NURSING', 'OTHER'] as const;

const serviceRow = z.object({
  code: code('service'),
  name: z.string({ error: 'the name is required' }).min(2).max(200),
  category: z.enum(CATEGORIES, { error: `expected one of ${CATEGORIES.join(', ')}` }),
  department: z.string().optional(),
  price: money('price'),
  gstRate: z.number().default(0),
  isHealthCare: z.boolean().default(true),
  sacCode: z
    .string()
    .regex(/^\d{4,8}$/, 'expected a SAC/HSN code of 4 to 8 digits')
    .optional(),
  isActive: z.boolean().default(true),
});

export const servicesImport: ImportKind<z.infer<typeof serviceRow>> = {
  type: 'SERVICES',
  slug: 'services',
  label: 'Tariff (services)',
  columns: [
    {
      key: 'code',
      header: 'Code',
      synonyms: ['Service Code', 'Item Code', 'Tariff Code'],
      required: true,
      example: 'CONS-GEN',
      hint: 'Unique code',
      read: upperText,
    },
    {
      key: 'name',
      header: 'Name',
      synonyms: ['Service', 'Service Name', 'Description', 'Particulars'],
      required: true,
      example: 'General consultation',
      hint: 'As printed on the bill',
      read: clean.text,
    },
    {
      key: 'category',
      header: 'Category',
      synonyms: ['Type', 'Group'],
      required: true,
      example: 'CONSULTATION',
      hint: CATEGORIES.join(', '),
      choices: CATEGORIES,
      read: (v) => upperText(v)?.replace(/\s+/g, '_'),
    },
    {
      key: 'department',
      header: 'Department',
      synonyms: ['Dept', 'Department Code'],
      example: 'GEN',
      hint: 'Department code or name (optional)',
      read: clean.text,
    },
    {
      key: 'price',
      header: 'Price',
      synonyms: ['Rate', 'Amount', 'Charges', 'Tariff', 'Price (Rs)'],
      required: true,
      example: '500.00',
      hint: 'Rupees, e.g. 500 or 500.50',
      read: clean.rupees,
    },
    {
      key: 'gstRate',
      header: 'GST %',
      synonyms: ['GST', 'GST Rate', 'Tax %', 'Tax'],
      example: 0,
      hint: `${slabList(new Date())}; charged only when the service is not health care`,
      choices: slabsOn(new Date()).map(String),
      read: clean.gstRate,
    },
    {
      key: 'isHealthCare',
      header: 'Health care',
      synonyms: ['Health Care Service', 'Exempt', 'Medical'],
      example: 'Yes',
      hint: 'Yes (exempt health care, the default) or No (cosmetic, certificates: taxed at the GST %)',
      choices: ['Yes', 'No'],
      read: clean.yesNo,
    },
    {
      key: 'sacCode',
      header: 'SAC/HSN',
      synonyms: ['SAC', 'HSN', 'SAC Code', 'HSN Code'],
      example: '999312',
      hint: '4 to 8 digits',
      read: clean.text,
    },
    {
      key: 'isActive',
      header: 'Active',
      synonyms: ['Status', 'In Use'],
      example: 'Yes',
      hint: 'Yes or No (default Yes)',
      choices: ['Yes', 'No'],
      read: clean.yesNo,
    },
  ],
  schema: serviceRow,
  key: (s) => s.code,
  writer: (tx, { jobId }) => {
    const findDepartment = departmentFinder(tx);
    return rowByRowWriter(async (row) => {
      const departmentId = row.department ? await findDepartment(row.department) : null;
      if (row.department && departmentId === null) return new RowRefused('department', `no department is called ${row.department}`);
      const data = {
        name: row.name,
        category: row.category,
        departmentId,
        price: new Prisma.Decimal(row.price),
        gstRate: new Prisma.Decimal(row.gstRate),
        isHealthCare: row.isHealthCare,
        sacCode: row.sacCode ?? null,
        isActive: row.isActive,
      };
      const existing = await tx.service.findUnique({ where: { code: row.code } });
      if (!existing) {
        await tx.service.create({ data: { ...data, code: row.code, importJobId: jobId } });
        return 'created';
      }
      if (!differs(existing, data)) return 'skipped';
      await tx.service.update({ where: { id: existing.id }, data });
      return 'updated';
    });
  },
};

const drugRow = z.object({
  code: code('drug'),
  name: z.string({ error: 'the name is required' }).min(2).max(200),
  genericName: z.string().max(200).optional(),
  form: z.string().max(50).optional(),
  strength: z.string().max(50).optional(),
  manufacturer: z.string().max(200).optional(),
  hsnCode: z
    .string()
    .regex(/^\d{6}(\d{2})?$/, 'expected a 6- or 8-digit HSN code such as 300490')
    .optional(),
  gstRate: z.number().default(5),
  reorderLevel: z.number().int().default(0),
  batchNo: z.string({ error: 'the batch number is required' }).max(40),
  expiryDate: z.date({ error: 'the expiry date is required' }),
  quantity: z.number({ error: 'the opening quantity is required' }).int(),
  mrp: money('MRP'),
  costPrice: money('cost price'),
});

/** Expiry printed on strips as mm/yyyy means the end of that month. */
function expiry(value: unknown): Date | undefined {
  const raw = clean.text(value);
  const monthYear = raw ? /^(\d{1,2})[/-](\d{4})$/.exec(raw) : null;
  if (monthYear) return new Date(Date.UTC(Number(monthYear[2]), Number(monthYear[1]), 0));
  return clean.calendarDate(value);
}

export const drugsImport: ImportKind<z.infer<typeof drugRow>> = {
  type: 'DRUGS',
  slug: 'drugs',
  label: 'Drugs with opening stock',
  columns: [
    {
      key: 'code',
      header: 'Drug Code',
      synonyms: ['Code', 'Item Code', 'Product Code'],
      required: true,
      example: 'PCM500',
      hint: 'Unique code',
      read: upperText,
    },
    {
      key: 'name',
      header: 'Drug Name',
      synonyms: ['Name', 'Item Name', 'Product', 'Brand', 'Brand Name'],
      required: true,
      example: 'Paracetamol 500 mg tablet',
      hint: 'As on the strip',
      read: clean.text,
    },
    {
      key: 'genericName',
      header: 'Generic Name',
      synonyms: ['Generic', 'Molecule', 'Composition', 'Salt'],
      example: 'Paracetamol',
      hint: 'Optional',
      read: clean.text,
    },
    {
      key: 'form',
      header: 'Form',
      synonyms: ['Dosage Form', 'Type'],
      example: 'Tablet',
      hint: 'Tablet, Syrup, Injection …',
      read: clean.text,
    },
    { key: 'strength', header: 'Strength', synonyms: ['Dose'], example: '500 mg', hint: 'Optional', read: clean.text },
    {
      key: 'manufacturer',
      header: 'Manufacturer',
      synonyms: ['Company', 'Mfr', 'Make'],
      example: 'Cipla',
      hint: 'Optional',
      read: clean.text,
    },
    {
      key: 'hsnCode',
      header: 'HSN',
      synonyms: ['HSN Code'],
      example: '300490',
      hint: '6 or 8 digits (a hospital of this size prints six)',
      read: clean.text,
    },
    {
      key: 'gstRate',
      header: 'GST %',
      synonyms: ['GST', 'GST Rate', 'Tax %'],
      example: 5,
      hint: `${slabList(new Date())} (default 5: most medicines since 22-09-2025; nil for the listed life-saving drugs)`,
      read: clean.gstRate,
    },
    {
      key: 'reorderLevel',
      header: 'Reorder Level',
      synonyms: ['Min Stock', 'Reorder Qty', 'ROL'],
      example: 100,
      hint: 'Units',
      read: clean.wholeNumber,
    },
    {
      key: 'batchNo',
      header: 'Batch No',
      synonyms: ['Batch', 'Batch Number', 'Lot', 'Lot No'],
      required: true,
      example: 'B2401',
      hint: 'As on the strip',
      read: upperText,
    },
    {
      key: 'expiryDate',
      header: 'Expiry',
      synonyms: ['Expiry Date', 'Exp', 'Exp Date', 'Expires'],
      required: true,
      example: '31/12/2027',
      hint: 'dd/mm/yyyy or mm/yyyy',
      read: expiry,
    },
    {
      key: 'quantity',
      header: 'Quantity',
      synonyms: ['Qty', 'Stock', 'Opening Stock', 'Opening Qty', 'Units'],
      required: true,
      example: 500,
      hint: 'Units in stock',
      read: clean.wholeNumber,
    },
    {
      key: 'mrp',
      header: 'MRP',
      synonyms: ['M.R.P.', 'Sale Rate', 'Selling Price'],
      required: true,
      example: '2.50',
      hint: 'Rupees per unit',
      read: clean.rupees,
    },
    {
      key: 'costPrice',
      header: 'Cost Price',
      synonyms: ['Cost', 'Purchase Rate', 'Purchase Price', 'Rate'],
      required: true,
      example: '1.80',
      hint: 'Rupees per unit',
      read: clean.rupees,
    },
  ],
  schema: drugRow,
  key: (d) => `${d.code}|${d.batchNo}`,
  writer: (tx, { jobId, userId }) =>
    rowByRowWriter(async (row) => {
      const drugData = {
        name: row.name,
        genericName: row.genericName ?? null,
        form: row.form ?? null,
        strength: row.strength ?? null,
        manufacturer: row.manufacturer ?? null,
        hsnCode: row.hsnCode ?? null,
        gstRate: new Prisma.Decimal(row.gstRate),
        reorderLevel: row.reorderLevel,
      };
      let outcome: 'created' | 'updated' | 'skipped' = 'skipped';
      let drug = await tx.drug.findUnique({ where: { code: row.code } });
      if (!drug) {
        drug = await tx.drug.create({ data: { ...drugData, code: row.code, importJobId: jobId } });
        outcome = 'created';
      } else if (differs(drug, drugData)) {
        drug = await tx.drug.update({ where: { id: drug.id }, data: drugData });
        outcome = 'updated';
      }
      const batchData = { expiryDate: row.expiryDate, mrp: new Prisma.Decimal(row.mrp), costPrice: new Prisma.Decimal(row.costPrice) };
      const batch = await tx.drugBatch.findUnique({ where: { drugId_batchNo: { drugId: drug.id, batchNo: row.batchNo } } });
      if (!batch) {
        const created = await tx.drugBatch.create({
          data: { ...batchData, drugId: drug.id, batchNo: row.batchNo, quantity: 0, importJobId: jobId },
        });
        if (row.quantity > 0) await moveStock(tx, { userId }, created.id, 'RECEIPT', row.quantity, { note: 'Opening stock (import)' });
        return 'created'; // a row is a batch: a new batch is a new record, whatever happened to its drug
      }
      if (differs(batch, batchData)) {
        await tx.drugBatch.update({ where: { id: batch.id }, data: batchData });
        return outcome === 'created' ? outcome : 'updated';
      }
      return outcome;
    }),
};

const labTestRow = z
  .object({
    code: code('test'),
    name: z.string({ error: 'the name is required' }).min(2).max(200),
    sampleType: z.string({ error: 'the sample type is required' }).max(50),
    unit: z.string().max(30).optional(),
    refRangeLow: z.string().optional(),
    refRangeHigh: z.string().optional(),
    turnaroundHours: z.number().int().min(1, 'expected at least 1 hour').max(720).default(24),
    serviceCode: z.string().optional(),
  })
  .refine((t) => !t.refRangeLow || !t.refRangeHigh || new Prisma.Decimal(t.refRangeLow).lessThanOrEqualTo(t.refRangeHigh), {
    message: 'the low end of the range is above the high end',
    path: ['refRangeLow'],
  });

function measurement(value: unknown): string | undefined {
  const raw = clean.text(typeof value === 'number' ? String(value) : value);
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}(\.\d{1,3})?$/.test(raw)) throw new clean.CellProblem(`"${raw}" is not a number with at most 3 decimals`);
  return raw;
}

export const labTestsImport: ImportKind<z.infer<typeof labTestRow>> = {
  type: 'LAB_TESTS',
  slug: 'lab-tests',
  label: 'Lab test catalogue',
  columns: [
    { key: 'code', header: 'Test Code', synonyms: ['Code'], required: true, example: 'HB', hint: 'Unique code', read: upperText },
    {
      key: 'name',
      header: 'Test Name',
      synonyms: ['Name', 'Test', 'Investigation'],
      required: true,
      example: 'Haemoglobin',
      hint: 'As on the report',
      read: clean.text,
    },
    {
      key: 'sampleType',
      header: 'Sample',
      synonyms: ['Sample Type', 'Specimen'],
      required: true,
      example: 'Blood',
      hint: 'Blood, Urine, Serum …',
      read: clean.text,
    },
    { key: 'unit', header: 'Unit', synonyms: ['Units', 'UOM'], example: 'g/dL', hint: 'Optional', read: clean.text },
    {
      key: 'refRangeLow',
      header: 'Range Low',
      synonyms: ['Ref Low', 'Normal Low', 'Min'],
      example: '12',
      hint: 'Number (optional)',
      read: measurement,
    },
    {
      key: 'refRangeHigh',
      header: 'Range High',
      synonyms: ['Ref High', 'Normal High', 'Max'],
      example: '16',
      hint: 'Number (optional)',
      read: measurement,
    },
    {
      key: 'turnaroundHours',
      header: 'TAT Hours',
      synonyms: ['TAT', 'Turnaround', 'Turnaround Hours'],
      example: 6,
      hint: 'Hours (default 24)',
      read: clean.wholeNumber,
    },
    {
      key: 'serviceCode',
      header: 'Service Code',
      synonyms: ['Tariff Code', 'Billing Code'],
      example: 'LAB-HB',
      hint: 'Tariff item billed for it (optional)',
      read: upperText,
    },
  ],
  schema: labTestRow,
  key: (t) => t.code,
  writer: (tx, { jobId }) =>
    rowByRowWriter(async (row) => {
      const service = row.serviceCode ? await tx.service.findUnique({ where: { code: row.serviceCode } }) : null;
      if (row.serviceCode && !service) return new RowRefused('serviceCode', `no tariff item has the code ${row.serviceCode}`);
      const data = {
        name: row.name,
        sampleType: row.sampleType,
        unit: row.unit ?? null,
        refRangeLow: row.refRangeLow ? new Prisma.Decimal(row.refRangeLow) : null,
        refRangeHigh: row.refRangeHigh ? new Prisma.Decimal(row.refRangeHigh) : null,
        turnaroundHours: row.turnaroundHours,
        serviceId: service?.id ?? null,
      };
      const existing = await tx.labTest.findUnique({ where: { code: row.code } });
      if (!existing) {
        await tx.labTest.create({ data: { ...data, code: row.code, importJobId: jobId } });
        return 'created';
      }
      if (!differs(existing, data)) return 'skipped';
      await tx.labTest.update({ where: { id: existing.id }, data });
      return 'updated';
    }),
};
