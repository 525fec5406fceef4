-- Issue #16: the doctor's prescription (Rx) of an encounter, a drug per item with its dosing as written.

-- CreateEnum
CREATE TYPE "FoodTiming" AS ENUM ('BEFORE_FOOD', 'AFTER_FOOD', 'WITH_FOOD', 'EMPTY_STOMACH', 'ANY_TIME');
-- CreateEnum
CREATE TYPE "PrescriptionItemStatus" AS ENUM ('ACTIVE', 'STOPPED');
-- CreateTable
CREATE TABLE "Prescription" (
    "id" SERIAL NOT NULL,
    "encounterId" INTEGER NOT NULL,
    "patientId" INTEGER NOT NULL,
    "doctorId" INTEGER NOT NULL,
    "notes" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Prescription_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "PrescriptionItem" (
    "id" SERIAL NOT NULL,
    "prescriptionId" INTEGER NOT NULL,
    "drugId" INTEGER NOT NULL,
    "dose" TEXT NOT NULL,
    "frequency" TEXT NOT NULL,
    "route" TEXT NOT NULL DEFAULT 'Oral',
    "durationDays" INTEGER,
    "foodTiming" "FoodTiming" NOT NULL DEFAULT 'ANY_TIME',
    "quantity" INTEGER NOT NULL,
    "instructions" TEXT,
    "overrideReason" TEXT,
    "status" "PrescriptionItemStatus" NOT NULL DEFAULT 'ACTIVE',
    "dispensed" INTEGER NOT NULL DEFAULT 0,
    "endsOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PrescriptionItem_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE INDEX "Prescription_patientId_createdAt_idx" ON "Prescription"("patientId", "createdAt");
-- CreateIndex
CREATE INDEX "Prescription_encounterId_idx" ON "Prescription"("encounterId");
-- CreateIndex
CREATE INDEX "PrescriptionItem_prescriptionId_idx" ON "PrescriptionItem"("prescriptionId");
-- CreateIndex
CREATE INDEX "PrescriptionItem_drugId_idx" ON "PrescriptionItem"("drugId");
-- AddForeignKey
ALTER TABLE "Prescription" ADD CONSTRAINT "Prescription_encounterId_fkey" FOREIGN KEY ("encounterId") REFERENCES "Encounter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "Prescription" ADD CONSTRAINT "Prescription_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "Prescription" ADD CONSTRAINT "Prescription_doctorId_fkey" FOREIGN KEY ("doctorId") REFERENCES "Doctor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "PrescriptionItem" ADD CONSTRAINT "PrescriptionItem_prescriptionId_fkey" FOREIGN KEY ("prescriptionId") REFERENCES "Prescription"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "PrescriptionItem" ADD CONSTRAINT "PrescriptionItem_drugId_fkey" FOREIGN KEY ("drugId") REFERENCES "Drug"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "PrescriptionItem" ADD CONSTRAINT "PrescriptionItem_quantity_check" CHECK ("quantity" BETWEEN 1 AND 10000);
ALTER TABLE "PrescriptionItem" ADD CONSTRAINT "PrescriptionItem_duration_check" CHECK ("durationDays" IS NULL OR "durationDays" BETWEEN 1 AND 365);
-- Never more dispensed than prescribed.
ALTER TABLE "PrescriptionItem" ADD CONSTRAINT "PrescriptionItem_dispensed_check" CHECK ("dispensed" BETWEEN 0 AND "quantity");
