/**
 * The patient's say over the hospital's messages: the language, which
 * channels may carry them, and opting out of all of them. One-time codes and
 * reset links are not covered: the patient asks for those and waits for them.
 */
import { z } from 'zod';
import type { Db } from '../../config/db.js';
import { NotFound } from '../../errors.js';
import { recordAudit, type AuditActor } from '../audit/service.js';

export const preferencesSchema = z.strictObject({
  language: z.enum(['EN', 'HI', 'MR'], { error: 'Choose EN (English), HI (Hindi) or MR (Marathi)' }).optional(),
  sms: z.boolean({ error: 'sms is true or false' }).optional(),
  whatsapp: z.boolean({ error: 'whatsapp is true or false' }).optional(),
  email: z.boolean({ error: 'email is true or false' }).optional(),
  /** true: no messages at all (codes and reset links excepted); false: messages again. */
  optedOut: z.boolean({ error: 'optedOut is true or false' }).optional(),
});
export type PreferencesChange = z.infer<typeof preferencesSchema>;

export const preferencesView = z.object({
  language: z.enum(['EN', 'HI', 'MR']),
  sms: z.boolean(),
  whatsapp: z.boolean(),
  email: z.boolean(),
  optedOut: z.boolean(),
  optedOutAt: z.string().nullable(),
});

const shown = (p: {
  language: 'EN' | 'HI' | 'MR';
  notifyBySms: boolean;
  notifyByWhatsapp: boolean;
  notifyByEmail: boolean;
  optedOutAt: Date | null;
}) => ({
  language: p.language,
  sms: p.notifyBySms,
  whatsapp: p.notifyByWhatsapp,
  email: p.notifyByEmail,
  optedOut: p.optedOutAt !== null,
  optedOutAt: p.optedOutAt?.toISOString() ?? null,
});

const chosen = { language: true, notifyBySms: true, notifyByWhatsapp: true, notifyByEmail: true, optedOutAt: true } as const;

export async function myMessagePreferences(db: Db, patientId: number) {
  const patient = await db.patient.findUnique({ where: { id: patientId }, select: chosen });
  if (!patient) throw new NotFound('The patient');
  return shown(patient);
}

export async function setMyMessagePreferences(db: Db, actor: AuditActor, patientId: number, change: PreferencesChange) {
  const before = await myMessagePreferences(db, patientId);
  const optedOutAt =
    change.optedOut === undefined ? undefined : change.optedOut ? (before.optedOutAt ? new Date(before.optedOutAt) : new Date()) : null;
  return db.$transaction(async (tx) => {
    const patient = await tx.patient.update({
      where: { id: patientId },
      data: {
        ...(change.language ? { language: change.language } : {}),
        ...(change.sms === undefined ? {} : { notifyBySms: change.sms }),
        ...(change.whatsapp === undefined ? {} : { notifyByWhatsapp: change.whatsapp }),
        ...(change.email === undefined ? {} : { notifyByEmail: change.email }),
        ...(optedOutAt === undefined ? {} : { optedOutAt }),
      },
      select: chosen,
    });
    const after = shown(patient);
    // Consent to messages is the patient's to give and take back (DPDP Act 2023, s. 6): each change is on record.
    await recordAudit(tx, actor, { action: 'UPDATE', model: 'Patient', recordId: String(patientId), before, after });
    return after;
  });
}
