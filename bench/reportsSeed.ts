/**
 * A year of a busy hospital for the report benchmark, generated inside
 * PostgreSQL (INSERT … SELECT generate_series): 100,000 patients, 200,000
 * invoices with 1,000,000 lines (5 % cancelled with credit notes), payments,
 * refunds, deposits, 200,000 appointments, 10,000 admissions, 100,000 lab
 * orders and 200,000 stock movements, from 2025-12-01 to 2026-11-30 (IST).
 * The numbers are deterministic (derived from the row number), so runs compare.
 */
import type pg from 'pg';

export interface Seed {
  patients: number;
  invoices: number;
  linesPerInvoice: number;
  appointments: number;
}

export const SEED: Seed = { patients: 100_000, invoices: 200_000, linesPerInvoice: 5, appointments: 200_000 };

// Names as a register has them: 24 first names × 40 surnames, so a common surname matches one patient in 40.
const FIRST = [
  'Aarav',
  'Vivaan',
  'Aditya',
  'Vihaan',
  'Arjun',
  'Sai',
  'Reyansh',
  'Krishna',
  'Ishaan',
  'Rohan',
  'Kabir',
  'Omkar',
  'Saanvi',
  'Ananya',
  'Diya',
  'Aadhya',
  'Pari',
  'Anika',
  'Navya',
  'Meera',
  'Kavya',
  'Riya',
  'Sneha',
  'Pooja',
];
const SURNAMES = [
  'Patil',
  'Deshmukh',
  'Joshi',
  'Kulkarni',
  'Shinde',
  'Pawar',
  'Jadhav',
  'More',
  'Gaikwad',
  'Chavan',
  'Sharma',
  'Verma',
  'Gupta',
  'Singh',
  'Kumar',
  'Yadav',
  'Reddy',
  'Nair',
  'Iyer',
  'Menon',
  'Rao',
  'Naidu',
  'Shah',
  'Mehta',
  'Desai',
  'Bhat',
  'Kale',
  'Salunkhe',
  'Bhosale',
  'Thakur',
  'Mishra',
  'Pandey',
  'Tiwari',
  'Dubey',
  'Saxena',
  'Agarwal',
  'Bansal',
  'Mittal',
  'Khan',
  'Shaikh',
];
const sqlArray = (values: string[]) => `ARRAY['${values.join("','")}']`;

const statements = (s: Seed) => [
  // A year of history is loaded as pg_restore loads a dump: without the triggers, since the
  // fiscal-record rules (issued invoices and their lines never change) would refuse the
  // seed's own order of writing (lines after their issued invoice). The rows are consistent.
  'SET session_replication_role = replica',
  `INSERT INTO "Department" (code, name, "updatedAt") SELECT 'D' || g, 'Department ' || g, now() FROM generate_series(1, 10) g`,
  `INSERT INTO "User" (email, name, "passwordHash", role, "updatedAt")
     SELECT 'staff' || g || '@bench', CASE WHEN g <= 50 THEN 'Dr. ' ELSE 'Cashier ' END || g, 'x',
            CASE WHEN g <= 50 THEN 'DOCTOR' ELSE 'BILLING' END::"Role", now()
     FROM generate_series(1, 60) g`,
  `INSERT INTO "Doctor" ("userId", "departmentId", name, "registrationNo", qualification, "consultationFee", "updatedAt")
     SELECT u.id, 1 + (u.id % 10), u.name, 'REG' || u.id, 'MBBS', 500, now() FROM "User" u WHERE u.role = 'DOCTOR'`,
  `INSERT INTO "Service" (code, name, category, "departmentId", price, "gstRate", "sacCode", "updatedAt")
     SELECT 'S' || g, 'Service ' || g, (ARRAY['CONSULTATION','ROOM','PROCEDURE','LAB','RADIOLOGY','PHARMACY','NURSING','OTHER'])[1 + g % 8]::"ServiceCategory",
            1 + g % 10, 100 + g * 7, CASE WHEN g % 5 = 0 THEN 18 ELSE 0 END, '9993' || (10 + g % 20), now()
     FROM generate_series(1, 200) g`,
  `INSERT INTO "Patient" (uhid, name, gender, phone, "stateCode", "updatedAt")
     SELECT 'B-' || g, (${sqlArray(FIRST)})[1 + g % ${FIRST.length}] || ' ' || (${sqlArray(SURNAMES)})[1 + (g / ${FIRST.length}) % ${SURNAMES.length}],
            (ARRAY['MALE','FEMALE'])[1 + g % 2]::"Gender", '+9190' || lpad(g::text, 8, '0'),
            CASE WHEN g % 10 = 0 THEN '29' ELSE '27' END, now()
     FROM generate_series(1, ${s.patients}) g`,
  // Invoices spread evenly over the year; 5 % cancelled, 10 % issued unpaid, 15 % part paid, the rest paid.
  `INSERT INTO "Invoice" (number, kind, "fiscalYear", "patientId", status, "placeOfSupply", "interState", "issuedAt", "cancelledAt", "updatedAt")
     SELECT 'B/' || g, 'INVOICE', '2026-27', p.id,
            (CASE WHEN g % 20 = 0 THEN 'CANCELLED' WHEN g % 10 = 1 THEN 'ISSUED' WHEN g % 7 = 2 THEN 'PARTIALLY_PAID' ELSE 'PAID' END)::"InvoiceStatus",
            p."stateCode", p."stateCode" <> '27',
            timestamptz '2025-12-01 00:00+05:30' + (g::float8 / ${s.invoices}) * interval '365 days',
            CASE WHEN g % 20 = 0 THEN timestamptz '2025-12-01 00:00+05:30' + (g::float8 / ${s.invoices}) * interval '365 days' + interval '2 days' END,
            now()
     FROM generate_series(1, ${s.invoices}) g JOIN "Patient" p ON p.uhid = 'B-' || (1 + g % ${s.patients})`,
  `INSERT INTO "InvoiceLine" ("invoiceId", "serviceId", source, description, "sacCode", quantity, "unitPrice", discount, "taxableValue", "gstRate",
                              cgst, sgst, igst, "lineTotal", category, "doctorId", "departmentId")
     SELECT i.id, sv.id, 'SERVICE', sv.name, sv."sacCode", 1, sv.price, d.discount, sv.price - d.discount, sv."gstRate",
            CASE WHEN i."interState" THEN 0 ELSE round((sv.price - d.discount) * sv."gstRate" / 200, 2) END,
            CASE WHEN i."interState" THEN 0 ELSE round((sv.price - d.discount) * sv."gstRate" / 200, 2) END,
            CASE WHEN i."interState" THEN round((sv.price - d.discount) * sv."gstRate" / 100, 2) ELSE 0 END,
            sv.price - d.discount + CASE WHEN i."interState" THEN round((sv.price - d.discount) * sv."gstRate" / 100, 2)
                                         ELSE 2 * round((sv.price - d.discount) * sv."gstRate" / 200, 2) END,
            sv.category, doc.id, sv."departmentId"
     FROM "Invoice" i
     CROSS JOIN generate_series(1, ${s.linesPerInvoice}) n
     JOIN "Service" sv ON sv.code = 'S' || (1 + (i.id * 7 + n * 13) % 200)
     JOIN "Doctor" doc ON doc."registrationNo" = 'REG' || (SELECT min(id) FROM "User") + (i.id + n) % 50
     CROSS JOIN LATERAL (SELECT CASE WHEN (i.id + n) % 9 = 0 THEN round(sv.price / 10, 2) ELSE 0 END AS discount) d`,
  `UPDATE "Invoice" i SET subtotal = t.gross, "discountTotal" = t.discount, "taxableTotal" = t.taxable, "cgstTotal" = t.cgst,
                          "sgstTotal" = t.sgst, "igstTotal" = t.igst, total = t.total,
                          "amountPaid" = CASE i.status WHEN 'PAID' THEN t.total WHEN 'PARTIALLY_PAID' THEN round(t.total / 2, 2) ELSE 0 END
     FROM (SELECT "invoiceId", sum("taxableValue" + discount) AS gross, sum(discount) AS discount, sum("taxableValue") AS taxable,
                  sum(cgst) AS cgst, sum(sgst) AS sgst, sum(igst) AS igst, sum("lineTotal") AS total
           FROM "InvoiceLine" GROUP BY "invoiceId") t
     WHERE t."invoiceId" = i.id`,
  `INSERT INTO "Invoice" (number, kind, "fiscalYear", "patientId", "originalInvoiceId", status, "placeOfSupply", "interState",
                          subtotal, "discountTotal", "taxableTotal", "cgstTotal", "sgstTotal", "igstTotal", total, "issuedAt", "cancelReason", "updatedAt")
     SELECT 'CN-' || i.number, 'CREDIT_NOTE', i."fiscalYear", i."patientId", i.id, 'ISSUED', i."placeOfSupply", i."interState",
            i.subtotal, i."discountTotal", i."taxableTotal", i."cgstTotal", i."sgstTotal", i."igstTotal", i.total, i."cancelledAt", 'Benchmark', now()
     FROM "Invoice" i WHERE i.status = 'CANCELLED'`,
  `INSERT INTO "Payment" ("receiptNo", "invoiceId", method, amount, "receivedById", "receivedAt")
     SELECT 'R-' || i.id, i.id, (ARRAY['CASH','CARD','UPI','RAZORPAY','INSURANCE'])[1 + i.id % 5]::"PaymentMethod", i."amountPaid",
            CASE WHEN i.id % 5 = 3 THEN NULL ELSE (SELECT min(id) FROM "User" WHERE role = 'BILLING') + i.id % 10 END,
            i."issuedAt" + (i.id % 48) * interval '1 hour'
     FROM "Invoice" i WHERE i.kind = 'INVOICE' AND i."amountPaid" > 0`,
  `INSERT INTO "Refund" ("refundNo", "invoiceId", "paymentId", amount, reason, status, "requestedById", "createdAt", "processedAt")
     SELECT 'RF-' || p.id, p."invoiceId", p.id, round(p.amount / 4, 2), 'Benchmark', 'PROCESSED', p."receivedById",
            p."receivedAt" + interval '1 day', p."receivedAt" + interval '1 day'
     FROM "Payment" p WHERE p.id % 40 = 0 AND p.amount >= 4`,
  `INSERT INTO "Deposit" ("receiptNo", "patientId", amount, method, status, "receivedById", "receivedAt")
     SELECT 'DEP-' || g, (SELECT min(id) FROM "Patient") + (g * 5) % ${s.patients}, 5000, 'CASH', 'HELD', (SELECT min(id) FROM "User" WHERE role = 'BILLING'),
            timestamptz '2025-12-01 00:00+05:30' + (g::float8 / 20000) * interval '365 days'
     FROM generate_series(1, 20000) g`,
  `INSERT INTO "Appointment" ("patientId", "doctorId", "slotStart", "slotEnd", status, "visitDate", "isFollowUp", "updatedAt")
     SELECT (SELECT min(id) FROM "Patient") + g % ${s.patients}, d.id, t.slot, t.slot + interval '15 minutes',
            (ARRAY['SEEN','SEEN','SEEN','NO_SHOW','CANCELLED','CHECKED_IN'])[1 + g % 6]::"AppointmentStatus",
            (t.slot AT TIME ZONE 'Asia/Kolkata')::date, g % 3 = 0, now()
     FROM generate_series(0, ${s.appointments - 1}) g
     JOIN "Doctor" d ON d."registrationNo" = 'REG' || (SELECT min(id) FROM "User") + g % 50
     CROSS JOIN LATERAL (SELECT timestamptz '2025-12-01 09:00+05:30' + (g / 50) * interval '130 minutes' AS slot) t`,
  `INSERT INTO "Ward" (code, name, category, "dailyRate", "updatedAt") SELECT 'W' || g, 'Ward ' || g, 'General', 1500, now() FROM generate_series(1, 8) g`,
  `INSERT INTO "Bed" ("wardId", "bedNumber", "updatedAt") SELECT w.id, lpad(b::text, 2, '0'), now() FROM "Ward" w CROSS JOIN generate_series(1, 25) b`,
  `INSERT INTO "Admission" ("admissionNo", "patientId", "bedId", "doctorId", status, "admittedAt", "dischargedAt", "updatedAt")
     SELECT 'A-' || g, (SELECT min(id) FROM "Patient") + g * 7, (SELECT min(id) FROM "Bed") + g % 200, (SELECT min(id) FROM "Doctor") + g % 50,
            'DISCHARGED', t.at, t.at + (1 + g % 6) * interval '1 day' + (g % 24) * interval '1 hour', now()
     FROM generate_series(1, 10000) g
     CROSS JOIN LATERAL (SELECT timestamptz '2025-12-01 00:00+05:30' + (g::float8 / 10000) * interval '365 days' AS at) t`,
  `INSERT INTO "AdmissionBedStay" ("admissionId", "bedId", "dailyRate", "fromTime", "toTime")
     SELECT a.id, a."bedId", 1500, a."admittedAt", a."dischargedAt" FROM "Admission" a`,
  `INSERT INTO "LabTest" (code, name, "sampleType", "turnaroundHours", "updatedAt") SELECT 'T' || g, 'Test ' || g, 'Blood', 4 + g % 20, now() FROM generate_series(1, 50) g`,
  `INSERT INTO "LabOrder" ("orderNo", "patientId", "labTestId", status, "orderedAt", "releasedAt")
     SELECT 'L-' || g, (SELECT min(id) FROM "Patient") + g % ${s.patients}, (SELECT min(id) FROM "LabTest") + g % 50,
            CASE WHEN g % 10 = 0 THEN 'ORDERED' ELSE 'RELEASED' END::"LabOrderStatus", t.at,
            CASE WHEN g % 10 = 0 THEN NULL ELSE t.at + (1 + g % 30) * interval '1 hour' END
     FROM generate_series(1, 100000) g
     CROSS JOIN LATERAL (SELECT timestamptz '2025-12-01 00:00+05:30' + (g::float8 / 100000) * interval '365 days' AS at) t`,
  `INSERT INTO "Drug" (code, name, "updatedAt") SELECT 'DR' || g, 'Drug ' || g, now() FROM generate_series(1, 500) g`,
  `INSERT INTO "DrugBatch" ("drugId", "batchNo", "expiryDate", quantity, mrp, "costPrice", "updatedAt")
     SELECT d.id, 'BT' || b, date '2026-12-01' + (d.id * 37 + b * 101) % 700, 100 + (d.id * b) % 400, 10 + d.id % 90, 5 + d.id % 45, now()
     FROM "Drug" d CROSS JOIN generate_series(1, 2) b`,
  `INSERT INTO "StockMovement" ("batchId", type, quantity, "createdAt")
     SELECT (SELECT min(id) FROM "DrugBatch") + (g::bigint * g) % 1000, 'DISPENSE', -(1 + g % 10),
            timestamptz '2025-12-01 00:00+05:30' + (g::float8 / 200000) * interval '365 days'
     FROM generate_series(1, 200000) g`,
  'SET session_replication_role = DEFAULT',
  'ANALYZE',
];

export async function seedHospitalYear(client: pg.Client, log: (line: string) => void, seed = SEED): Promise<void> {
  for (const statement of statements(seed)) {
    const started = performance.now();
    await client.query(statement);
    log(`  ${statement.trim().split('\n')[0]!.slice(0, 70)}… ${Math.round(performance.now() - started)} ms`);
  }
}
