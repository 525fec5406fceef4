-- CreateTable
CREATE TABLE "BillableItem" (
    "id" SERIAL NOT NULL,
    "patientId" INTEGER NOT NULL,
    "source" "BillableSource" NOT NULL,
    "sourceRef" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "serviceId" INTEGER,
    "sacCode" TEXT,
    "quantity" DECIMAL(12,3) NOT NULL,
    "unitPrice" DECIMAL(12,2) NOT NULL,
    "gstRate" DECIMAL(5,2) NOT NULL,
    "priceIncludesGst" BOOLEAN NOT NULL DEFAULT false,
    "appointmentId" INTEGER,
    "admissionId" INTEGER,
    "invoiceLineId" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BillableItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BillableItem_sourceRef_key" ON "BillableItem"("sourceRef");

-- CreateIndex
CREATE UNIQUE INDEX "BillableItem_invoiceLineId_key" ON "BillableItem"("invoiceLineId");

-- CreateIndex
CREATE INDEX "BillableItem_patientId_invoiceLineId_idx" ON "BillableItem"("patientId", "invoiceLineId");

-- AddForeignKey
ALTER TABLE "BillableItem" ADD CONSTRAINT "BillableItem_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillableItem" ADD CONSTRAINT "BillableItem_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillableItem" ADD CONSTRAINT "BillableItem_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillableItem" ADD CONSTRAINT "BillableItem_admissionId_fkey" FOREIGN KEY ("admissionId") REFERENCES "Admission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillableItem" ADD CONSTRAINT "BillableItem_invoiceLineId_fkey" FOREIGN KEY ("invoiceLineId") REFERENCES "InvoiceLine"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A billable quantity is positive and prices are never negative.
ALTER TABLE "BillableItem" ADD CONSTRAINT "BillableItem_amounts_check"
  CHECK ("quantity" > 0 AND "unitPrice" >= 0 AND "gstRate" IN (0, 5, 12, 18));
