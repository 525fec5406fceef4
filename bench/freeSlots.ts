/**
 * `npm run bench:slots` — how much the free-slots service (Prisma, schedule,
 * leave, holiday and bookings read per call) costs against the one hand-written
 * SQL query that finds the same booked slots, run through `pg` in the same
 * process on the same data. Prints a ratio; the last line is one JSON object.
 *
 * Uses DATABASE_URL's server (a scratch database is created and dropped).
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPrismaClient, type Db } from '../src/config/db.js';
import { freeSlots } from '../src/modules/appointments/service.js';
import { createBenchDoctor } from './benchDoctor.js';
import { withScratchDatabase } from './scratchDatabase.js';

const ROUNDS = 300;

async function timed(label: string, work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await work(); // warm-up
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) await work();
  const ms = (performance.now() - started) / ROUNDS;
  console.log(`${label.padEnd(34)} ${ms.toFixed(3)} ms per call`);
  return ms;
}

async function main(): Promise<void> {
  await withScratchDatabase('parth_bench', async (url) => {
    const db = createPrismaClient(url);
    const raw = new pg.Pool({ connectionString: url, max: 2 });
    try {
      await measure(db, raw);
    } finally {
      await raw.end();
      await db.$disconnect();
    }
  });
}

/** Builds one doctor's day with bookings, then times both sides. */
async function measure(db: Db, raw: pg.Pool): Promise<void> {
  const doctor = await createBenchDoctor(db);
  const day = new Date(Date.now() + 330 * 60_000 + 86_400_000).toISOString().slice(0, 10);
  const patients = await Promise.all(
    Array.from({ length: 8 }, (_, i) => db.patient.create({ data: { name: `P${i}`, gender: 'MALE', phone: `+91980000000${i}` } })),
  );
  for (const [i, p] of patients.entries()) {
    const start = new Date(`${day}T09:00:00+05:30`);
    start.setMinutes(start.getMinutes() + i * 30);
    await db.appointment.create({
      data: {
        patientId: p.id,
        doctorId: doctor.id,
        visitDate: new Date(`${day}T00:00:00Z`),
        slotStart: start,
        slotEnd: new Date(start.getTime() + 15 * 60_000),
      },
    });
  }

  const service = await timed('freeSlots service (Prisma)', () => freeSlots(db, { doctorId: doctor.id, date: day }));
  const sql = await timed('hand-written SQL via pg (baseline)', () =>
    raw.query(
      `SELECT s."startTime", s."endTime", s."slotMinutes",
                (SELECT array_agg(a."slotStart") FROM "Appointment" a WHERE a."doctorId" = $1 AND a."visitDate" = $2 AND a.status <> 'CANCELLED') AS taken
         FROM "DoctorSchedule" s WHERE s."doctorId" = $1 AND s.weekday = $3 AND s."isActive"
           AND NOT EXISTS (SELECT 1 FROM "DoctorLeave" l WHERE l."doctorId" = $1 AND $2 BETWEEN l."startDate" AND l."endDate")
           AND NOT EXISTS (SELECT 1 FROM "Holiday" h WHERE h.date = $2)`,
      [doctor.id, day, new Date(`${day}T00:00:00Z`).getUTCDay() || 7],
    ),
  );
  const ratio = service / sql;
  console.log(`ratio service/baseline: ${ratio.toFixed(2)}`);
  console.log(
    JSON.stringify({
      benchmark: 'freeSlots',
      rounds: ROUNDS,
      serviceMs: Number(service.toFixed(3)),
      sqlMs: Number(sql.toFixed(3)),
      ratio: Number(ratio.toFixed(2)),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
