/**
 * An administrator's merge of a duplicate registration into the patient's
 * real record: the duplicate's visits, admissions, bills, deposits, lab
 * orders, medicines and unbilled items move to the kept record, and the
 * duplicate stays behind, marked "merged into" it (never deleted: its UHID
 * may be printed on old papers). Everything moved is listed in the merge's
 * audit row, and `undoPatientMerge` moves exactly those rows back.
 *
 * Bills keep their numbers and amounts (the fiscal triggers hold); only the
 * file they sit in changes — a deposit's too, which its trigger allows only
 * inside this transaction (hospital.patient_merge).
 */
import { Prisma } from '@prisma/client';
import { z } from 'zod';
import type { Db } from '../../config/db.js';
import { Conflict, NotFound } from '../../errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/service.js';
import { recordId } from '../ids.js';
import { WHOLE_UHID } from './uhid.js';

type Tx = Prisma.TransactionClient;

/** The tables whose rows belong to a patient's file, as their Prisma delegates. */
const FILE_TABLES = [
  'appointment',
  'admission',
  'invoice',
  'deposit',
  'labOrder',
  'dispensation',
  'billableItem',
  'encounter',
  'vitals',
  'allergy',
  'chronicCondition',
  'prescription',
  'nursingNote',
  'medicationDose',
  'dischargeSummary',
] as const;
type FileTable = (typeof FILE_TABLES)[number];
type Moved = Record<FileTable, number[]>;

type Mover = {
  findMany(args: { where: { patientId?: number; id?: { in: number[] } }; select: { id: true } }): Promise<Array<{ id: number }>>;
  updateMany(args: { where: { id: { in: number[] } }; data: { patientId: number } }): Promise<{ count: number }>;
};

export const MERGE_OPERATION = 'merge duplicate patient';
export const UNDO_MERGE_OPERATION = 'undo patient merge';

export const mergePatientsSchema = z.object({
  keepId: recordId,
  duplicateUhid: z
    .string()
    .trim()
    .regex(WHOLE_UHID, 'Type the duplicate record’s whole UHID, e.g. PH-000123')
    .transform((uhid) => uhid.toUpperCase()),
  reason: z.string().trim().min(5, 'Say why these are the same person (at least 5 characters)').max(500),
});

export const undoMergeSchema = z.object({
  duplicateId: recordId,
  reason: z.string().trim().min(5, 'Say why the merge is undone (at least 5 characters)').max(500),
});

const mover = (tx: Tx, table: FileTable) => (tx as unknown as Record<FileTable, Mover>)[table];

async function lockPatients(tx: Tx, ids: number[]) {
  await tx.$queryRaw`SELECT id FROM "Patient" WHERE id IN (${Prisma.join([...ids].sort((a, b) => a - b))}) ORDER BY id FOR UPDATE`;
}

/** Lets this transaction move deposits between files (the deposit trigger reads it). */
async function allowFileMove(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT set_config('hospital.patient_merge', 'on', true)`;
}

async function moveRows(tx: Tx, rows: Moved, to: number): Promise<void> {
  for (const table of FILE_TABLES) {
    const ids = rows[table];
    if (ids.length > 0) await mover(tx, table).updateMany({ where: { id: { in: ids } }, data: { patientId: to } });
  }
}

export interface MergeResult {
  kept: { id: number; uhid: string };
  duplicate: { id: number; uhid: string };
  moved: Moved;
}

export async function mergePatients(db: Db, actor: Actor, input: unknown): Promise<MergeResult> {
  const request = mergePatientsSchema.parse(input);
  return db.$transaction(async (tx) => {
    const duplicateRef = await tx.patient.findUnique({ where: { uhid: request.duplicateUhid }, select: { id: true } });
    if (!duplicateRef) throw new NotFound(`The patient ${request.duplicateUhid}`);
    await lockPatients(tx, [request.keepId, duplicateRef.id]);
    const [kept, duplicate] = await Promise.all([
      tx.patient.findUnique({ where: { id: request.keepId } }),
      tx.patient.findUniqueOrThrow({ where: { id: duplicateRef.id } }),
    ]);
    if (!kept) throw new NotFound('The patient');
    if (kept.id === duplicate.id) throw new Conflict('SAME_PATIENT', 'That is this record itself: type the UHID of the duplicate');
    if (duplicate.mergedIntoId !== null) throw new Conflict('ALREADY_MERGED', `${duplicate.uhid} was already merged into another record`);
    if (kept.mergedIntoId !== null)
      throw new Conflict('ALREADY_MERGED', `${kept.uhid} was itself merged: merge into the record it was merged into`);
    if (duplicate.portalEnabled && kept.portalEnabled) {
      throw new Conflict(
        'TWO_PORTAL_ACCOUNTS',
        'Both records have a patient-portal account: ask the patient which one to keep, and disable the other first',
      );
    }
    const admitted = await tx.admission.count({ where: { patientId: { in: [kept.id, duplicate.id] }, status: 'ADMITTED' } });
    if (admitted > 1) throw new Conflict('BOTH_ADMITTED', 'Both records are admitted now: discharge one admission first');

    await allowFileMove(tx);
    const moved = Object.fromEntries(
      await Promise.all(
        FILE_TABLES.map(async (table) => [
          table,
          (await mover(tx, table).findMany({ where: { patientId: duplicate.id }, select: { id: true } })).map((r) => r.id),
        ]),
      ),
    ) as Moved;
    await moveRows(tx, moved, kept.id);
    // The duplicate's portal account (phone already proven) becomes the kept record's; its sessions end.
    const portal = duplicate.portalEnabled
      ? { portalEnabled: true, portalPasswordHash: duplicate.portalPasswordHash, email: kept.email ?? duplicate.email }
      : {};
    await tx.patientRefreshToken.deleteMany({ where: { patientId: duplicate.id } });
    await tx.patientPasswordReset.deleteMany({ where: { patientId: duplicate.id } });
    await tx.patient.update({
      where: { id: duplicate.id },
      data: {
        mergedIntoId: kept.id,
        mergedAt: new Date(),
        portalEnabled: false,
        portalPasswordHash: null,
        ...(duplicate.portalEnabled ? { email: null } : {}),
      },
    });
    if (duplicate.portalEnabled) await tx.patient.update({ where: { id: kept.id }, data: portal });
    await recordAudit(tx, actor, {
      action: 'ACTION',
      model: 'Patient',
      recordId: String(kept.id),
      after: {
        operation: MERGE_OPERATION,
        duplicateId: duplicate.id,
        duplicateUhid: duplicate.uhid,
        reason: request.reason,
        portalMoved: duplicate.portalEnabled,
        moved,
      },
    });
    return { kept: { id: kept.id, uhid: kept.uhid }, duplicate: { id: duplicate.id, uhid: duplicate.uhid }, moved };
  });
}

/**
 * Undoes a merge from its audit row: the rows it moved go back to the
 * duplicate (rows added since stay with the kept record), which is a record
 * of its own again. A portal account it brought stays with the kept record.
 */
export async function undoPatientMerge(db: Db, actor: Actor, input: unknown): Promise<MergeResult> {
  const request = undoMergeSchema.parse(input);
  return db.$transaction(async (tx) => {
    const duplicate = await tx.patient.findUnique({ where: { id: request.duplicateId } });
    if (!duplicate) throw new NotFound('The patient');
    if (duplicate.mergedIntoId === null) throw new Conflict('NOT_MERGED', `${duplicate.uhid} is not merged into another record`);
    const keptId = duplicate.mergedIntoId;
    await lockPatients(tx, [keptId, duplicate.id]);
    const entry = await tx.auditLog.findFirst({
      where: { action: 'ACTION', model: 'Patient', recordId: String(keptId), after: { path: ['duplicateId'], equals: duplicate.id } },
      orderBy: { id: 'desc' },
    });
    const recorded = (entry?.after as { operation?: string; moved?: Partial<Moved> } | null) ?? null;
    if (!recorded || recorded.operation !== MERGE_OPERATION || !recorded.moved) {
      throw new Conflict('MERGE_NOT_RECORDED', 'The audit trail holds no record of this merge: it cannot be undone automatically');
    }
    await allowFileMove(tx);
    // Only rows still in the kept record's file go back (a row is never taken from a third file).
    const owned = Object.fromEntries(
      await Promise.all(
        FILE_TABLES.map(async (table) => {
          const ids = (recorded.moved?.[table] ?? []).filter((id) => Number.isInteger(id));
          if (ids.length === 0) return [table, []];
          const still = await mover(tx, table).findMany({ where: { id: { in: ids }, patientId: keptId }, select: { id: true } });
          return [table, still.map((r) => r.id)];
        }),
      ),
    ) as Moved;
    await moveRows(tx, owned, duplicate.id);
    await tx.patient.update({ where: { id: duplicate.id }, data: { mergedIntoId: null, mergedAt: null } });
    const kept = await tx.patient.findUniqueOrThrow({ where: { id: keptId }, select: { id: true, uhid: true } });
    await recordAudit(tx, actor, {
      action: 'ACTION',
      model: 'Patient',
      recordId: String(duplicate.id),
      after: {
        operation: UNDO_MERGE_OPERATION,
        keptId,
        keptUhid: kept.uhid,
        reason: request.reason,
        undoesAuditId: entry?.id ?? null,
        moved: owned,
      },
    });
    return { kept, duplicate: { id: duplicate.id, uhid: duplicate.uhid }, moved: owned };
  });
}
