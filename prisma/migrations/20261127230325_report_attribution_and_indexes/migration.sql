-- AlterTable
ALTER TABLE "InvoiceLine" ADD COLUMN     "category" "ServiceCategory" NOT NULL DEFAULT 'OTHER',
ADD COLUMN     "departmentId" INTEGER,
ADD COLUMN     "doctorId" INTEGER;

-- CreateIndex
CREATE INDEX "Deposit_receivedAt_idx" ON "Deposit"("receivedAt");

-- CreateIndex
CREATE INDEX "LabOrder_orderedAt_idx" ON "LabOrder"("orderedAt");

-- CreateIndex
CREATE INDEX "Refund_processedAt_idx" ON "Refund"("processedAt");

-- CreateIndex
CREATE INDEX "StockMovement_createdAt_idx" ON "StockMovement"("createdAt");

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_doctorId_fkey" FOREIGN KEY ("doctorId") REFERENCES "Doctor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill: what existing lines were billed as, found from the charge that caused them
UPDATE "InvoiceLine" l
SET "category" = COALESCE(s."category", CASE l."source"
      WHEN 'CONSULTATION' THEN 'CONSULTATION'::"ServiceCategory"
      WHEN 'BED_DAY' THEN 'ROOM'::"ServiceCategory"
      WHEN 'DRUG' THEN 'PHARMACY'::"ServiceCategory"
      WHEN 'LAB_TEST' THEN 'LAB'::"ServiceCategory"
      ELSE 'OTHER'::"ServiceCategory" END)
FROM "InvoiceLine" l2
LEFT JOIN "Service" s ON s."id" = l2."serviceId"
WHERE l2."id" = l."id";

UPDATE "InvoiceLine" l
SET "doctorId" = COALESCE(ap."doctorId", ad."doctorId", inv_ad."doctorId")
FROM "InvoiceLine" l2
JOIN "Invoice" i ON i."id" = l2."invoiceId"
LEFT JOIN "BillableItem" b ON b."sourceRef" = l2."sourceRef"
LEFT JOIN "Appointment" ap ON ap."id" = b."appointmentId"
LEFT JOIN "Admission" ad ON ad."id" = b."admissionId"
LEFT JOIN "Admission" inv_ad ON inv_ad."id" = i."admissionId"
WHERE l2."id" = l."id";

UPDATE "InvoiceLine" l
SET "departmentId" = COALESCE(s."departmentId", d."departmentId")
FROM "InvoiceLine" l2
LEFT JOIN "Service" s ON s."id" = l2."serviceId"
LEFT JOIN "Doctor" d ON d."id" = l2."doctorId"
WHERE l2."id" = l."id";
