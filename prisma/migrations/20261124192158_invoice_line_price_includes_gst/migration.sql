-- AlterTable
ALTER TABLE "InvoiceLine" ADD COLUMN     "priceIncludesGst" BOOLEAN NOT NULL DEFAULT false;
