/**
 * Who performs an operation: every service that changes something takes an
 * Actor, records it on the rows it writes and in the audit trail.
 */
import type { Prisma } from '@prisma/client';
import { inTransaction, type DbOrTx } from '../config/db.js';
import { recordAudit, redactSecrets, type AuditActor } from './audit/service.js';

/** A staff member. */
export interface Actor extends AuditActor {
  userId: number;
}

/**
 * A patient acting through the patient API: no staff user; the audit row names
 * them in userAgent (null before sign-in: sign-up, password reset — the row's
 * recordId names the patient).
 */
export function patientActor(patientId: number | null, ip: string | null, userAgent: string | null): AuditActor {
  const who = patientId === null ? 'patient-portal' : `patient:${patientId}`;
  return { userId: null, ip, userAgent: `${who}${userAgent ? ` ${userAgent}` : ''}`.slice(0, 300) };
}

type Tx = Prisma.TransactionClient;

/** Whose file a written record belongs to, so the patient's history finds the change. */
function patientOf(model: string, record: { id: number | string }): number | null {
  const patientId = (record as { patientId?: unknown }).patientId;
  if (typeof patientId === 'number') return patientId;
  return model === 'Patient' && typeof record.id === 'number' ? record.id : null;
}

/** Runs an operation in one transaction and records it in the audit trail with it. */
export async function auditedOperation<T extends { id: number | string }>(
  db: DbOrTx,
  actor: AuditActor,
  what: { model: string; operation: string },
  work: (tx: Tx) => Promise<{ record: T; before?: Record<string, unknown> | null; after?: Record<string, unknown> }>,
): Promise<T> {
  return inTransaction(db, async (tx) => {
    const { record, before, after } = await work(tx);
    await recordAudit(tx, actor, {
      action: 'ACTION',
      model: what.model,
      recordId: String(record.id),
      patientId: patientOf(what.model, record),
      before: before ? redactSecrets(before) : null,
      after: { operation: what.operation, ...redactSecrets(after ?? (record as unknown as Record<string, unknown>)) },
    });
    return record;
  });
}
