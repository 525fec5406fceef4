/** The doctor the OPD benchmarks book against: every day 09:00–13:00 in 15-minute slots (plus any extra sessions). */
import type { Prisma } from '@prisma/client';
import type { Db } from '../src/config/db.js';

export async function createBenchDoctor(db: Db, extraSessions: Omit<Prisma.DoctorScheduleCreateManyInput, 'doctorId' | 'weekday'>[] = []) {
  const department = await db.department.create({ data: { code: 'GEN', name: 'General Medicine' } });
  const user = await db.user.create({ data: { email: 'dr@bench', name: 'Dr. Bench', role: 'DOCTOR', passwordHash: 'x' } });
  const doctor = await db.doctor.create({
    data: {
      userId: user.id,
      departmentId: department.id,
      name: 'Dr. Bench',
      registrationNo: 'B-1',
      qualification: 'MBBS',
      consultationFee: 500,
    },
  });
  await db.doctorSchedule.createMany({
    data: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
      { doctorId: doctor.id, weekday, startTime: '09:00', endTime: '13:00', slotMinutes: 15 },
      ...extraSessions.map((session) => ({ ...session, doctorId: doctor.id, weekday })),
    ]),
  });
  return doctor;
}
