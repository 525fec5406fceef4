/**
 * Fiscal records are final (CGST Act s.31 and Rule 46: an issued invoice is
 * corrected by a credit note, never rewritten; the serial numbering stays
 * gapless). This is the rule in words, for every door that offers a generic
 * edit or delete (the back-office forms, bulk actions): it says why before the
 * database's own triggers (migration `fiscal_records_are_final`) would refuse.
 */
import type { Db } from '../../config/db.js';

export type RecordChange = 'update' | 'delete';

type Row = Record<string, unknown>;

const MONEY_RECORDS: Record<string, string> = {
  Payment: 'A payment is never edited or deleted: record a refund instead.',
  Refund: 'A refund is never edited or deleted.',
  Deposit: 'A deposit is never edited or deleted: refund or apply it instead.',
  Sequence: 'Document counters are never edited: the numbering must stay gapless.',
  InvoiceLine: 'Invoice lines change only through the billing operations of a draft.',
};

/** Why `change` is refused for this record (null when it is allowed). */
export function fiscalRefusal(model: string, change: RecordChange, record: Row): string | null {
  if (model === 'Invoice') {
    if (record.status === 'DRAFT') return null;
    return change === 'delete'
      ? 'An issued invoice or credit note is never deleted: cancel it with a credit note.'
      : 'An issued invoice or credit note cannot be edited: cancel it with a credit note.';
  }
  return MONEY_RECORDS[model] ?? null;
}

/** Models whose records this rule may refuse (the others need no lookup). */
export const FISCAL_MODELS = new Set(['Invoice', ...Object.keys(MONEY_RECORDS)]);

type FindUnique = (args: { where: { id: number } }) => Promise<Row | null>;

/** Why `change` is refused for any of these records of `model` (looked up by id), or null. */
export async function fiscalRefusalOfRecords(db: Db, model: string, change: RecordChange, ids: number[]): Promise<string | null> {
  if (!FISCAL_MODELS.has(model)) return null;
  const delegate = (db as unknown as Record<string, { findUnique: FindUnique } | undefined>)[
    model.charAt(0).toLowerCase() + model.slice(1)
  ];
  for (const id of ids) {
    const record = await delegate?.findUnique({ where: { id } });
    const refusal = record ? fiscalRefusal(model, change, record) : null;
    if (refusal) return refusal;
  }
  return null;
}
