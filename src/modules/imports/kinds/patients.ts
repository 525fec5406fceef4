/**
 * Patients from old registration registers. The natural key is the UHID when
 * the file has one, otherwise phone + date of birth + name: families share a
 * phone, and twins share a phone and a birthday, so the name keeps them apart.
 * Rows are staged with multi-row inserts and applied with set-based SQL, so a
 * 100,000-row register takes a few dozen round trips, not 100,000.
 */
import { z } from 'zod';
import * as clean from '../normalize.js';
import type { AcceptedRow, Counts, ImportKind, Tx } from '../kind.js';

const patientRow = z
  .object({
    uhid: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9/-]{2,29}$/i, 'expected a UHID such as PH-000123')
      .transform((u) => u.toUpperCase())
      .optional(),
    name: z.string({ error: 'the name is required' }).min(2, 'expected the full name').max(200),
    dateOfBirth: z
      .date()
      .refine((d) => d.getTime() <= Date.now(), 'the date of birth is in the future')
      .refine((d) => d.getUTCFullYear() >= 1900, 'the date of birth is before 1900')
      .optional(),
    gender: z.enum(['MALE', 'FEMALE', 'OTHER'], { error: 'the gender is required (Male, Female or Other)' }),
    phone: z.string({ error: 'the phone number is required' }),
    email: z.string().optional(),
    addressLine: z.string().max(300).optional(),
    city: z.string().max(100).optional(),
    stateCode: z
      .string()
      .regex(/^\d{2}$/, 'expected the two-digit GST state code, e.g. 27')
      .optional(),
    pincode: z
      .string()
      .regex(/^\d{6}$/, 'expected a six-digit PIN code')
      .optional(),
    bloodGroup: z.string().optional(),
    emergencyContactName: z.string().max(200).optional(),
    emergencyContactPhone: z.string().optional(),
  })
  .refine((p) => p.uhid !== undefined || p.dateOfBirth !== undefined, {
    message: 'the date of birth is required when there is no UHID',
    path: ['dateOfBirth'],
  });

export type PatientRow = z.infer<typeof patientRow>;

const digits = (value: unknown) => clean.text(typeof value === 'number' ? value.toFixed(0) : value);

export const patientsImport: ImportKind<PatientRow> = {
  type: 'PATIENTS',
  slug: 'patients',
  label: 'Patients',
  columns: [
    {
      key: 'uhid',
      header: 'UHID',
      synonyms: ['UHID No', 'MRN', 'MR No', 'Patient ID', 'Reg No', 'Registration No'],
      example: 'PH-000123',
      hint: 'Leave blank for new patients',
      read: clean.text,
    },
    {
      key: 'name',
      header: 'Name',
      synonyms: ['Patient Name', 'Full Name', 'Name of Patient', 'Patient'],
      required: true,
      example: 'Asha Kulkarni',
      hint: 'Full name',
      read: clean.text,
    },
    {
      key: 'dateOfBirth',
      header: 'Date of Birth',
      synonyms: ['DOB', 'D.O.B.', 'Birth Date', 'Birthdate'],
      example: '14/08/1987',
      hint: 'dd/mm/yyyy',
      read: (v) => clean.calendarDate(v),
    },
    {
      key: 'gender',
      header: 'Gender',
      synonyms: ['Sex', 'M/F'],
      required: true,
      example: 'Female',
      hint: 'Male, Female or Other (M/F/O)',
      choices: ['Male', 'Female', 'Other'],
      read: clean.gender,
    },
    {
      key: 'phone',
      header: 'Phone',
      synonyms: ['Mobile', 'Mobile No', 'Phone No', 'Phone Number', 'Contact', 'Contact No', 'Mobile Number', 'Cell'],
      required: true,
      example: '+91 98765 43210',
      hint: '10-digit Indian number, +91 or leading 0 allowed',
      read: clean.indianPhone,
    },
    {
      key: 'email',
      header: 'Email',
      synonyms: ['E-mail', 'Email ID', 'Mail'],
      example: 'asha@example.in',
      hint: 'Optional',
      read: clean.email,
    },
    {
      key: 'addressLine',
      header: 'Address',
      synonyms: ['Address Line', 'Street', 'Residence'],
      example: '12 MG Road',
      hint: 'Optional',
      read: clean.text,
    },
    { key: 'city', header: 'City', synonyms: ['Town', 'Village', 'District'], example: 'Pune', hint: 'Optional', read: clean.text },
    {
      key: 'stateCode',
      header: 'State Code',
      synonyms: ['GST State Code', 'State'],
      example: '27',
      hint: 'Two-digit GST state code (27 = Maharashtra)',
      read: (v) => digits(v)?.padStart(2, '0'),
    },
    {
      key: 'pincode',
      header: 'PIN Code',
      synonyms: ['Pincode', 'Pin', 'Postal Code', 'Zip'],
      example: '411001',
      hint: 'Six digits',
      read: digits,
    },
    {
      key: 'bloodGroup',
      header: 'Blood Group',
      synonyms: ['Blood Grp', 'BG'],
      example: 'B+',
      hint: 'A+, A-, B+, B-, AB+, AB-, O+, O-',
      choices: ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'],
      read: clean.bloodGroup,
    },
    {
      key: 'emergencyContactName',
      header: 'Emergency Contact',
      synonyms: ['Emergency Contact Name', 'Relative Name', 'Guardian'],
      example: 'Ravi Kulkarni',
      hint: 'Optional',
      read: clean.text,
    },
    {
      key: 'emergencyContactPhone',
      header: 'Emergency Phone',
      synonyms: ['Emergency Contact Phone', 'Relative Phone', 'Guardian Phone'],
      example: '9822012345',
      hint: 'Optional',
      read: clean.indianPhone,
    },
  ],
  schema: patientRow,
  key: (p) => (p.uhid ? `uhid:${p.uhid}` : `p:${p.phone}|${p.dateOfBirth?.toISOString().slice(0, 10)}|${p.name.toLowerCase()}`),
  writer: (tx, { jobId }) => new PatientWriter(tx, jobId),
};

const FIELDS = [
  'uhid',
  'name',
  'gender',
  'phone',
  'email',
  'addressLine',
  'city',
  'stateCode',
  'pincode',
  'bloodGroup',
  'emergencyContactName',
  'emergencyContactPhone',
] as const;

class PatientWriter {
  private staged = false;

  constructor(
    private readonly tx: Tx,
    private readonly jobId: number | null,
  ) {}

  private async createStage(): Promise<void> {
    await this.tx.$executeRawUnsafe(`
      CREATE TEMP TABLE import_patients (
        rowno int PRIMARY KEY, uhid text, name text, dob date, gender text, phone text, email text,
        "addressLine" text, city text, "stateCode" text, pincode text, "bloodGroup" text,
        "emergencyContactName" text, "emergencyContactPhone" text, patient_id int
      ) ON COMMIT DROP`);
    this.staged = true;
  }

  async add(rows: AcceptedRow<PatientRow>[]): Promise<void> {
    if (!this.staged) await this.createStage();
    const column = (field: (typeof FIELDS)[number]) => rows.map(({ row }) => row[field] ?? null);
    // One statement per batch: the columns travel as arrays and unnest into rows.
    await this.tx.$executeRawUnsafe(
      `INSERT INTO import_patients (rowno, dob, ${FIELDS.map((f) => `"${f}"`).join(', ')})
       SELECT * FROM unnest($1::int[], $2::date[], ${FIELDS.map((_, i) => `$${i + 3}::text[]`).join(', ')})`,
      rows.map((r) => r.rowNo),
      rows.map(({ row }) => row.dateOfBirth?.toISOString().slice(0, 10) ?? null),
      ...FIELDS.map(column),
    );
  }

  async finish(dryRun: boolean): Promise<Counts> {
    if (!this.staged) return { created: 0, updated: 0, skipped: 0 };
    const tx = this.tx;
    await tx.$executeRawUnsafe(`ANALYZE import_patients`);
    await tx.$executeRawUnsafe(
      `UPDATE import_patients s SET patient_id = p.id FROM "Patient" p WHERE s.uhid IS NOT NULL AND p.uhid = s.uhid`,
    );
    await tx.$executeRawUnsafe(`
      UPDATE import_patients s SET patient_id = m.id
      FROM (SELECT s2.rowno, min(p.id) AS id FROM import_patients s2
            JOIN "Patient" p ON p.phone = s2.phone AND p."dateOfBirth" = s2.dob AND lower(p.name) = lower(s2.name)
            WHERE s2.uhid IS NULL GROUP BY s2.rowno) m
      WHERE s.rowno = m.rowno`);
    // A blank cell never erases what the hospital already knows.
    const merged = `
      s.name, s.gender::"Gender", coalesce(s.dob, p."dateOfBirth"), s.phone, coalesce(s.email, p.email),
      coalesce(s."addressLine", p."addressLine"), coalesce(s.city, p.city), coalesce(s."stateCode", p."stateCode"),
      coalesce(s.pincode, p.pincode), coalesce(s."bloodGroup"::"BloodGroup", p."bloodGroup"),
      coalesce(s."emergencyContactName", p."emergencyContactName"), coalesce(s."emergencyContactPhone", p."emergencyContactPhone")`;
    const current = `
      p.name, p.gender, p."dateOfBirth", p.phone, p.email, p."addressLine", p.city, p."stateCode", p.pincode,
      p."bloodGroup", p."emergencyContactName", p."emergencyContactPhone"`;
    const [{ matched, changed, fresh }] = (await tx.$queryRawUnsafe<Array<{ matched: number; changed: number; fresh: number }>>(`
      SELECT count(*) FILTER (WHERE s.patient_id IS NOT NULL)::int AS matched,
             count(*) FILTER (WHERE p.id IS NOT NULL AND (${current}) IS DISTINCT FROM (${merged}))::int AS changed,
             count(*) FILTER (WHERE s.patient_id IS NULL)::int AS fresh
      FROM import_patients s LEFT JOIN "Patient" p ON p.id = s.patient_id`)) as [{ matched: number; changed: number; fresh: number }];
    if (dryRun) return { created: fresh, updated: changed, skipped: matched - changed };

    await tx.$executeRawUnsafe(`
      UPDATE "Patient" p SET (name, gender, "dateOfBirth", phone, email, "addressLine", city, "stateCode", pincode,
        "bloodGroup", "emergencyContactName", "emergencyContactPhone") = (${merged}), "updatedAt" = now()
      FROM import_patients s WHERE p.id = s.patient_id AND (${current}) IS DISTINCT FROM (${merged})`);
    // UHIDs brought from the old system move the sequence past them, so new registrations never collide.
    await tx.$executeRawUnsafe(`
      SELECT setval('patient_uhid_seq', m) FROM (
        SELECT max(substring(uhid FROM 4)::bigint) AS m FROM import_patients WHERE patient_id IS NULL AND uhid ~ '^PH-[0-9]{1,15}$'
      ) x WHERE m > (SELECT last_value FROM patient_uhid_seq)`);
    await tx.$executeRawUnsafe(
      `INSERT INTO "Patient" (uhid, name, "dateOfBirth", gender, phone, email, "addressLine", city, "stateCode", pincode,
         "bloodGroup", "emergencyContactName", "emergencyContactPhone", "importJobId", "updatedAt")
       SELECT coalesce(s.uhid, 'PH-' || lpad(nextval('patient_uhid_seq')::text, 6, '0')), s.name, s.dob, s.gender::"Gender", s.phone,
         s.email, s."addressLine", s.city, s."stateCode", s.pincode, s."bloodGroup"::"BloodGroup", s."emergencyContactName",
         s."emergencyContactPhone", $1::int, now()
       FROM import_patients s WHERE s.patient_id IS NULL ORDER BY s.rowno`,
      this.jobId,
    );
    return { created: fresh, updated: changed, skipped: matched - changed };
  }
}
