-- CreateEnum
CREATE TYPE "DoseStatus" AS ENUM ('SCHEDULED', 'GIVEN', 'HELD', 'REFUSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "DischargeSummaryStatus" AS ENUM ('DRAFT', 'SIGNED');

-- AlterTable
ALTER TABLE "LabOrder" ADD COLUMN     "encounterId" INTEGER;

-- AlterTable
ALTER TABLE "Encounter" ADD COLUMN     "followUpAppointmentId" INTEGER;

-- AlterTable
ALTER TABLE "PrescriptionItem" ADD COLUMN     "stopReason" TEXT,
ADD COLUMN     "stoppedAt" TIMESTAMPTZ(3),
ADD COLUMN     "stoppedById" INTEGER;

-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "patientId" INTEGER;

-- CreateTable
CREATE TABLE "NursingNote" (
    "id" SERIAL NOT NULL,
    "admissionId" INTEGER NOT NULL,
    "patientId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "writtenById" INTEGER,
    "writtenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NursingNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MedicationDose" (
    "id" SERIAL NOT NULL,
    "prescriptionItemId" INTEGER NOT NULL,
    "admissionId" INTEGER NOT NULL,
    "patientId" INTEGER NOT NULL,
    "scheduledAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "DoseStatus" NOT NULL DEFAULT 'SCHEDULED',
    "recordedAt" TIMESTAMPTZ(3),
    "recordedById" INTEGER,
    "reason" TEXT,

    CONSTRAINT "MedicationDose_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DischargeSummary" (
    "id" SERIAL NOT NULL,
    "admissionId" INTEGER NOT NULL,
    "patientId" INTEGER NOT NULL,
    "doctorId" INTEGER NOT NULL,
    "diagnoses" JSONB NOT NULL,
    "procedures" TEXT,
    "courseInHospital" TEXT NOT NULL,
    "conditionAtDischarge" TEXT NOT NULL,
    "advice" TEXT,
    "followUpDate" DATE,
    "prescriptionId" INTEGER,
    "status" "DischargeSummaryStatus" NOT NULL DEFAULT 'DRAFT',
    "signedById" INTEGER,
    "signedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DischargeSummary_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "NursingNote_admissionId_writtenAt_idx" ON "NursingNote"("admissionId", "writtenAt");

-- CreateIndex
CREATE INDEX "NursingNote_patientId_idx" ON "NursingNote"("patientId");

-- CreateIndex
CREATE INDEX "MedicationDose_admissionId_scheduledAt_idx" ON "MedicationDose"("admissionId", "scheduledAt");

-- CreateIndex
CREATE INDEX "MedicationDose_status_scheduledAt_idx" ON "MedicationDose"("status", "scheduledAt");

-- CreateIndex
CREATE INDEX "MedicationDose_patientId_idx" ON "MedicationDose"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "MedicationDose_prescriptionItemId_scheduledAt_key" ON "MedicationDose"("prescriptionItemId", "scheduledAt");

-- CreateIndex
CREATE UNIQUE INDEX "DischargeSummary_admissionId_key" ON "DischargeSummary"("admissionId");

-- CreateIndex
CREATE UNIQUE INDEX "DischargeSummary_prescriptionId_key" ON "DischargeSummary"("prescriptionId");

-- CreateIndex
CREATE INDEX "DischargeSummary_patientId_idx" ON "DischargeSummary"("patientId");

-- CreateIndex
CREATE INDEX "LabOrder_encounterId_idx" ON "LabOrder"("encounterId");

-- CreateIndex
CREATE UNIQUE INDEX "Encounter_followUpAppointmentId_key" ON "Encounter"("followUpAppointmentId");

-- CreateIndex
CREATE INDEX "AuditLog_patientId_createdAt_idx" ON "AuditLog"("patientId", "createdAt");

-- AddForeignKey
ALTER TABLE "LabOrder" ADD CONSTRAINT "LabOrder_encounterId_fkey" FOREIGN KEY ("encounterId") REFERENCES "Encounter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Encounter" ADD CONSTRAINT "Encounter_followUpAppointmentId_fkey" FOREIGN KEY ("followUpAppointmentId") REFERENCES "Appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrescriptionItem" ADD CONSTRAINT "PrescriptionItem_stoppedById_fkey" FOREIGN KEY ("stoppedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NursingNote" ADD CONSTRAINT "NursingNote_admissionId_fkey" FOREIGN KEY ("admissionId") REFERENCES "Admission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NursingNote" ADD CONSTRAINT "NursingNote_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NursingNote" ADD CONSTRAINT "NursingNote_writtenById_fkey" FOREIGN KEY ("writtenById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MedicationDose" ADD CONSTRAINT "MedicationDose_prescriptionItemId_fkey" FOREIGN KEY ("prescriptionItemId") REFERENCES "PrescriptionItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MedicationDose" ADD CONSTRAINT "MedicationDose_admissionId_fkey" FOREIGN KEY ("admissionId") REFERENCES "Admission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MedicationDose" ADD CONSTRAINT "MedicationDose_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MedicationDose" ADD CONSTRAINT "MedicationDose_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DischargeSummary" ADD CONSTRAINT "DischargeSummary_admissionId_fkey" FOREIGN KEY ("admissionId") REFERENCES "Admission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DischargeSummary" ADD CONSTRAINT "DischargeSummary_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DischargeSummary" ADD CONSTRAINT "DischargeSummary_doctorId_fkey" FOREIGN KEY ("doctorId") REFERENCES "Doctor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DischargeSummary" ADD CONSTRAINT "DischargeSummary_prescriptionId_fkey" FOREIGN KEY ("prescriptionId") REFERENCES "Prescription"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DischargeSummary" ADD CONSTRAINT "DischargeSummary_signedById_fkey" FOREIGN KEY ("signedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- A signed discharge summary is a legal document: it is never changed or removed (a correction is an addendum).
CREATE FUNCTION discharge_summary_signed_is_final() RETURNS trigger AS $$
BEGIN
  -- Only a patient merge (patients/merge.ts) may move it to the surviving file, changing nothing else.
  IF OLD.status = 'SIGNED' AND NOT (
    TG_OP = 'UPDATE' AND current_setting('hospital.patient_merge', true) = 'on'
    AND to_jsonb(NEW) - 'patientId' - 'updatedAt' = to_jsonb(OLD) - 'patientId' - 'updatedAt'
  ) THEN
    RAISE EXCEPTION 'A signed discharge summary cannot be changed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER discharge_summary_signed_is_final BEFORE UPDATE OR DELETE ON "DischargeSummary"
  FOR EACH ROW EXECUTE FUNCTION discharge_summary_signed_is_final();

-- A dose is recorded once: given, held or refused stays so (two nurses at one bed cannot both give it).
CREATE FUNCTION medication_dose_recorded_once() RETURNS trigger AS $$
BEGIN
  IF OLD.status <> 'SCHEDULED' AND (NEW.status IS DISTINCT FROM OLD.status OR NEW."recordedAt" IS DISTINCT FROM OLD."recordedAt") THEN
    RAISE EXCEPTION 'This dose is already recorded as %', lower(OLD.status::text) USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status IN ('HELD', 'REFUSED') AND coalesce(btrim(NEW.reason), '') = '' THEN
    RAISE EXCEPTION 'A held or refused dose needs its reason' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER medication_dose_recorded_once BEFORE UPDATE ON "MedicationDose"
  FOR EACH ROW EXECUTE FUNCTION medication_dose_recorded_once();

-- The discharge encounter belongs to its admission too, one per stay (its prescription: the medicines on discharge).
ALTER TABLE "Encounter" DROP CONSTRAINT "Encounter_kind_check";
ALTER TABLE "Encounter" ADD CONSTRAINT "Encounter_kind_check" CHECK (
  ("kind"::text = 'OPD_VISIT' AND "appointmentId" IS NOT NULL)
  OR ("kind"::text IN ('IPD_ROUND', 'DISCHARGE') AND "admissionId" IS NOT NULL)
);
CREATE UNIQUE INDEX "Encounter_one_discharge_per_admission" ON "Encounter"("admissionId") WHERE "kind" = 'DISCHARGE';
