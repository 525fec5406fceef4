-- DropIndex
DROP INDEX "Patient_phone_idx";

-- AlterTable
ALTER TABLE "Doctor" ADD COLUMN     "importJobId" INTEGER;

-- AlterTable
ALTER TABLE "Drug" ADD COLUMN     "importJobId" INTEGER;

-- AlterTable
ALTER TABLE "DrugBatch" ADD COLUMN     "importJobId" INTEGER;

-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN     "columnMapping" JSONB,
ADD COLUMN     "dryRun" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "filePath" TEXT,
ADD COLUMN     "validRowsOnly" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "LabTest" ADD COLUMN     "importJobId" INTEGER;

-- AlterTable
ALTER TABLE "Patient" ADD COLUMN     "importJobId" INTEGER;

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "importJobId" INTEGER;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "importJobId" INTEGER;

-- CreateIndex
CREATE INDEX "Patient_phone_dateOfBirth_idx" ON "Patient"("phone", "dateOfBirth");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_importJobId_fkey" FOREIGN KEY ("importJobId") REFERENCES "ImportJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Doctor" ADD CONSTRAINT "Doctor_importJobId_fkey" FOREIGN KEY ("importJobId") REFERENCES "ImportJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Patient" ADD CONSTRAINT "Patient_importJobId_fkey" FOREIGN KEY ("importJobId") REFERENCES "ImportJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_importJobId_fkey" FOREIGN KEY ("importJobId") REFERENCES "ImportJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Drug" ADD CONSTRAINT "Drug_importJobId_fkey" FOREIGN KEY ("importJobId") REFERENCES "ImportJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DrugBatch" ADD CONSTRAINT "DrugBatch_importJobId_fkey" FOREIGN KEY ("importJobId") REFERENCES "ImportJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabTest" ADD CONSTRAINT "LabTest_importJobId_fkey" FOREIGN KEY ("importJobId") REFERENCES "ImportJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;
