/**
 * The pharmacy dispenses against the doctor's prescription: all of an item or
 * part of it (first-expiry-first-out, as every dispensing: pharmacy/service.ts),
 * another drug in its place only with a reason, never more than prescribed —
 * and sees what remains. The medicine goes to the bill as every dispensing
 * does: an OPD visit's at the counter, an in-patient's to the admission
 * (billing/supply.ts classifies it).
 */
import type { Dispensation } from '@prisma/client';
import { z } from 'zod';
import type { Db } from '../../config/db.js';
import { Conflict, NotFound, ValidationFailed } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../actor.js';
import { recordId } from '../ids.js';
import { dispenseDrug } from '../pharmacy/service.js';

export const dispenseFromPrescriptionSchema = z.object({
  itemId: recordId,
  quantity: z.coerce.number().int('A whole number of units').min(1, 'At least one unit').max(10_000),
  /** Another drug handed over instead (a brand out of stock): only with a reason. */
  substituteDrugId: recordId.optional(),
  substituteReason: z.string().trim().min(5, 'Say why another drug is given (at least 5 characters)').max(300).optional(),
});

export interface DispensedAgainstPrescription {
  dispensations: Dispensation[];
  dispensed: number;
  remaining: number;
}

export async function dispenseFromPrescription(db: Db, actor: Actor, input: unknown): Promise<DispensedAgainstPrescription> {
  const request = dispenseFromPrescriptionSchema.parse(input);
  if (request.substituteDrugId && !request.substituteReason) {
    throw new ValidationFailed('substituteReason: say why another drug is given', [
      { path: 'substituteReason', message: 'Say why another drug is given' },
    ]);
  }
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "PrescriptionItem" WHERE id = ${request.itemId} FOR UPDATE`;
    const item = await tx.prescriptionItem.findUnique({
      where: { id: request.itemId },
      include: { prescription: { include: { encounter: true } }, drug: true },
    });
    if (!item) throw new NotFound('The prescription item');
    if (item.status !== 'ACTIVE') throw new Conflict('ITEM_STOPPED', `${item.drug.name} was stopped by the doctor: it is not dispensed`);
    const remaining = item.quantity - item.dispensed;
    if (request.quantity > remaining) {
      throw new ValidationFailed(`quantity: only ${remaining} unit(s) of ${item.drug.name} remain on this prescription`, [
        { path: 'quantity', message: `Only ${remaining} remain` },
      ]);
    }
    const { encounter } = item.prescription;
    const dispensations = await dispenseDrug(tx, actor, {
      patientId: item.prescription.patientId,
      drugId: request.substituteDrugId ?? item.drugId,
      quantity: request.quantity,
      ...(encounter.appointmentId ? { appointmentId: encounter.appointmentId } : {}),
      ...(encounter.admissionId ? { admissionId: encounter.admissionId } : {}),
    });
    const updated = await tx.prescriptionItem.update({ where: { id: item.id }, data: { dispensed: { increment: request.quantity } } });
    await recordAudit(tx, actor, {
      action: 'ACTION',
      model: 'PrescriptionItem',
      recordId: String(item.id),
      before: { dispensed: item.dispensed },
      after: {
        operation: 'dispense against prescription',
        dispensed: updated.dispensed,
        ...(request.substituteDrugId ? { substituteDrugId: request.substituteDrugId, substituteReason: request.substituteReason } : {}),
      },
    });
    return { dispensations, dispensed: updated.dispensed, remaining: updated.quantity - updated.dispensed };
  });
}
