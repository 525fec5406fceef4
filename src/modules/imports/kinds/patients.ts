/**
 * Patients from old registration registers. The natural key is the UHID when
 * the file has one, otherwise phone + date of birth + name: families share a
 * phone, and twins share a phone and a birthday, so the name keeps them apart.
 * Rows go in batches of a thousand, each applied by one set-based statement,
 * so a 100,000-row register takes about a hundred round trips, not 100,000.
 */
import { z } from 'zod';
import * as clean from '../normalize.js';
import type { AcceptedRow, Counts, ImportKind, WriterContext } from '../kind.js';

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
  writer: (_tx, context) => new PatientWriter(context),
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

// A batch arrives as one JSON text (far cheaper to send than a parameter per cell) and is unpacked by PostgreSQL.
const BATCH = `json_to_recordset($1::json) AS s(rowno int, "dateOfBirth" date, ${FIELDS.map((f) => `"${f}" text`).join(', ')})`;

// Each row's patient: by UHID when the file has one, else by phone + date of birth + name.
const MATCHED = `
  matched AS (
    SELECT s.*, coalesce(byUhid.id, byPerson.id) AS patient_id
    FROM ${BATCH}
    LEFT JOIN "Patient" byUhid ON s.uhid IS NOT NULL AND byUhid.uhid = s.uhid
    LEFT JOIN LATERAL (
      SELECT min(p.id) AS id FROM "Patient" p
      WHERE s.uhid IS NULL AND p.phone = s.phone AND p."dateOfBirth" = s."dateOfBirth" AND lower(p.name) = lower(s.name)
    ) byPerson ON true
  )`;

// A blank cell never erases what the hospital already knows.
const MERGED = `
  m.name, m.gender::"Gender", coalesce(m."dateOfBirth", p."dateOfBirth"), m.phone, coalesce(m.email, p.email),
  coalesce(m."addressLine", p."addressLine"), coalesce(m.city, p.city), coalesce(m."stateCode", p."stateCode"),
  coalesce(m.pincode, p.pincode), coalesce(m."bloodGroup"::"BloodGroup", p."bloodGroup"),
  coalesce(m."emergencyContactName", p."emergencyContactName"), coalesce(m."emergencyContactPhone", p."emergencyContactPhone")`;
const CURRENT = `
  p.name, p.gender, p."dateOfBirth", p.phone, p.email, p."addressLine", p.city, p."stateCode", p.pincode,
  p."bloodGroup", p."emergencyContactName", p."emergencyContactPhone"`;

/** Counts what a batch would do, writing nothing (previews). */
const COUNT_BATCH = `
  WITH ${MATCHED}
  SELECT count(*) FILTER (WHERE m.patient_id IS NULL)::int AS created,
         count(*) FILTER (WHERE p.id IS NOT NULL AND (${CURRENT}) IS DISTINCT FROM (${MERGED}))::int AS updated,
         count(*) FILTER (WHERE m.patient_id IS NOT NULL)::int AS matched
  FROM matched m LEFT JOIN "Patient" p ON p.id = m.patient_id`;

/** Applies a batch in one statement: changed patients updated, new ones inserted. */
const APPLY_BATCH = `
  WITH ${MATCHED},
  updated AS (
    UPDATE "Patient" p SET (name, gender, "dateOfBirth", phone, email, "addressLine", city, "stateCode", pincode,
      "bloodGroup", "emergencyContactName", "emergencyContactPhone") = (${MERGED}), "updatedAt" = now()
    FROM matched m WHERE p.id = m.patient_id AND (${CURRENT}) IS DISTINCT FROM (${MERGED})
    RETURNING 1
  ),
  created AS (
    INSERT INTO "Patient" (uhid, name, "dateOfBirth", gender, phone, email, "addressLine", city, "stateCode", pincode,
      "bloodGroup", "emergencyContactName", "emergencyContactPhone", "importJobId", "updatedAt")
    SELECT coalesce(m.uhid, next_uhid()), m.name, m."dateOfBirth", m.gender::"Gender", m.phone,
      m.email, m."addressLine", m.city, m."stateCode", m.pincode, m."bloodGroup"::"BloodGroup", m."emergencyContactName",
      m."emergencyContactPhone", $2::int, now()
    FROM matched m WHERE m.patient_id IS NULL ORDER BY m.rowno
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM created)::int AS created, (SELECT count(*) FROM updated)::int AS updated,
         (SELECT count(*) FROM matched WHERE patient_id IS NOT NULL)::int AS matched`;

/** UHIDs brought from the old system move the sequence past them, so new registrations never collide. */
const MOVE_UHID_SEQUENCE = `
  SELECT setval('patient_uhid_seq', m) FROM (
    SELECT max(substring(uhid FROM 4)::bigint) AS m FROM json_to_recordset($1::json) AS s(uhid text) WHERE uhid ~ '^PH-[0-9]{1,15}$'
  ) x WHERE m > (SELECT last_value FROM patient_uhid_seq)`;

class PatientWriter {
  private readonly counts: Counts = { created: 0, updated: 0, skipped: 0 };

  constructor(private readonly context: WriterContext) {}

  private tuned = false;

  /** Each batch is applied as it comes (overlapping the parsing of the next); a preview only counts. */
  async add(rows: AcceptedRow<PatientRow>[]): Promise<void> {
    if (!this.tuned) {
      // New names and phones wait in the trigram indexes' pending lists instead of being merged
      // row by row; autovacuum merges them after the import (searches still see them meanwhile).
      await this.context.sql(`SET LOCAL gin_pending_list_limit = '256MB'`);
      this.tuned = true;
    }
    // Built by hand, one string per row. The date goes as yyyy-mm-dd text: a Date object (its toJSON)
    // takes JSON.stringify off its fast path, which cost ~2.5 times as much for the batch (measured here).
    const batch = `[${rows
      .map(
        ({ rowNo, row }) =>
          `${JSON.stringify({ ...row, dateOfBirth: row.dateOfBirth?.toISOString().slice(0, 10) }).slice(0, -1)},"rowno":${rowNo}}`,
      )
      .join(',')}]`;
    type Outcome = { created: number; updated: number; matched: number };
    let outcome: Outcome[];
    if (this.context.dryRun) {
      outcome = await this.context.sql<Outcome>(COUNT_BATCH, [batch]);
    } else {
      if (rows.some(({ row }) => row.uhid)) await this.context.sql(MOVE_UHID_SEQUENCE, [batch]);
      outcome = await this.context.sql<Outcome>(APPLY_BATCH, [batch, this.context.jobId]);
    }
    const [{ created, updated, matched }] = outcome as [{ created: number; updated: number; matched: number }];
    this.counts.created += created;
    this.counts.updated += updated;
    this.counts.skipped += matched - updated;
  }

  async finish(): Promise<Counts> {
    return this.counts;
  }
}
