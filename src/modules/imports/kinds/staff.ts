/**
 * Staff users, and doctors with their department, registration and weekly OPD
 * schedule. The natural key is the email. Imported staff cannot sign in until
 * an administrator sets their password (their stored hash is of a random
 * secret nobody knows): an import never hands out passwords.
 */
import { randomBytes } from 'node:crypto';
import { Prisma, type Role } from '@prisma/client';
import { z } from 'zod';
import { hashPassword } from '../../staff/passwords.js';
import { departmentFinder, differs, rowByRowWriter, RowRefused, type ImportKind } from '../kind.js';
import * as clean from '../normalize.js';

const ROLES = ['ADMIN', 'DOCTOR', 'NURSE', 'RECEPTIONIST', 'BILLING', 'PHARMACIST', 'LAB_TECH'] as const;
const ROLE_WORDS: Record<string, Role> = {
  admin: 'ADMIN',
  administrator: 'ADMIN',
  doctor: 'DOCTOR',
  consultant: 'DOCTOR',
  physician: 'DOCTOR',
  nurse: 'NURSE',
  sister: 'NURSE',
  receptionist: 'RECEPTIONIST',
  frontdesk: 'RECEPTIONIST',
  reception: 'RECEPTIONIST',
  billing: 'BILLING',
  cashier: 'BILLING',
  accounts: 'BILLING',
  pharmacist: 'PHARMACIST',
  pharmacy: 'PHARMACIST',
  labtech: 'LAB_TECH',
  labtechnician: 'LAB_TECH',
  lab: 'LAB_TECH',
  technician: 'LAB_TECH',
};

function role(value: unknown): Role | undefined {
  const raw = clean.text(value);
  if (raw === undefined) return undefined;
  const found = ROLE_WORDS[raw.toLowerCase().replace(/[^a-z]/g, '')];
  if (!found) throw new clean.CellProblem(`"${raw}" is not a role (expected ${ROLES.join(', ')})`);
  return found;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface ScheduleBlock {
  weekday: number;
  startTime: string;
  endTime: string;
}

function clock(raw: string): string {
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(raw.trim());
  if (!match) throw new clean.CellProblem(`"${raw}" is not a time (expected 09:00 or 9am)`);
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const half = match[3]?.toLowerCase();
  if (half === 'pm' && hour < 12) hour += 12;
  if (half === 'am' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) throw new clean.CellProblem(`"${raw}" is not a time of day`);
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function weekdays(raw: string): number[] {
  const text = raw.toLowerCase().replace(/\s+/g, '');
  if (text === 'daily' || text === 'all') return [1, 2, 3, 4, 5, 6, 7];
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const [from, to] = part.split('-').map((d) => DAYS.indexOf(d.slice(0, 3)) + 1);
    if (!from || (part.includes('-') && !to))
      throw new clean.CellProblem(`"${raw}" are not weekdays (expected e.g. Mon-Sat or Mon,Wed,Fri)`);
    if (!to) days.add(from);
    else
      for (let d = from; ; d = (d % 7) + 1) {
        days.add(d);
        if (d === to) break;
      }
  }
  return [...days].sort();
}

/** "Mon-Sat 09:00-13:00; Tue,Thu 17:00-19:00" → one block per weekday and sitting. */
export function schedule(value: unknown): ScheduleBlock[] | undefined {
  const raw = clean.text(value);
  if (raw === undefined) return undefined;
  const blocks: ScheduleBlock[] = [];
  for (const sitting of raw
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^(.+?)\s+([\d:.apm\s]+?)\s*(?:-|to|–)\s*([\d:.apm\s]+)$/i.exec(sitting);
    if (!match) throw new clean.CellProblem(`"${sitting}" is not a sitting (expected e.g. Mon-Sat 09:00-13:00)`);
    const [startTime, endTime] = [clock(match[2] ?? ''), clock(match[3] ?? '')];
    if (startTime >= endTime) throw new clean.CellProblem(`"${sitting}" ends before it starts`);
    for (const weekday of weekdays(match[1] ?? '')) blocks.push({ weekday, startTime, endTime });
  }
  return blocks;
}

const staffRow = z
  .object({
    email: z.string({ error: 'the email is required' }),
    name: z.string({ error: 'the name is required' }).min(2).max(200),
    phone: z.string().optional(),
    role: z.enum(ROLES, { error: 'the role is required' }),
    department: z.string().optional(),
    registrationNo: z.string().max(50).optional(),
    qualification: z.string().max(200).optional(),
    specialization: z.string().max(200).optional(),
    consultationFee: z.string().optional(),
    schedule: z.array(z.object({ weekday: z.number(), startTime: z.string(), endTime: z.string() })).optional(),
    slotMinutes: z.number().int().min(5, 'expected 5 to 240 minutes').max(240, 'expected 5 to 240 minutes').default(15),
    isActive: z.boolean().default(true),
  })
  .superRefine((s, context) => {
    if (s.role !== 'DOCTOR') return;
    for (const key of ['department', 'registrationNo', 'qualification', 'consultationFee'] as const) {
      if (!s[key]) context.addIssue({ code: 'custom', path: [key], message: 'required for a doctor' });
    }
  });

type StaffRow = z.infer<typeof staffRow>;

const sameSchedule = (a: ScheduleBlock[], b: ScheduleBlock[]) => {
  const key = (s: ScheduleBlock) => `${s.weekday}|${s.startTime}|${s.endTime}`;
  return a.map(key).sort().join(',') === b.map(key).sort().join(',');
};

export const staffImport: ImportKind<StaffRow> = {
  type: 'STAFF',
  slug: 'staff',
  label: 'Staff and doctors',
  columns: [
    {
      key: 'email',
      header: 'Email',
      synonyms: ['E-mail', 'Email ID', 'Login'],
      required: true,
      example: 'meera.iyer@parthhospital.in',
      hint: 'Their sign-in; unique',
      read: clean.email,
    },
    {
      key: 'name',
      header: 'Name',
      synonyms: ['Full Name', 'Staff Name', 'Employee Name'],
      required: true,
      example: 'Meera Iyer',
      hint: 'Full name',
      read: clean.text,
    },
    {
      key: 'phone',
      header: 'Phone',
      synonyms: ['Mobile', 'Mobile No', 'Phone No', 'Contact'],
      example: '9876543210',
      hint: 'Optional',
      read: clean.indianPhone,
    },
    {
      key: 'role',
      header: 'Role',
      synonyms: ['Designation', 'Post', 'Type'],
      required: true,
      example: 'Doctor',
      hint: ROLES.join(', '),
      choices: ROLES,
      read: role,
    },
    {
      key: 'department',
      header: 'Department',
      synonyms: ['Dept', 'Speciality Department'],
      example: 'GEN',
      hint: 'Doctors: department code or name',
      read: clean.text,
    },
    {
      key: 'registrationNo',
      header: 'Registration No',
      synonyms: ['Reg No', 'MCI No', 'NMC No', 'Medical Registration'],
      example: 'MMC-2010-12345',
      hint: 'Doctors: medical council registration',
      read: clean.text,
    },
    {
      key: 'qualification',
      header: 'Qualification',
      synonyms: ['Degree', 'Qualifications'],
      example: 'MBBS, MD',
      hint: 'Doctors',
      read: clean.text,
    },
    {
      key: 'specialization',
      header: 'Specialization',
      synonyms: ['Speciality', 'Specialty'],
      example: 'Internal Medicine',
      hint: 'Doctors (optional)',
      read: clean.text,
    },
    {
      key: 'consultationFee',
      header: 'Consultation Fee',
      synonyms: ['Fee', 'OPD Fee', 'Consultation Charges'],
      example: '600',
      hint: 'Doctors: rupees',
      read: clean.rupees,
    },
    {
      key: 'schedule',
      header: 'OPD Schedule',
      synonyms: ['Schedule', 'OPD Timings', 'Timings'],
      example: 'Mon-Sat 09:00-13:00; Tue,Thu 17:00-19:00',
      hint: 'Days and hours; sittings separated by ;',
      read: schedule,
    },
    {
      key: 'slotMinutes',
      header: 'Slot Minutes',
      synonyms: ['Slot', 'Minutes per Patient'],
      example: 15,
      hint: '5 to 240 (default 15)',
      read: clean.wholeNumber,
    },
    {
      key: 'isActive',
      header: 'Active',
      synonyms: ['Status'],
      example: 'Yes',
      hint: 'Yes or No (default Yes)',
      choices: ['Yes', 'No'],
      read: clean.yesNo,
    },
  ],
  schema: staffRow,
  key: (s) => s.email,
  writer: (tx, { jobId }) => {
    const findDepartment = departmentFinder(tx);
    let lockedOut: Promise<string> | undefined;
    return rowByRowWriter(async (row) => {
      const departmentId = row.role === 'DOCTOR' ? await findDepartment(row.department ?? '') : null;
      if (row.role === 'DOCTOR' && departmentId === null) return new RowRefused('department', `no department is called ${row.department}`);
      const userData = { name: row.name, phone: row.phone ?? null, role: row.role, isActive: row.isActive };
      let outcome: 'created' | 'updated' | 'skipped' = 'skipped';
      let user = await tx.user.findUnique({ where: { email: row.email } });
      if (!user) {
        lockedOut ??= hashPassword(randomBytes(32).toString('base64url'));
        user = await tx.user.create({ data: { ...userData, email: row.email, passwordHash: await lockedOut, importJobId: jobId } });
        outcome = 'created';
      } else if (differs(user, userData)) {
        user = await tx.user.update({ where: { id: user.id }, data: userData });
        outcome = 'updated';
      }
      if (row.role !== 'DOCTOR' || departmentId === null) return outcome;

      const name = /^dr\.?\s/i.test(row.name) ? row.name : `Dr. ${row.name}`;
      const doctorData = {
        name,
        departmentId,
        registrationNo: row.registrationNo ?? '',
        qualification: row.qualification ?? '',
        specialization: row.specialization ?? null,
        consultationFee: new Prisma.Decimal(row.consultationFee ?? '0'),
        isActive: row.isActive,
      };
      const holder = await tx.doctor.findUnique({ where: { registrationNo: doctorData.registrationNo } });
      if (holder && holder.userId !== user.id)
        return new RowRefused('registrationNo', 'another doctor already has this registration number');
      let doctor = await tx.doctor.findUnique({ where: { userId: user.id }, include: { schedules: true } });
      if (!doctor) {
        doctor = { ...(await tx.doctor.create({ data: { ...doctorData, userId: user.id, importJobId: jobId } })), schedules: [] };
        if (outcome === 'skipped') outcome = 'updated';
      } else if (differs(doctor, doctorData)) {
        await tx.doctor.update({ where: { id: doctor.id }, data: doctorData });
        if (outcome === 'skipped') outcome = 'updated';
      }
      const blocks = row.schedule;
      const unchanged = doctor.schedules.length > 0 && doctor.schedules.every((s) => s.slotMinutes === row.slotMinutes);
      if (blocks && !(unchanged && sameSchedule(doctor.schedules, blocks))) {
        await tx.doctorSchedule.deleteMany({ where: { doctorId: doctor.id } });
        await tx.doctorSchedule.createMany({ data: blocks.map((b) => ({ ...b, doctorId: doctor.id, slotMinutes: row.slotMinutes })) });
        if (outcome === 'skipped') outcome = 'updated';
      }
      return outcome;
    });
  },
};
