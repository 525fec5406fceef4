/**
 * The hospital bench/hospitalHour.ts works in: the demo hospital (departments,
 * tariff, lab tests, drugs, wards), plus what a 500-bed hospital's peak hour
 * needs around it — set up with set-based SQL in a few seconds:
 *
 * - 20 OPD doctors sitting 08:00–20:00 every day in 5-minute slots;
 * - 100 staff logins: 40 receptionists, 20 nurses, 15 pharmacists, 15 lab
 *   technicians, 10 billing clerks;
 * - 50,000 registered patients (the desk searches among them), 500 of them
 *   with portal accounts;
 * - today's OPD: 2,800 booked visits waiting to be checked in;
 * - a large batch of every drug, so dispensing never runs dry.
 */
import type pg from 'pg';
import { seedDemoHospital } from '../prisma/seed.js';
import type { Db } from '../src/config/db.js';
import { hashPassword } from '../src/modules/staff/passwords.js';
import { istDate } from '../src/time.js';

export const STAFF_PASSWORD = 'Bench@Staff2026';
export const PORTAL_PASSWORD = 'Portal@2026x';

/** How many of each role sign in to the back-office. */
export const STAFF_MIX = { RECEPTIONIST: 40, NURSE: 20, PHARMACIST: 15, LAB_TECH: 15, BILLING: 10 } as const;
export type StaffRole = keyof typeof STAFF_MIX;
export const PATIENTS = 50_000;

export interface Hospital {
  staff: Array<{ email: string; role: StaffRole }>;
  portal: Array<{ email: string }>;
  doctorIds: number[];
  /** Today's booked visits, waiting at the desk: appointment and patient ids. */
  waiting: Array<{ appointmentId: number; patientId: number }>;
  /** Phone numbers of registered patients, for the desk's searches. */
  phones: string[];
  labTests: Array<{ id: number; name: string }>;
}

export async function seedHospital(db: Db, client: pg.Client, portalUsers: number): Promise<Hospital> {
  await seedDemoHospital(db);
  const staffHash = await hashPassword(STAFF_PASSWORD);
  const portalHash = await hashPassword(PORTAL_PASSWORD);
  const today = istDate();

  const roles = Object.entries(STAFF_MIX).flatMap(([role, count]) => Array.from({ length: count }, () => role as StaffRole));
  const staff = roles.map((role, i) => ({ email: `${role.toLowerCase()}.${i}@bench.parth.hospital`, role }));
  await client.query(
    `INSERT INTO "User" (email, name, role, "passwordHash", "updatedAt")
     SELECT e, 'Bench ' || initcap(lower(r)) || ' ' || n, r::"Role", $3, now()
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(e, r, n)`,
    [staff.map((s) => s.email), staff.map((s) => s.role), staffHash],
  );

  // Twenty doctors, each with their own login, sitting all day every day.
  const doctors = await client.query<{ id: number }>(
    `WITH users AS (
       INSERT INTO "User" (email, name, role, "passwordHash", "updatedAt")
       SELECT 'opd.doctor.' || g || '@bench.parth.hospital', 'Dr. Bench ' || g, 'DOCTOR', $1, now() FROM generate_series(1, 20) g
       RETURNING id, name
     )
     INSERT INTO "Doctor" ("userId", "departmentId", name, "registrationNo", qualification, "consultationFee", "updatedAt")
     SELECT u.id, (SELECT id FROM "Department" ORDER BY id OFFSET (u.id % 5) LIMIT 1), u.name, 'BENCH-' || u.id, 'MBBS, MD', 500, now()
     FROM users u
     RETURNING id`,
    [staffHash],
  );
  const doctorIds = doctors.rows.map((d) => d.id);
  await client.query(
    `INSERT INTO "DoctorSchedule" ("doctorId", weekday, "startTime", "endTime", "slotMinutes", "updatedAt")
     SELECT d, w, '08:00', '20:00', 5, now() FROM unnest($1::int[]) d CROSS JOIN generate_series(1, 7) w`,
    [doctorIds],
  );

  await client.query(
    `INSERT INTO "Patient" (name, gender, "dateOfBirth", phone, city, "stateCode", "updatedAt")
     SELECT (ARRAY['Asha','Ravi','Meera','Sunil','Kavya','Ganesh','Pooja','Arjun','Neha','Vikram'])[1 + g % 10] || ' ' ||
            (ARRAY['Patil','Kulkarni','Shinde','Deshmukh','Joshi','Pawar','Jadhav','Iyer','Khan','Mehta'])[1 + (g / 10) % 10] || ' ' || g,
            (CASE WHEN g % 2 = 0 THEN 'FEMALE' ELSE 'MALE' END)::"Gender", date '1950-01-01' + (g % 25000),
            '+9197' || lpad(g::text, 8, '0'), 'Pune', '27', now()
     FROM generate_series(1, $1::int) g`,
    [PATIENTS],
  );
  const portal = Array.from({ length: portalUsers }, (_, i) => ({ email: `portal.${i}@bench.in` }));
  await client.query(
    `UPDATE "Patient" p SET email = s.e, "portalEnabled" = true, "portalPasswordHash" = $2
     FROM unnest($1::text[]) WITH ORDINALITY AS s(e, n)
     WHERE p.phone = '+9197' || lpad((s.n * 97)::text, 8, '0')`,
    [portal.map((p) => p.email), portalHash],
  );

  // Today's OPD: every 5-minute slot of each bench doctor's day, booked by a different patient.
  const waiting = await client.query<{ appointmentId: number; patientId: number }>(
    `INSERT INTO "Appointment" ("patientId", "doctorId", "slotStart", "slotEnd", status, "visitDate", "updatedAt")
     SELECT p.id, d.id, s.at, s.at + interval '5 minutes', 'BOOKED', $2::date, now()
     FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM unnest($1::int[]) id) d
     CROSS JOIN LATERAL (SELECT ($2::date + time '08:00') AT TIME ZONE 'Asia/Kolkata' + m * interval '5 minutes' AS at, m
                         FROM generate_series(0, 139) m) s
     JOIN "Patient" p ON p.phone = '+9197' || lpad((30000 + d.n * 140 + s.m)::text, 8, '0')
     RETURNING id AS "appointmentId", "patientId"`,
    [doctorIds, today],
  );

  // A large batch of every drug (its opening stock a movement like any other).
  await client.query(
    `WITH batches AS (
       INSERT INTO "DrugBatch" ("drugId", "batchNo", "expiryDate", quantity, mrp, "costPrice", "updatedAt")
       SELECT d.id, 'BENCH-' || d.id, current_date + 700, 1000000, b.mrp, b."costPrice", now()
       FROM "Drug" d JOIN LATERAL (SELECT mrp, "costPrice" FROM "DrugBatch" WHERE "drugId" = d.id LIMIT 1) b ON true
       RETURNING id
     )
     INSERT INTO "StockMovement" ("batchId", type, quantity, note) SELECT id, 'RECEIPT', 1000000, 'Bench stock' FROM batches`,
  );
  await client.query('VACUUM ANALYZE');
  // The seed's pages are written out now, not by a checkpoint in the middle of the hour (a live
  // database is not bulk-loaded seconds before its peak).
  await client.query('CHECKPOINT');

  const phones = (await client.query<{ phone: string }>(`SELECT phone FROM "Patient" ORDER BY random() LIMIT 2000`)).rows.map(
    (r) => r.phone,
  );
  const labTests = (await client.query<{ id: number; name: string }>(`SELECT id, name FROM "LabTest" WHERE "isActive" ORDER BY id`)).rows;
  return { staff, portal, doctorIds, waiting: waiting.rows, phones, labTests };
}
