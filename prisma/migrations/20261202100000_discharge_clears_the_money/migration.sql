-- Discharge clears the money (src/modules/admissions/settlement.ts): billing may let a patient go with
-- money due only with a reason on record, and an advance's excess is paid back by a refund voucher.

-- AlterTable
ALTER TABLE "Admission" ADD COLUMN     "creditPendingAt" TIMESTAMPTZ(3),
ADD COLUMN     "creditPendingById" INTEGER,
ADD COLUMN     "creditPendingReason" TEXT;

-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "depositId" INTEGER;

-- AddForeignKey
ALTER TABLE "Admission" ADD CONSTRAINT "Admission_creditPendingById_fkey" FOREIGN KEY ("creditPendingById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_depositId_fkey" FOREIGN KEY ("depositId") REFERENCES "Deposit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

