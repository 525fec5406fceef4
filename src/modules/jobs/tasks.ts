/**
 * What the hospital's workers do: each task of the queue (queue.ts) bound to
 * the service that does the work, and the schedule of the recurring ones.
 * Every task may run more than once (a worker killed mid-job is run again
 * elsewhere), so each is written to finish its work once: an import already
 * committed is not committed again, a message already sent is not sent again,
 * a reminder has one log row per appointment and channel.
 */
import type { Db } from '../../config/db.js';
import type { Env } from '../../config/env.js';
import type { Logger } from '../../config/logger.js';
import { istDate, istDayBounds, istText } from '../../time.js';
import type { Actor } from '../actor.js';
import { wardsWithOverdueDoses } from '../clinical/ward.js';
import { failStaleImports, forgetOldImportFiles, importFiles, runQueuedImport, type ImportEnv } from '../imports/jobs.js';
import { forgetUnfinishedSignUps } from '../patientAuth/signup.js';
import { sendQueuedNotification, type Notifier } from '../notifications/service.js';
import { forgetOldExports, makeReportExport } from '../reports/backgroundExport.js';
import type { JobQueue } from './queue.js';
import { startWorkers, type Schedule, type TaskHandlers, type Workers } from './worker.js';

export interface TaskDeps {
  db: Db;
  databaseUrl: string;
  env: ImportEnv & Pick<Env, 'PUBLIC_URL' | 'HOSPITAL_GSTIN'>;
  logger: Logger;
  queue: JobQueue;
  notifier: Notifier;
}

/** Evening-before reminders go at 18:00 IST (12:30 UTC); the rest run through the day. */
export const hospitalSchedule: readonly Schedule[] = [
  { task: 'imports.sweep', match: '* * * * *' },
  { task: 'files.cleanUp', match: '17 * * * *' },
  // Workers down at six still send the evening's reminders when back within four hours.
  { task: 'appointments.remind', match: '30 12 * * *', backfillMs: 4 * 60 * 60 * 1000 },
  { task: 'doses.alertOverdue', match: '*/30 * * * *' },
];

const doctorTime = new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', hour: 'numeric', minute: '2-digit', hour12: true });

/** Tomorrow's booked appointments (IST), each reminded once per channel however often this runs. */
export async function remindTomorrowsAppointments(db: Db, notifier: Notifier, now = new Date()): Promise<number> {
  const tomorrow = istDate(new Date(now.getTime() + 24 * 60 * 60 * 1000));
  const { start, end } = istDayBounds(tomorrow);
  const due = await db.appointment.findMany({
    where: { status: 'BOOKED', slotStart: { gte: start, lt: end } },
    select: { id: true, patientId: true, slotStart: true, patient: { select: { name: true } }, doctor: { select: { name: true } } },
    orderBy: { id: 'asc' },
  });
  for (const appointment of due) {
    await notifier.toPatient({
      patientId: appointment.patientId,
      template: 'appointment.reminder',
      values: {
        patient: appointment.patient.name,
        doctor: appointment.doctor.name,
        date: istText(appointment.slotStart, true),
        time: doctorTime.format(appointment.slotStart),
      },
      dedupeKey: `appointment.reminder:${appointment.id}`,
    });
  }
  return due.length;
}

/** Each ward with doses overdue: its nurses are told, once per ward per half hour. */
export async function alertOverdueDoses(db: Db, notifier: Notifier, publicUrl: string, now = new Date()): Promise<number> {
  const wards = (await wardsWithOverdueDoses(db, now)).filter((w) => w.overdue > 0);
  if (wards.length === 0) return 0;
  const nurses = await db.user.findMany({ where: { role: 'NURSE', isActive: true }, select: { id: true } });
  const halfHour = new Date(Math.floor(now.getTime() / 1_800_000) * 1_800_000).toISOString();
  for (const ward of wards) {
    for (const nurse of nurses) {
      await notifier.toStaff({
        userId: nurse.id,
        template: 'doses.overdue',
        values: { ward: ward.name, count: String(ward.overdue), link: `${publicUrl}/admin/pages/wardRound` },
        dedupeKey: `doses.overdue:${ward.id}:${nurse.id}:${halfHour}`,
      });
    }
  }
  return wards.length;
}

export function hospitalTasks(deps: TaskDeps): TaskHandlers {
  const { db, env, notifier } = deps;
  const publicUrl = (env.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  return {
    'imports.run': async ({ importJobId, actor }) => {
      await runQueuedImport({ db, databaseUrl: deps.databaseUrl, env }, actor as Actor | null, importJobId);
    },
    'notifications.send': ({ notificationId }, job) =>
      sendQueuedNotification(db, notifier.channels, notificationId, job.attempt, job.maxAttempts),
    'reports.export': ({ exportId }) => makeReportExport({ db, databaseUrl: deps.databaseUrl, env }, exportId),
    'imports.sweep': async () => {
      const failed = await failStaleImports(db, deps.queue);
      if (failed > 0) deps.logger.warn(`${failed} import job(s) had stopped without finishing: marked failed`);
    },
    'files.cleanUp': async () => {
      const files = importFiles(env);
      await forgetOldImportFiles(db, files);
      await forgetOldExports(db, files);
      await forgetUnfinishedSignUps(db);
    },
    'appointments.remind': async () => {
      await remindTomorrowsAppointments(db, notifier);
    },
    'doses.alertOverdue': async () => {
      await alertOverdueDoses(db, notifier, publicUrl);
    },
  };
}

export interface HospitalWorkerDeps extends TaskDeps {
  env: TaskDeps['env'] & Pick<Env, 'JOBS_CONCURRENCY' | 'JOBS_HEARTBEAT_SECONDS'>;
  applicationName?: string;
}

/** The hospital's workers in this process: every task and the schedule. */
export function startHospitalWorkers(deps: HospitalWorkerDeps): Promise<Workers> {
  return startWorkers(
    deps.db,
    deps.logger,
    {
      databaseUrl: deps.databaseUrl,
      queue: deps.queue,
      concurrency: deps.env.JOBS_CONCURRENCY,
      heartbeatSeconds: deps.env.JOBS_HEARTBEAT_SECONDS,
      applicationName: deps.applicationName,
    },
    hospitalTasks(deps),
    hospitalSchedule,
  );
}
