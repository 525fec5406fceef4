/**
 * The doctor's prescription: drugs from the drug master with the dosing as
 * Indian prescriptions write it (clinical/frequency.ts), the quantity worked
 * out from frequency and duration, and two warnings that need a reason to go
 * on — a drug the patient is allergic to (matched on the generic and brand
 * names), and a drug already on an active course (or twice in this one).
 */
import type { Drug, Prescription } from '@prisma/client';
import { z } from 'zod';
import type { DbOrTx } from '../../config/db.js';
import { Conflict, NotFound, ValidationFailed } from '../../errors.js';
import { dateColumn, istDate } from '../../time.js';
import { auditedOperation, type Actor } from '../actor.js';
import { recordId } from '../ids.js';
import { durationDays, NotAFrequency, parseFrequency, quantityFor } from './frequency.js';
import { scheduleDoses } from './mar.js';

const itemSchema = z.object({
  drugId: recordId,
  dose: z.string().trim().min(1, 'Write the dose, e.g. 1 tablet or 5 ml').max(60),
  frequency: z.string().trim().min(1, 'Write how often, e.g. 1-0-1, BD or SOS').max(20),
  route: z.string().trim().min(1).max(40).default('Oral'),
  duration: z.string().trim().max(20).optional(),
  foodTiming: z.enum(['BEFORE_FOOD', 'AFTER_FOOD', 'WITH_FOOD', 'EMPTY_STOMACH', 'ANY_TIME']).default('ANY_TIME'),
  /** Units a dose takes from the pack (2 tablets a dose): the quantity is doses × this. */
  unitsPerDose: z.coerce.number().positive().max(20).default(1),
  quantity: z.coerce.number().int().min(1).max(10_000).optional(),
  instructions: z.string().trim().max(300).optional(),
  overrideReason: z.string().trim().min(5, 'Say why (at least 5 characters)').max(300).optional(),
});

/** An item with its dosing understood: the pattern read, the days counted, the quantity known. */
const plannedItem = itemSchema.transform((item, ctx) => {
  try {
    const frequency = parseFrequency(item.frequency);
    const days = item.duration ? durationDays(item.duration) : null;
    const quantity = item.quantity ?? (days !== null || frequency.once ? quantityFor(frequency, days ?? 1, item.unitsPerDose) : null);
    if (quantity === null) {
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'Write how many to dispense (SOS, or no duration)' });
      return z.NEVER;
    }
    return { ...item, frequency: frequency.notation, durationDays: days, quantity };
  } catch (error) {
    if (!(error instanceof NotAFrequency)) throw error;
    ctx.addIssue({ code: 'custom', path: [/duration/.test(error.message) ? 'duration' : 'frequency'], message: error.message });
    return z.NEVER;
  }
});

export const prescribeSchema = z.object({
  encounterId: recordId,
  items: z.array(plannedItem).min(1, 'Add at least one drug').max(30),
  notes: z.string().trim().max(1000).optional(),
});

type PlannedItem = z.infer<typeof plannedItem>;
/** One drug as the doctor writes it (the discharge summary's medicines take the same). */
export const prescriptionItemInput = plannedItem;

const norm = (text: string | null | undefined) => (text ?? '').trim().toLowerCase();

/** The drug matches an allergy when either name contains the other ("Amoxicillin" ~ allergy to "amoxicillin"). */
function allergyMatches(drug: Pick<Drug, 'name' | 'genericName'>, substance: string): boolean {
  const allergen = norm(substance);
  if (allergen.length < 3) return false;
  return [drug.name, drug.genericName].map(norm).some((name) => name.length > 0 && (name.includes(allergen) || allergen.includes(name)));
}

const sameDrug = (a: Pick<Drug, 'id' | 'genericName'>, b: Pick<Drug, 'id' | 'genericName'>) =>
  a.id === b.id || (norm(a.genericName).length > 0 && norm(a.genericName) === norm(b.genericName));

/** Why an item needs a reason, in the doctor's words (none: it may go on). */
async function warningsFor(
  db: DbOrTx,
  patientId: number,
  items: PlannedItem[],
  drugs: Map<number, Drug>,
  today: string,
  /** Medicines on discharge continue the stay's: the ward's own orders are not duplicates of them. */
  continuingAdmissionId: number | null,
): Promise<string[][]> {
  const notOfTheStay = continuingAdmissionId
    ? { encounter: { OR: [{ admissionId: null }, { admissionId: { not: continuingAdmissionId } }] } }
    : {};
  const [allergies, active] = await Promise.all([
    db.allergy.findMany({ where: { patientId, isActive: true, kind: 'DRUG' } }),
    db.prescriptionItem.findMany({
      where: {
        status: 'ACTIVE',
        prescription: { patientId, ...notOfTheStay },
        OR: [{ endsOn: null }, { endsOn: { gte: dateColumn(today) } }],
      },
      include: { drug: true },
    }),
  ]);
  return items.map((item, index) => {
    const drug = drugs.get(item.drugId) as Drug;
    const warnings: string[] = [];
    for (const allergy of allergies.filter((a) => allergyMatches(drug, a.substance))) {
      warnings.push(
        `allergic to ${allergy.substance}${allergy.reaction ? ` (${allergy.reaction})` : ''}, ${allergy.severity.toLowerCase()}`,
      );
    }
    const running = active.find((a) => sameDrug(a.drug, drug));
    if (running)
      warnings.push(`already on ${running.drug.name} ${running.frequency}${running.endsOn ? ` until ${istDate(running.endsOn)}` : ''}`);
    if (items.slice(0, index).some((earlier) => sameDrug(drugs.get(earlier.drugId) as Drug, drug)))
      warnings.push(`${drug.name} is twice on this prescription`);
    return warnings;
  });
}

export async function prescribe(db: DbOrTx, actor: Actor, input: unknown): Promise<Prescription> {
  const request = prescribeSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Prescription', operation: 'prescribe' }, async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Encounter" WHERE id = ${request.encounterId} FOR UPDATE`;
    const encounter = await tx.encounter.findUnique({ where: { id: request.encounterId } });
    if (!encounter) throw new NotFound('The consultation');
    if (encounter.status !== 'OPEN') throw new Conflict('ENCOUNTER_FINISHED', 'This consultation is finished: prescribe in a new one');
    const drugs = new Map(
      (await tx.drug.findMany({ where: { id: { in: request.items.map((i) => i.drugId) }, isActive: true } })).map((d) => [d.id, d]),
    );
    request.items.forEach((item, index) => {
      if (!drugs.has(item.drugId))
        throw new ValidationFailed(`items.${index}.drugId: not a drug in use`, [
          { path: `items.${index}.drugId`, message: 'Choose a drug from the list' },
        ]);
    });
    const today = istDate();
    const continuing = encounter.kind === 'DISCHARGE' ? encounter.admissionId : null;
    const warnings = await warningsFor(tx, encounter.patientId, request.items, drugs, today, continuing);
    const unreasoned = warnings.flatMap((w, index) => (w.length > 0 && !request.items[index]?.overrideReason ? [{ index, w }] : []));
    if (unreasoned.length > 0) {
      const details = unreasoned.map(({ index, w }) => ({
        path: `items.${index}.overrideReason`,
        message: `${(drugs.get(request.items[index]?.drugId ?? 0) as Drug).name}: ${w.join('; ')} — give a reason to prescribe it anyway`,
      }));
      throw new ValidationFailed(details.map((d) => d.message).join('. '), details);
    }
    const record = await tx.prescription.create({
      data: {
        encounterId: encounter.id,
        patientId: encounter.patientId,
        doctorId: encounter.doctorId,
        notes: request.notes ?? null,
        items: {
          create: request.items.map((item) => ({
            drugId: item.drugId,
            dose: item.dose,
            frequency: item.frequency,
            route: item.route,
            durationDays: item.durationDays,
            foodTiming: item.foodTiming,
            quantity: item.quantity,
            instructions: item.instructions ?? null,
            overrideReason: item.overrideReason ?? null,
            endsOn: item.durationDays ? dateColumn(addDays(today, item.durationDays - 1)) : null,
          })),
        },
      },
      include: { items: { orderBy: { id: 'asc' } } },
    });
    // A ward round's prescription is also the nurses' chart: its doses are scheduled with it.
    const doses = await scheduleDoses(tx, encounter, record.items);
    return { record, after: { items: request.items.length, warnings: warnings.flat(), doses } };
  });
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The patient's active prescriptions with what each item asks for (the pharmacy's view). */
export function activePrescriptions(db: DbOrTx, patientId: number) {
  return db.prescription.findMany({
    where: { patientId, items: { some: { status: 'ACTIVE' } } },
    include: {
      items: { where: { status: 'ACTIVE' }, include: { drug: true }, orderBy: { id: 'asc' } },
      doctor: { select: { name: true } },
    },
    orderBy: { createdAt: 'desc' },
  });
}
