-- Issue #16, first part: the ICD-10 catalogue (rows loaded with COPY by src/modules/clinical/icd10.ts),
-- encounters (an OPD visit or a ward round), vitals, coded diagnoses, allergies and chronic conditions.

-- CreateEnum
CREATE TYPE "EncounterKind" AS ENUM ('OPD_VISIT', 'IPD_ROUND');
-- CreateEnum
CREATE TYPE "EncounterStatus" AS ENUM ('OPEN', 'FINISHED');
-- CreateEnum
CREATE TYPE "DiagnosisCertainty" AS ENUM ('PROVISIONAL', 'FINAL');
-- CreateEnum
CREATE TYPE "AllergyKind" AS ENUM ('DRUG', 'FOOD', 'OTHER');
-- CreateEnum
CREATE TYPE "AllergySeverity" AS ENUM ('MILD', 'MODERATE', 'SEVERE');
-- CreateTable
CREATE TABLE "Icd10Code" (
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    CONSTRAINT "Icd10Code_pkey" PRIMARY KEY ("code")
);
-- CreateTable
CREATE TABLE "Encounter" (
    "id" SERIAL NOT NULL,
    "patientId" INTEGER NOT NULL,
    "doctorId" INTEGER NOT NULL,
    "kind" "EncounterKind" NOT NULL,
    "status" "EncounterStatus" NOT NULL DEFAULT 'OPEN',
    "appointmentId" INTEGER,
    "admissionId" INTEGER,
    "chiefComplaints" TEXT,
    "history" TEXT,
    "examination" TEXT,
    "advice" TEXT,
    "followUpDate" DATE,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Encounter_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "Vitals" (
    "id" SERIAL NOT NULL,
    "patientId" INTEGER NOT NULL,
    "encounterId" INTEGER,
    "admissionId" INTEGER,
    "systolic" INTEGER,
    "diastolic" INTEGER,
    "pulse" INTEGER,
    "temperatureC" DECIMAL(4,1),
    "spo2" INTEGER,
    "respiratoryRate" INTEGER,
    "weightKg" DECIMAL(5,2),
    "heightCm" DECIMAL(5,1),
    "bmi" DECIMAL(4,1),
    "flags" TEXT[],
    "recordedById" INTEGER,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Vitals_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "EncounterDiagnosis" (
    "id" SERIAL NOT NULL,
    "encounterId" INTEGER NOT NULL,
    "icd10Code" TEXT,
    "text" TEXT,
    "certainty" "DiagnosisCertainty" NOT NULL DEFAULT 'PROVISIONAL',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EncounterDiagnosis_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "Allergy" (
    "id" SERIAL NOT NULL,
    "patientId" INTEGER NOT NULL,
    "kind" "AllergyKind" NOT NULL,
    "substance" TEXT NOT NULL,
    "reaction" TEXT,
    "severity" "AllergySeverity" NOT NULL DEFAULT 'MODERATE',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "recordedById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Allergy_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "ChronicCondition" (
    "id" SERIAL NOT NULL,
    "patientId" INTEGER NOT NULL,
    "icd10Code" TEXT,
    "text" TEXT NOT NULL,
    "since" DATE,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "recordedById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChronicCondition_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE INDEX "Icd10Code_title_trgm_idx" ON "Icd10Code" USING GIN ("title" gin_trgm_ops);
-- CreateIndex
CREATE UNIQUE INDEX "Encounter_appointmentId_key" ON "Encounter"("appointmentId");
-- CreateIndex
CREATE INDEX "Encounter_patientId_startedAt_idx" ON "Encounter"("patientId", "startedAt");
-- CreateIndex
CREATE INDEX "Encounter_doctorId_startedAt_idx" ON "Encounter"("doctorId", "startedAt");
-- CreateIndex
CREATE INDEX "Encounter_admissionId_idx" ON "Encounter"("admissionId");
-- CreateIndex
CREATE INDEX "Vitals_patientId_recordedAt_idx" ON "Vitals"("patientId", "recordedAt");
-- CreateIndex
CREATE INDEX "Vitals_encounterId_idx" ON "Vitals"("encounterId");
-- CreateIndex
CREATE INDEX "Vitals_admissionId_recordedAt_idx" ON "Vitals"("admissionId", "recordedAt");
-- CreateIndex
CREATE INDEX "EncounterDiagnosis_icd10Code_idx" ON "EncounterDiagnosis"("icd10Code");
-- CreateIndex
CREATE UNIQUE INDEX "EncounterDiagnosis_encounterId_icd10Code_key" ON "EncounterDiagnosis"("encounterId", "icd10Code");
-- CreateIndex
CREATE INDEX "Allergy_patientId_idx" ON "Allergy"("patientId");
-- CreateIndex
CREATE INDEX "ChronicCondition_patientId_idx" ON "ChronicCondition"("patientId");
-- AddForeignKey
ALTER TABLE "Encounter" ADD CONSTRAINT "Encounter_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "Encounter" ADD CONSTRAINT "Encounter_doctorId_fkey" FOREIGN KEY ("doctorId") REFERENCES "Doctor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "Encounter" ADD CONSTRAINT "Encounter_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "Encounter" ADD CONSTRAINT "Encounter_admissionId_fkey" FOREIGN KEY ("admissionId") REFERENCES "Admission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "Vitals" ADD CONSTRAINT "Vitals_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "Vitals" ADD CONSTRAINT "Vitals_encounterId_fkey" FOREIGN KEY ("encounterId") REFERENCES "Encounter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "Vitals" ADD CONSTRAINT "Vitals_admissionId_fkey" FOREIGN KEY ("admissionId") REFERENCES "Admission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "Vitals" ADD CONSTRAINT "Vitals_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "EncounterDiagnosis" ADD CONSTRAINT "EncounterDiagnosis_encounterId_fkey" FOREIGN KEY ("encounterId") REFERENCES "Encounter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "EncounterDiagnosis" ADD CONSTRAINT "EncounterDiagnosis_icd10Code_fkey" FOREIGN KEY ("icd10Code") REFERENCES "Icd10Code"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "Allergy" ADD CONSTRAINT "Allergy_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "Allergy" ADD CONSTRAINT "Allergy_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "ChronicCondition" ADD CONSTRAINT "ChronicCondition_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "ChronicCondition" ADD CONSTRAINT "ChronicCondition_icd10Code_fkey" FOREIGN KEY ("icd10Code") REFERENCES "Icd10Code"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "ChronicCondition" ADD CONSTRAINT "ChronicCondition_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A diagnosis is a code, free text, or both; never nothing.
ALTER TABLE "EncounterDiagnosis" ADD CONSTRAINT "EncounterDiagnosis_code_or_text_check"
  CHECK ("icd10Code" IS NOT NULL OR ("text" IS NOT NULL AND btrim("text") <> ''));

-- An OPD visit belongs to its appointment, a round to its admission.
ALTER TABLE "Encounter" ADD CONSTRAINT "Encounter_kind_check"
  CHECK (("kind" = 'OPD_VISIT' AND "appointmentId" IS NOT NULL) OR ("kind" = 'IPD_ROUND' AND "admissionId" IS NOT NULL));

-- Values no living patient has are refused by the database too (clinical/vitals.ts gives the words).
ALTER TABLE "Vitals" ADD CONSTRAINT "Vitals_plausible_check" CHECK (
      ("systolic" IS NULL OR "systolic" BETWEEN 40 AND 300)
  AND ("diastolic" IS NULL OR "diastolic" BETWEEN 20 AND 200)
  AND ("pulse" IS NULL OR "pulse" BETWEEN 20 AND 300)
  AND ("temperatureC" IS NULL OR "temperatureC" BETWEEN 25 AND 45)
  AND ("spo2" IS NULL OR "spo2" BETWEEN 30 AND 100)
  AND ("respiratoryRate" IS NULL OR "respiratoryRate" BETWEEN 4 AND 80)
  AND ("weightKg" IS NULL OR "weightKg" BETWEEN 0.3 AND 400)
  AND ("heightCm" IS NULL OR "heightCm" BETWEEN 20 AND 260));
