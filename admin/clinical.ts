/**
 * The back-office's clinical JSON routes, behind the doctor's and the nurse's
 * screens (admin/components/EncounterPage.tsx, MyPatientsPage.tsx,
 * WardRoundPage.tsx): each route names the roles that may use it, parses,
 * calls a clinical service and shapes the answer. A consultation is written
 * in only by its own doctor; vitals by its doctor or a nurse; doses by nurses.
 * Every screen that shows clinical content is an audited read.
 */
import type { Role } from '@prisma/client';
import { Router, type Request } from 'express';
import type { Db } from '../src/config/db.js';
import { NotFound } from '../src/errors.js';
import {
  bookFollowUp,
  consultationFor,
  finishConsultation,
  orderTestsFromConsultation,
  requireMayRecordVitals,
  requireOwnEncounter,
  worklistFor,
} from '../src/modules/clinical/consultation.js';
import { signDischargeSummary, writeDischargeSummary } from '../src/modules/clinical/discharge.js';
import { searchIcd10 } from '../src/modules/clinical/icd10.js';
import { recordAsNeededDose, recordDose, stopPrescriptionItem } from '../src/modules/clinical/mar.js';
import { prescribe } from '../src/modules/clinical/prescriptions.js';
import { addDiagnosis, openVisit, recordAllergy, recordVitals, writeConsultationNotes } from '../src/modules/clinical/service.js';
import {
  openWardRound,
  recordWardVitals,
  wardRecordFor,
  wardRoundFor,
  wardsWithOverdueDoses,
  writeNursingNote,
} from '../src/modules/clinical/ward.js';
import { isRecordId } from '../src/modules/ids.js';
import { orderableLabTests } from '../src/modules/lab/service.js';
import type { Notifier } from '../src/modules/notifications/service.js';
import { findDrugs } from '../src/modules/pharmacy/service.js';
import { staffRoute, type Staff, type StaffHandler } from './staffRoute.js';

const READERS: readonly Role[] = ['ADMIN', 'DOCTOR', 'NURSE'];
const CARERS: readonly Role[] = ['DOCTOR', 'NURSE'];
const DOCTORS: readonly Role[] = ['DOCTOR'];

const door = (roles: readonly Role[], refusal: string, handler: StaffHandler) =>
  staffRoute((role) => roles.includes(role), refusal, handler);

const idOf = (req: Request, what: string) => {
  if (!isRecordId(req.params.id)) throw new NotFound(what);
  return Number(req.params.id);
};
/** The form as parsed before AdminJS (admin/requestChecks.ts): JSON or form fields. */
const bodyOf = (req: Request) => ((req as { fields?: Record<string, unknown> }).fields ?? {}) as Record<string, unknown>;

export function clinicalRouter(db: Db, notifier: Notifier): Router {
  const router = Router({ caseSensitive: true });

  /** The doctor writes in their own consultation only. */
  const ownEncounter = async (req: Request, staff: Staff) => {
    const id = idOf(req, 'The consultation');
    await requireOwnEncounter(db, staff, id);
    return id;
  };

  router.get(
    '/clinical/worklist',
    door(READERS, 'Your role has no patient list', async (req, res, staff) => {
      const asked = Number(req.query.doctorId);
      res.json(await worklistFor(db, staff, Number.isInteger(asked) ? asked : null));
    }),
  );

  router.get(
    '/clinical/icd10',
    door(READERS, 'Your role does not diagnose', async (req, res) => {
      res.json({ matches: await searchIcd10(db, String(req.query.q ?? '')) });
    }),
  );

  router.get(
    '/clinical/drugs',
    door(READERS, 'Your role does not prescribe', async (req, res) => {
      res.json({ drugs: await findDrugs(db, String(req.query.q ?? '')) });
    }),
  );

  router.get(
    '/clinical/lab-tests',
    door(READERS, 'Your role does not order tests', async (_req, res) => {
      res.json({ tests: (await orderableLabTests(db)).map((t) => ({ id: t.id, code: t.code, name: t.name })) });
    }),
  );

  router.post(
    '/clinical/visits',
    door(CARERS, 'Only doctors and nurses open a consultation', async (req, res, staff) => {
      const encounter = await openVisit(db, staff, bodyOf(req));
      res.status(201).json({ encounterId: encounter.id });
    }),
  );

  router.get(
    '/clinical/encounters/:id',
    door(READERS, 'Your role may not read consultations', async (req, res, staff) => {
      res.json(await consultationFor(db, staff, idOf(req, 'The consultation')));
    }),
  );

  router.post(
    '/clinical/encounters/:id/vitals',
    door(CARERS, 'Only doctors and nurses record vitals', async (req, res, staff) => {
      const id = idOf(req, 'The consultation');
      await requireMayRecordVitals(db, staff, id);
      res.status(201).json(await recordVitals(db, staff, { ...bodyOf(req), encounterId: id }));
    }),
  );

  const doctorWrites = (path: string, work: (id: number, body: Record<string, unknown>, staff: Staff) => Promise<unknown>) =>
    router.post(
      path,
      door(DOCTORS, 'Only the doctor writes the consultation', async (req, res, staff) => {
        const id = await ownEncounter(req, staff);
        res.status(201).json(await work(id, bodyOf(req), staff));
      }),
    );

  doctorWrites('/clinical/encounters/:id/notes', (encounterId, body, staff) => writeConsultationNotes(db, staff, { ...body, encounterId }));
  doctorWrites('/clinical/encounters/:id/diagnoses', (encounterId, body, staff) => addDiagnosis(db, staff, { ...body, encounterId }));
  doctorWrites('/clinical/encounters/:id/prescriptions', (encounterId, body, staff) => prescribe(db, staff, { ...body, encounterId }));
  doctorWrites('/clinical/encounters/:id/lab-orders', async (encounterId, body, staff) => ({
    orders: await orderTestsFromConsultation(db, staff, { ...body, encounterId }),
  }));
  doctorWrites('/clinical/encounters/:id/follow-up', (encounterId, body, staff) => bookFollowUp(db, staff, { ...body, encounterId }));
  doctorWrites('/clinical/encounters/:id/finish', (encounterId, _body, staff) => finishConsultation(db, staff, { encounterId }));

  router.post(
    '/clinical/patients/:id/allergies',
    door(CARERS, 'Only doctors and nurses record allergies', async (req, res, staff) => {
      res.status(201).json(await recordAllergy(db, staff, { ...bodyOf(req), patientId: idOf(req, 'The patient') }));
    }),
  );

  // ── The ward ──
  router.get(
    '/clinical/wards',
    door(READERS, 'Your role has no ward round', async (_req, res) => {
      res.json({ wards: await wardsWithOverdueDoses(db) });
    }),
  );

  router.get(
    '/clinical/wards/:id/medication-round',
    door(READERS, 'Your role has no ward round', async (req, res, staff) => {
      res.json(await wardRoundFor(db, staff, idOf(req, 'The ward')));
    }),
  );

  router.post(
    '/clinical/doses/:id',
    door(['NURSE'], 'Only nurses record doses', async (req, res, staff) => {
      res.json(await recordDose(db, staff, { ...bodyOf(req), doseId: idOf(req, 'The dose') }));
    }),
  );

  router.post(
    '/clinical/prescription-items/:id/given',
    door(['NURSE'], 'Only nurses record doses', async (req, res, staff) => {
      res.status(201).json(await recordAsNeededDose(db, staff, { ...bodyOf(req), itemId: idOf(req, 'The prescription item') }));
    }),
  );

  router.post(
    '/clinical/prescription-items/:id/stop',
    door(DOCTORS, 'Only a doctor stops a drug', async (req, res, staff) => {
      res.json(await stopPrescriptionItem(db, staff, { ...bodyOf(req), itemId: idOf(req, 'The prescription item') }));
    }),
  );

  router.get(
    '/clinical/admissions/:id',
    door(READERS, 'Your role may not read the ward record', async (req, res, staff) => {
      res.json(await wardRecordFor(db, staff, idOf(req, 'The admission')));
    }),
  );

  router.post(
    '/clinical/admissions/:id/rounds',
    door(DOCTORS, 'Only a doctor goes on a ward round', async (req, res, staff) => {
      const round = await openWardRound(db, staff, { admissionId: idOf(req, 'The admission') });
      res.status(201).json({ encounterId: round.id });
    }),
  );

  router.post(
    '/clinical/admissions/:id/nursing-notes',
    door(CARERS, 'Only nurses and doctors write nursing notes', async (req, res, staff) => {
      res.status(201).json(await writeNursingNote(db, staff, { ...bodyOf(req), admissionId: idOf(req, 'The admission') }));
    }),
  );

  router.post(
    '/clinical/admissions/:id/vitals',
    door(CARERS, 'Only doctors and nurses record vitals', async (req, res, staff) => {
      res.status(201).json(await recordWardVitals(db, staff, { ...bodyOf(req), admissionId: idOf(req, 'The admission') }));
    }),
  );

  router.post(
    '/clinical/admissions/:id/discharge-summary',
    door(DOCTORS, 'Only a doctor writes the discharge summary', async (req, res, staff) => {
      res.json(await writeDischargeSummary(db, staff, { ...bodyOf(req), admissionId: idOf(req, 'The admission') }));
    }),
  );

  router.post(
    '/clinical/admissions/:id/discharge-summary/sign',
    door(DOCTORS, 'Only a doctor signs the discharge summary', async (req, res, staff) => {
      res.json(await signDischargeSummary(db, staff, { admissionId: idOf(req, 'The admission') }, notifier));
    }),
  );

  // Anything else under /clinical is not a route: refused, not passed to AdminJS.
  router.all('/clinical/*', (_req, _res, next) => next(new NotFound('This clinical address')));
  return router;
}
