/**
 * The audit trail: who did what to which record, with the changed fields
 * before and after. Written in the same transaction as the change it records,
 * so there is never a change without its audit row (or the reverse).
 */
import { Prisma, type AuditAction } from '@prisma/client';

/** Fields whose values never enter the audit log (or any back-office answer). */
export const SECRET_FIELDS = new Set(['passwordHash', 'portalPasswordHash', 'password']);
const REDACTED = '[redacted]';

export interface AuditActor {
  userId: number | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  model: string;
  recordId: string | null;
  /** The patient whose record this is: a patient's access history reads these (every clinical read names one). */
  patientId?: number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

type Row = Record<string, unknown>;

function toJsonValue(value: unknown): unknown {
  if (value instanceof Prisma.Decimal) return value.toFixed();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function redactSecrets(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, SECRET_FIELDS.has(key) ? REDACTED : toJsonValue(value)]));
}

/** Only the fields that changed, as { before, after }; secrets show as [redacted]. */
export function changedFields(before: Row, after: Row): { before: Row; after: Row } {
  const changed = Object.keys(after).filter(
    (key) => key !== 'updatedAt' && JSON.stringify(toJsonValue(before[key])) !== JSON.stringify(toJsonValue(after[key])),
  );
  const pick = (row: Row) => redactSecrets(Object.fromEntries(changed.map((key) => [key, row[key]])));
  return { before: pick(before), after: pick(after) };
}

const asJson = (row: Row | null | undefined) => (row ? (row as Prisma.InputJsonValue) : Prisma.DbNull);

function auditRow(actor: AuditActor, entry: AuditEntry) {
  return {
    userId: actor.userId,
    ip: actor.ip,
    userAgent: actor.userAgent?.slice(0, 300) ?? null,
    action: entry.action,
    model: entry.model,
    recordId: entry.recordId,
    patientId: entry.patientId ?? null,
    before: asJson(entry.before),
    after: asJson(entry.after),
  };
}

/**
 * One audit row, in the caller's transaction. Raw SQL without RETURNING: every audited
 * operation writes one (a check-in with its fee, four), and Prisma's create compiled the
 * insert on the event loop and read the row back, JSON and all, for nobody. The time is
 * the insert's own (clock_timestamp), as Prisma's was, not the transaction's start.
 */
export async function recordAudit(tx: Prisma.TransactionClient, actor: AuditActor, entry: AuditEntry): Promise<void> {
  const row = auditRow(actor, entry);
  await tx.$executeRaw`
    INSERT INTO "AuditLog" ("userId", ip, "userAgent", action, model, "recordId", "patientId", before, after, "createdAt")
    VALUES (${row.userId}, ${row.ip}, ${row.userAgent}, ${row.action}::"AuditAction", ${row.model}, ${row.recordId},
            ${row.patientId}, ${jsonText(entry.before)}::jsonb, ${jsonText(entry.after)}::jsonb, clock_timestamp())`;
}

/** A JSON column's text as Prisma would write it (a Decimal by its toJSON, a Date as ISO), or NULL. */
const jsonText = (row: Row | null | undefined): string | null => (row ? JSON.stringify(row) : null);

/** Several rows of one actor at once (a screen that showed many patients' records): one INSERT. */
export async function recordAudits(tx: Prisma.TransactionClient, actor: AuditActor, entries: AuditEntry[]): Promise<void> {
  if (entries.length > 0) await tx.auditLog.createMany({ data: entries.map((entry) => auditRow(actor, entry)) });
}

/**
 * Who opened a patient's clinical record, when and from where (NABH; the DPDP
 * rules): the READ rows every clinical screen, print and patient-API read writes.
 */
export async function patientAccessHistory(db: Prisma.TransactionClient, patientId: number, take = 50) {
  const rows = await db.auditLog.findMany({
    where: { patientId, action: 'READ' },
    include: { user: { select: { name: true, role: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
  });
  return rows.map((row) => {
    const after = (row.after ?? {}) as { read?: unknown; shown?: Record<string, unknown>; printed?: unknown };
    const what =
      typeof after.read === 'string' ? after.read : after.shown ? `${row.model} page: ${Object.keys(after.shown).join(', ')}` : row.model;
    const who = row.user
      ? `${row.user.name} (${row.user.role.toLowerCase().replace('_', ' ')})`
      : row.userAgent?.startsWith('patient:')
        ? 'The patient (portal)'
        : 'Unknown';
    return { at: row.createdAt, who, what, ip: row.ip };
  });
}

/** One field of an audited change, as the audit log's page shows it: before → after. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function valueText(value: unknown, instantText: (at: Date) => string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return ISO_INSTANT.test(value) ? instantText(new Date(value)) : value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const hasField = (row: Row, field: string) => Object.prototype.hasOwnProperty.call(row, field);
const asRow = (value: unknown): Row => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : {});

/**
 * The fields an audit row records, each with its value before and after
 * (a creation has only "after", a deletion only "before"); fields an
 * operation recorded unchanged are left out, and so is the operation's name.
 */
export function describeChanges(before: unknown, after: unknown, instantText: (at: Date) => string): FieldChange[] {
  const was = asRow(before);
  const now = asRow(after);
  const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter((field) => field !== 'operation');
  return fields
    .map((field) => ({
      field,
      before: hasField(was, field) ? valueText(was[field], instantText) : '—',
      after: hasField(now, field) ? valueText(now[field], instantText) : '—',
    }))
    .filter((change) => !(hasField(was, change.field) && hasField(now, change.field) && change.before === change.after));
}
