/**
 * Custom back-office pages. The clinical ones (myPatients, encounter,
 * wardRound) load their data from admin/clinical.ts in the browser. Each handler only loads what its page shows from
 * a service; the buttons on the pages run the record operations (POST).
 */
import type { Role } from '@prisma/client';
import type { ActionRequest, PageHandler } from 'adminjs';
import type { Db } from '../src/config/db.js';
import type { Env } from '../src/config/env.js';
import { bedBoard } from '../src/modules/admissions/service.js';
import { NEXT_UP_PER_DOCTOR, opdBoard, opdQueue, type QueueEntry } from '../src/modules/appointments/service.js';
import { lowStockDrugs, nearExpiryBatches } from '../src/modules/pharmacy/service.js';
import { istDate } from '../src/time.js';
import { mayOpenPage, mayRunOperation } from './access.js';
import type { Components } from './components.js';

type Handler = (request: ActionRequest, role: Role | undefined) => Promise<unknown>;

function guarded(page: string, handler: Handler): PageHandler {
  return async (request, _response, context) => {
    const role = context.currentAdmin?.role as Role | undefined;
    // Pages have no isAccessible in AdminJS: the guard answers 403, and this is the second lock.
    if (!mayOpenPage(role, page)) return { error: 'Your role may not open this page' };
    return handler(request, role);
  };
}

export function buildPages(db: Db, env: Pick<Env, 'NEAR_EXPIRY_DAYS'>, components: Components) {
  return {
    todaysQueue: {
      icon: 'List',
      component: components.QueuePage,
      handler: guarded('todaysQueue', async (request, role) => {
        const day = istDate();
        const doctors = await db.doctor.findMany({ where: { isActive: true }, orderBy: { name: 'asc' }, select: { id: true, name: true } });
        // Every doctor's queue unless one is chosen (the front desk serves them all).
        const chosen = Number((request.query as Record<string, string> | undefined)?.doctorId);
        const doctorId = Number.isInteger(chosen) && doctors.some((d) => d.id === chosen) ? chosen : null;
        const may = (operation: string) => mayRunOperation(role, 'Appointment', operation);
        const can = { checkIn: may('checkIn'), collectFee: may('collectFee'), markSeen: may('markSeen'), printToken: may('printToken') };
        const entry = (a: QueueEntry) => ({
          doctorId: a.doctorId,
          id: a.id,
          tokenNo: a.tokenNo,
          slotStart: a.slotStart,
          status: a.status,
          patient: a.patient,
          doctor: a.doctor,
        });
        if (doctorId !== null) {
          const queue = await opdQueue(db, day, doctorId);
          return { day, doctorId, doctors, can, queue: queue.map((a) => entry({ ...a, doctor: a.doctor.name })) };
        }
        // Every doctor at once: each one's next patients and counts, bounded however busy the OPD is.
        const board = await opdBoard(db, day);
        return { day, doctorId, doctors, can, queue: board.entries.map(entry), summary: board.doctors, nextUp: NEXT_UP_PER_DOCTOR };
      }),
    },
    bedBoard: {
      icon: 'Grid',
      component: components.BedBoard,
      handler: guarded('bedBoard', async () => {
        const wards = await bedBoard(db);
        return {
          wards: wards.map((w) => ({
            id: w.id,
            name: w.name,
            dailyRate: w.dailyRate.toFixed(2),
            beds: w.beds.map((b) => ({ id: b.id, bedNumber: b.bedNumber, status: b.status, admission: b.admissions[0] ?? null })),
          })),
        };
      }),
    },
    // The doctor's landing page (the dashboard sends a doctor here) and the consultation it opens.
    myPatients: {
      icon: 'Users',
      component: components.MyPatientsPage,
      handler: guarded('myPatients', async () => ({})),
    },
    encounter: {
      icon: 'Clipboard',
      component: components.EncounterPage,
      handler: guarded('encounter', async () => ({})),
    },
    wardRound: {
      icon: 'Activity',
      component: components.WardRoundPage,
      handler: guarded('wardRound', async () => ({})),
    },
    imports: {
      icon: 'Upload',
      component: components.ImportsPage,
      handler: guarded('imports', async () => ({})),
    },
    jobs: {
      icon: 'Cpu',
      component: components.JobsPage,
      handler: guarded('jobs', async () => ({})),
    },
    reports: {
      icon: 'BarChart2',
      component: components.ReportsPage,
      handler: guarded('reports', async () => ({})),
    },
    pharmacyAlerts: {
      icon: 'AlertTriangle',
      component: components.PharmacyAlerts,
      handler: guarded('pharmacyAlerts', async () => {
        const [nearExpiry, lowStock] = await Promise.all([nearExpiryBatches(db, env.NEAR_EXPIRY_DAYS), lowStockDrugs(db)]);
        return {
          days: env.NEAR_EXPIRY_DAYS,
          nearExpiry: nearExpiry.map((b) => ({
            id: b.id,
            drug: b.drug.name,
            batchNo: b.batchNo,
            expiryDate: istDate(b.expiryDate),
            quantity: b.quantity,
          })),
          lowStock,
        };
      }),
    },
  };
}
