-- Rules Prisma's schema language cannot express. Each is enforced by the
-- database itself, so no code path (back-office, API, import, a psql session)
-- can break them. tests/integration/constraints.test.ts proves each one.
-- (No semicolons inside comments here: the migration runner splits the script on them.)

-- OPD: a doctor's slot holds at most one active (not cancelled) appointment.
CREATE UNIQUE INDEX "Appointment_active_slot_key"
  ON "Appointment" ("doctorId", "slotStart")
  WHERE "status" <> 'CANCELLED';

-- IPD: a bed holds at most one current admission, and a patient is admitted
-- to at most one bed at a time.
CREATE UNIQUE INDEX "Admission_current_bed_key"
  ON "Admission" ("bedId")
  WHERE "status" = 'ADMITTED';
CREATE UNIQUE INDEX "Admission_current_patient_key"
  ON "Admission" ("patientId")
  WHERE "status" = 'ADMITTED';

-- Money and quantities are never negative, and GST rates are the legal slabs.
ALTER TABLE "Doctor" ADD CONSTRAINT "Doctor_fees_check"
  CHECK ("consultationFee" >= 0 AND ("followUpFee" IS NULL OR "followUpFee" >= 0));
ALTER TABLE "Ward" ADD CONSTRAINT "Ward_dailyRate_check" CHECK ("dailyRate" >= 0);
ALTER TABLE "Service" ADD CONSTRAINT "Service_price_check" CHECK ("price" >= 0);
ALTER TABLE "Service" ADD CONSTRAINT "Service_gstRate_check" CHECK ("gstRate" IN (0, 5, 12, 18));
ALTER TABLE "Drug" ADD CONSTRAINT "Drug_gstRate_check" CHECK ("gstRate" IN (0, 5, 12, 18));
ALTER TABLE "Drug" ADD CONSTRAINT "Drug_reorderLevel_check" CHECK ("reorderLevel" >= 0);
ALTER TABLE "DrugBatch" ADD CONSTRAINT "DrugBatch_quantity_check" CHECK ("quantity" >= 0);
ALTER TABLE "DrugBatch" ADD CONSTRAINT "DrugBatch_prices_check" CHECK ("mrp" >= 0 AND "costPrice" >= 0);
ALTER TABLE "Dispensation" ADD CONSTRAINT "Dispensation_quantity_check" CHECK ("quantity" > 0 AND "unitPrice" >= 0);
ALTER TABLE "StockMovement" ADD CONSTRAINT "StockMovement_quantity_check" CHECK ("quantity" <> 0);
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_amounts_check"
  CHECK ("quantity" > 0 AND "unitPrice" >= 0 AND "discount" >= 0 AND "taxableValue" >= 0
         AND "cgst" >= 0 AND "sgst" >= 0 AND "igst" >= 0 AND "gstRate" IN (0, 5, 12, 18));
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_amountPaid_check"
  CHECK ("amountPaid" >= 0 AND "amountPaid" <= "total");
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_number_when_issued_check"
  CHECK (("status" = 'DRAFT') = ("number" IS NULL));
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_amount_check" CHECK ("amount" > 0);
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_amount_check" CHECK ("amount" > 0);
ALTER TABLE "Deposit" ADD CONSTRAINT "Deposit_amount_check" CHECK ("amount" > 0);
ALTER TABLE "Sequence" ADD CONSTRAINT "Sequence_lastValue_check" CHECK ("lastValue" >= 0);

-- Schedules and slots are well-formed.
ALTER TABLE "DoctorSchedule" ADD CONSTRAINT "DoctorSchedule_shape_check"
  CHECK ("weekday" BETWEEN 1 AND 7
         AND "startTime" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
         AND "endTime" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
         AND "startTime" < "endTime"
         AND "slotMinutes" BETWEEN 5 AND 240
         AND ("maxPatients" IS NULL OR "maxPatients" > 0));
ALTER TABLE "DoctorLeave" ADD CONSTRAINT "DoctorLeave_dates_check" CHECK ("startDate" <= "endDate");
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_slot_check" CHECK ("slotEnd" > "slotStart");
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_tokenNo_check" CHECK ("tokenNo" IS NULL OR "tokenNo" > 0);
ALTER TABLE "AdmissionBedStay" ADD CONSTRAINT "AdmissionBedStay_times_check"
  CHECK ("toTime" IS NULL OR "toTime" >= "fromTime");
ALTER TABLE "Admission" ADD CONSTRAINT "Admission_discharge_check"
  CHECK (("status" = 'DISCHARGED') = ("dischargedAt" IS NOT NULL));
