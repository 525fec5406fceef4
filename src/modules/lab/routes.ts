/**
 * The patient's released lab reports in the patient API, as data and as PDF.
 */
import { z } from 'zod';
import { byId, labReport, page, paging } from '../../http/api/answers.js';
import { FileAnswer } from '../../http/api/route.js';
import * as portal from '../portal/service.js';
import type { PatientRoutes } from '../../http/api/context.js';

export function labRoutes(routes: PatientRoutes): void {
  const { api, db, deps } = routes;
  const { everything } = routes.limits;
  api.add({
    method: 'get',
    path: '/me/lab-results',
    tag: 'Laboratory',
    summary: 'My released lab results',
    query: z.strictObject(paging),
    limits: [everything],
    response: page(labReport),
    handle: (ctx) => portal.myLabResults(db, ctx.patientId, ctx.query),
  });
  api.add({
    method: 'get',
    path: '/me/lab-results/:id/pdf',
    tag: 'Laboratory',
    summary: 'One of my released lab reports as PDF',
    params: byId,
    produces: 'application/pdf',
    limits: [everything],
    handle: async (ctx) => {
      const file = await portal.myLabReportPdf(db, deps.env, ctx.patientId, ctx.params.id);
      return new FileAnswer(file.fileName, 'application/pdf', file.pdf);
    },
  });
}
