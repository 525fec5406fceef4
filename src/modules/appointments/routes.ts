/**
 * The patient API's catalogue (departments, doctors, free slots) and the patient's own appointments.
 */
import { z } from 'zod';
import { appointment, byId, id, instant, page, paging } from '../../http/api/answers.js';
import { calendarDay } from '../patientAuth/schemas.js';
import * as portal from '../portal/service.js';
import { freeSlotTimes } from './service.js';
import type { PatientRoutes } from '../../http/api/context.js';

export function appointmentRoutes(routes: PatientRoutes): void {
  const { api, db, deps, actorOf, cutoff } = routes;
  const { everything, booking } = routes.limits;
  api.add({
    method: 'get',
    path: '/departments',
    tag: 'Catalogue',
    summary: 'Clinical departments',
    auth: false,
    query: z.strictObject(paging),
    limits: [everything],
    response: page(z.object({ id: z.number(), code: z.string(), name: z.string() })),
    handle: (ctx) => portal.listDepartments(db, ctx.query),
  });
  api.add({
    method: 'get',
    path: '/doctors',
    tag: 'Catalogue',
    summary: 'Doctors, by department or by name / specialisation',
    auth: false,
    query: z.strictObject({ departmentId: id.optional(), q: z.string().trim().min(1).max(60).optional(), ...paging }),
    response: page(z.object({ id: z.number(), name: z.string(), department: z.object({ id: z.number(), name: z.string() }) })),
    limits: [everything],
    handle: (ctx) => portal.listDoctors(db, ctx.query, ctx.query),
  });
  api.add({
    method: 'get',
    path: '/doctors/:id/slots',
    tag: 'Catalogue',
    summary: "A doctor's free OPD slots on a day (Asia/Kolkata)",
    auth: false,
    params: byId,
    query: z.strictObject({ date: calendarDay }),
    response: z.object({ date: z.string(), slots: z.array(z.object({ start: z.string(), end: z.string() })) }),
    limits: [everything],
    handle: async (ctx) => ({ date: ctx.query.date, slots: await freeSlotTimes(db, { doctorId: ctx.params.id, date: ctx.query.date }) }),
  });

  // ── Appointments ──
  api.add({
    method: 'get',
    path: '/me/appointments',
    tag: 'Appointments',
    summary: 'My appointments, upcoming (soonest first) or past (latest first)',
    query: z.strictObject({ when: z.enum(['upcoming', 'past']).default('upcoming'), ...paging }),
    response: page(appointment),
    limits: [everything],
    handle: (ctx) => portal.myAppointments(db, ctx.patientId, ctx.query.when, ctx.query),
  });
  api.add({
    method: 'post',
    path: '/me/appointments',
    tag: 'Appointments',
    summary:
      'Book a free slot (409 when it was just taken, when I already hold an appointment with this doctor that day, or hold the most upcoming appointments allowed)',
    status: 201,
    body: z.strictObject({ doctorId: id, startsAt: instant, reason: z.string().trim().max(500).optional() }),
    response: appointment,
    limits: [everything, booking],
    handle: async (ctx) => {
      return portal.bookMyAppointment(
        db,
        actorOf(ctx),
        ctx.patientId,
        ctx.body,
        { maxActiveFuture: deps.env.PORTAL_MAX_ACTIVE_APPOINTMENTS },
        undefined,
        deps.notifier,
      );
    },
  });
  api.add({
    method: 'patch',
    path: '/me/appointments/:id',
    tag: 'Appointments',
    summary: `Move my appointment to another free slot of the same doctor`,
    params: byId,
    body: z.strictObject({ startsAt: instant }),
    response: appointment,
    limits: [everything, booking],
    handle: (ctx) => portal.rescheduleMyAppointment(db, actorOf(ctx), ctx.patientId, ctx.params.id, ctx.body.startsAt, cutoff),
  });
  api.add({
    method: 'post',
    path: '/me/appointments/:id/cancel',
    tag: 'Appointments',
    summary: 'Cancel my appointment (up to the hospital’s cut-off before it)',
    params: byId,
    body: z.strictObject({ reason: z.string().trim().min(3, 'Give a reason for cancelling').max(500) }),
    response: appointment,
    limits: [everything, booking],
    handle: (ctx) => portal.cancelMyAppointment(db, actorOf(ctx), ctx.patientId, ctx.params.id, ctx.body.reason, cutoff),
  });
}
