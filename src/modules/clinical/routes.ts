/**
 * The patient's own clinical record in the patient API: visits, allergies on
 * file and prescriptions as PDF — own records only (another's is a 404), each read
 * audited as the patient's.
 */
import { z } from 'zod';
import { byId, page, paging } from '../../http/api/answers.js';
import { FileAnswer } from '../../http/api/route.js';
import type { PatientRoutes } from '../../http/api/context.js';
import { NotFound } from '../../errors.js';
import { mySignedSummaries, renderDischargeSummaryPdf } from './discharge.js';
import { renderPrescriptionPdf } from './prescriptionPdf.js';
import { myVisits, recordClinicalRead, standingFacts } from './service.js';

const allergy = z.object({
  kind: z.enum(['DRUG', 'FOOD', 'OTHER']),
  substance: z.string(),
  reaction: z.string().nullable(),
  severity: z.enum(['MILD', 'MODERATE', 'SEVERE']),
});

const dischargeSummary = z.object({
  id: z.number(),
  admissionNo: z.string(),
  admittedAt: z.string(),
  dischargedAt: z.string().nullable(),
  doctor: z.string(),
  signedAt: z.string(),
});

const visit = z.object({
  id: z.number(),
  date: z.string(),
  doctor: z.object({ id: z.number(), name: z.string() }),
  diagnoses: z.array(z.string()),
  advice: z.string().nullable(),
  followUpDate: z.string().nullable(),
});

export function clinicalRoutes(routes: PatientRoutes): void {
  const { api, db, deps, actorOf } = routes;
  const { everything } = routes.limits;
  api.add({
    method: 'get',
    path: '/me/visits',
    tag: 'Clinical',
    summary: 'My OPD visits: date, doctor, diagnoses in plain words, advice and follow-up',
    query: z.strictObject(paging),
    limits: [everything],
    response: page(visit),
    handle: async (ctx) => {
      const visits = await myVisits(db, ctx.patientId, ctx.query);
      await recordClinicalRead(db, actorOf(ctx), {
        patientId: ctx.patientId,
        what: 'visits (patient portal)',
        ids: visits.items.map((v) => v.id),
      });
      return visits;
    },
  });
  api.add({
    method: 'get',
    path: '/me/allergies',
    tag: 'Clinical',
    summary: 'My allergies as the hospital has them on file',
    limits: [everything],
    response: z.object({ items: z.array(allergy) }),
    handle: async (ctx) => {
      const { allergies } = await standingFacts(db, ctx.patientId);
      await recordClinicalRead(db, actorOf(ctx), { patientId: ctx.patientId, what: 'allergies (patient portal)' });
      return { items: allergies.map(({ kind, substance, reaction, severity }) => ({ kind, substance, reaction, severity })) };
    },
  });
  api.add({
    method: 'get',
    path: '/me/prescriptions/:id/pdf',
    tag: 'Clinical',
    summary: 'One of my prescriptions as PDF',
    params: byId,
    produces: 'application/pdf',
    limits: [everything],
    handle: async (ctx) => {
      const rx = await db.prescription.findFirst({ where: { id: ctx.params.id, patientId: ctx.patientId }, select: { id: true } });
      if (!rx) throw new NotFound('The prescription');
      const pdf = await renderPrescriptionPdf(db, deps.env, rx.id);
      await recordClinicalRead(db, actorOf(ctx), { patientId: ctx.patientId, what: 'prescription (patient portal)', ids: [rx.id] });
      return new FileAnswer(`prescription-${rx.id}.pdf`, 'application/pdf', pdf);
    },
  });
  api.add({
    method: 'get',
    path: '/me/discharge-summaries',
    tag: 'Clinical',
    summary: 'My signed discharge summaries (a draft is not shown until the doctor signs it)',
    limits: [everything],
    response: z.object({ items: z.array(dischargeSummary) }),
    handle: async (ctx) => {
      const summaries = await mySignedSummaries(db, ctx.patientId);
      return {
        items: summaries.map((s) => ({
          id: s.id,
          admissionNo: s.admission.admissionNo,
          admittedAt: s.admission.admittedAt.toISOString(),
          dischargedAt: s.admission.dischargedAt?.toISOString() ?? null,
          doctor: s.doctor.name,
          signedAt: (s.signedAt as Date).toISOString(),
        })),
      };
    },
  });
  api.add({
    method: 'get',
    path: '/me/discharge-summaries/:id/pdf',
    tag: 'Clinical',
    summary: 'One of my signed discharge summaries as PDF',
    params: byId,
    produces: 'application/pdf',
    limits: [everything],
    handle: async (ctx) => {
      const summary = await db.dischargeSummary.findFirst({
        where: { id: ctx.params.id, patientId: ctx.patientId, status: 'SIGNED' },
        select: { id: true },
      });
      if (!summary) throw new NotFound('The discharge summary');
      const pdf = await renderDischargeSummaryPdf(db, deps.env, summary.id);
      await recordClinicalRead(db, actorOf(ctx), {
        patientId: ctx.patientId,
        what: 'discharge summary (patient portal)',
        model: 'DischargeSummary',
        recordId: summary.id,
      });
      return new FileAnswer(`discharge-summary-${summary.id}.pdf`, 'application/pdf', pdf);
    },
  });
}
