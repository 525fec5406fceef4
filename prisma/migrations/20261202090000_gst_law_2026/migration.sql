-- GST as the law stands on 2026-12-01 (src/modules/billing/rates.ts and supply.ts):
-- rate slabs become dated data, every billable item says what it is in GST law,
-- bills carry their document type and an optional registered recipient, and the
-- demo catalogue moves to today's rates and six-digit codes.

-- CreateEnum
CREATE TYPE "DocumentType" AS ENUM ('TAX_INVOICE', 'BILL_OF_SUPPLY', 'INVOICE_CUM_BILL_OF_SUPPLY', 'CREDIT_NOTE');

-- CreateEnum
CREATE TYPE "SupplyClass" AS ENUM ('IPD_HEALTH_CARE', 'OPD_HEALTH_CARE', 'ROOM_ABOVE_THRESHOLD', 'RETAIL_PHARMACY', 'NON_HEALTH');

-- CreateTable
CREATE TABLE "GstSlab" (
    "id" SERIAL NOT NULL,
    "rate" DECIMAL(5,2) NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "effectiveTo" DATE,
    "source" TEXT NOT NULL,

    CONSTRAINT "GstSlab_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GstSlab_rate_effectiveFrom_key" ON "GstSlab"("rate", "effectiveFrom");

INSERT INTO "GstSlab" ("rate", "effectiveFrom", "effectiveTo", "source") VALUES
  (0,  '2017-07-01', NULL, 'Nil-rated and exempt supplies (notifications 2/2017 and 12/2017-Central Tax (Rate))'),
  (5,  '2017-07-01', NULL, 'CGST rate notifications 1/2017 and 11/2017-Central Tax (Rate), 28-06-2017, in force from 01-07-2017; 56th GST Council (03-09-2025); notifications 9/2025 (goods) and 15/2025 (services)-Central Tax (Rate), 17-09-2025, in force from 22-09-2025'),
  (12, '2017-07-01', '2025-09-21', 'CGST rate notifications 1/2017 and 11/2017-Central Tax (Rate), 28-06-2017, in force from 01-07-2017; removed by 56th GST Council (03-09-2025); notifications 9/2025 (goods) and 15/2025 (services)-Central Tax (Rate), 17-09-2025, in force from 22-09-2025'),
  (18, '2017-07-01', NULL, 'CGST rate notifications 1/2017 and 11/2017-Central Tax (Rate), 28-06-2017, in force from 01-07-2017; 56th GST Council (03-09-2025); notifications 9/2025 (goods) and 15/2025 (services)-Central Tax (Rate), 17-09-2025, in force from 22-09-2025'),
  (28, '2017-07-01', '2025-09-21', 'CGST rate notifications 1/2017 and 11/2017-Central Tax (Rate), 28-06-2017, in force from 01-07-2017; removed by 56th GST Council (03-09-2025); notifications 9/2025 (goods) and 15/2025 (services)-Central Tax (Rate), 17-09-2025, in force from 22-09-2025'),
  (40, '2025-09-22', NULL, '56th GST Council (03-09-2025); notifications 9/2025 (goods) and 15/2025 (services)-Central Tax (Rate), 17-09-2025, in force from 22-09-2025');

-- A rate is valid on a day of supply when a slab covers that day.
CREATE FUNCTION gst_rate_in_force(numeric, date) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM "GstSlab" s WHERE s."rate" = $1 AND s."effectiveFrom" <= $2 AND (s."effectiveTo" IS NULL OR $2 <= s."effectiveTo"))
$$;

-- The fixed lists of rates go; the dated table decides. The catalogue is checked against
-- today's slabs (IST), a billable item against the slabs of the day it was supplied.
ALTER TABLE "Service" DROP CONSTRAINT "Service_gstRate_check";
ALTER TABLE "Drug" DROP CONSTRAINT "Drug_gstRate_check";
ALTER TABLE "BillableItem" DROP CONSTRAINT "BillableItem_amounts_check";
ALTER TABLE "BillableItem" ADD CONSTRAINT "BillableItem_amounts_check" CHECK ("quantity" > 0 AND "unitPrice" >= 0);

CREATE FUNCTION gst_rate_must_be_in_force() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  on_day date := CASE WHEN TG_TABLE_NAME = 'BillableItem' THEN (NEW."createdAt" AT TIME ZONE 'Asia/Kolkata')::date
                      ELSE (now() AT TIME ZONE 'Asia/Kolkata')::date END;
BEGIN
  IF NOT gst_rate_in_force(NEW."gstRate", on_day) THEN
    RAISE EXCEPTION 'GST rate: % %% is not a GST rate in force on %', NEW."gstRate", to_char(on_day, 'DD-MM-YYYY')
      USING COLUMN = 'gstRate';
  END IF;
  RETURN NEW;
END
$$;

-- Service, Drug: the new columns and today's demo catalogue first, then the rule.
ALTER TABLE "Service" ADD COLUMN "isHealthCare" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Drug" ALTER COLUMN "gstRate" SET DEFAULT 5;

-- A tariff service the hospital taxed was, by its own reckoning, not health care (rooms aside: their rule is their own).
UPDATE "Service" SET "isHealthCare" = false WHERE "gstRate" > 0 AND "category" <> 'ROOM';
-- Demo tariff: ambulance is exempt health care (S.No. 74(b) of 12/2017-CTR, SAC 999315); a private room at
-- exactly ₹5,000 is exempt (the 5 % applies above it); cosmetic procedures are 5 % without ITC (15/2025-CTR).
UPDATE "Service" SET "gstRate" = 0, "sacCode" = '999315', "isHealthCare" = true WHERE "code" = 'AMB-LOCAL';
UPDATE "Service" SET "gstRate" = 0 WHERE "code" = 'ROOM-PVT' AND "price" <= 5000;
UPDATE "Service" SET "gstRate" = 5, "isHealthCare" = false WHERE "code" = 'COSM-PEEL';
-- Medicines (HSN 3004) went from 12 % to 5 % on 22-09-2025 (9/2025-CTR); six-digit HSN codes.
UPDATE "Drug" SET "gstRate" = 5 WHERE "gstRate" = 12;
UPDATE "Drug" SET "hsnCode" = CASE
    WHEN "code" IN ('AMOX500', 'AZI500', 'CEFT1G') THEN '300420'
    WHEN "code" = 'INSR' THEN '300431'
    WHEN "code" IN ('VITD', 'CALC') THEN '300450'
    ELSE '300490' END
  WHERE "hsnCode" = '3004';

CREATE TRIGGER "Service_gstRate_in_force" BEFORE INSERT OR UPDATE OF "gstRate" ON "Service"
  FOR EACH ROW EXECUTE FUNCTION gst_rate_must_be_in_force();
CREATE TRIGGER "Drug_gstRate_in_force" BEFORE INSERT OR UPDATE OF "gstRate" ON "Drug"
  FOR EACH ROW EXECUTE FUNCTION gst_rate_must_be_in_force();

-- Billable items: each says what it is; unbilled ones move to the law of their day.
ALTER TABLE "BillableItem" ADD COLUMN "supplyClass" "SupplyClass";
UPDATE "BillableItem" SET "supplyClass" = CASE
    WHEN "source" = 'BED_DAY' THEN CASE WHEN "gstRate" > 0 THEN 'ROOM_ABOVE_THRESHOLD' ELSE 'IPD_HEALTH_CARE' END
    WHEN "source" = 'DRUG' THEN CASE WHEN "admissionId" IS NOT NULL THEN 'IPD_HEALTH_CARE' ELSE 'RETAIL_PHARMACY' END
    WHEN "gstRate" > 0 THEN 'NON_HEALTH'
    WHEN "admissionId" IS NOT NULL THEN 'IPD_HEALTH_CARE'
    ELSE 'OPD_HEALTH_CARE' END::"SupplyClass";
UPDATE "BillableItem" SET "gstRate" = 0
  WHERE "invoiceLineId" IS NULL AND "source" = 'DRUG' AND "admissionId" IS NOT NULL;
UPDATE "BillableItem" SET "gstRate" = 5
  WHERE "invoiceLineId" IS NULL AND "source" = 'DRUG' AND "gstRate" = 12
    AND ("createdAt" AT TIME ZONE 'Asia/Kolkata')::date >= DATE '2025-09-22';
ALTER TABLE "BillableItem" ALTER COLUMN "supplyClass" SET NOT NULL;

CREATE TRIGGER "BillableItem_gstRate_in_force" BEFORE INSERT OR UPDATE OF "gstRate" ON "BillableItem"
  FOR EACH ROW EXECUTE FUNCTION gst_rate_must_be_in_force();

-- Bills: document type, registered recipient, and per line the unit and supply class.
ALTER TABLE "Invoice" ADD COLUMN "documentType" "DocumentType",
ADD COLUMN "recipientAddress" TEXT,
ADD COLUMN "recipientGstin" TEXT,
ADD COLUMN "recipientName" TEXT;
ALTER TABLE "InvoiceLine" ADD COLUMN "supplyClass" "SupplyClass",
ADD COLUMN "unit" TEXT;

-- What an issued document says never changes: its type and recipient join the frozen columns.
CREATE OR REPLACE FUNCTION fiscal_invoice_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD."status" <> 'DRAFT' THEN
      RAISE EXCEPTION 'Fiscal record: an issued invoice or credit note is never deleted (cancel it with a credit note)';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD."status" <> 'DRAFT' AND (
       NEW."number" IS DISTINCT FROM OLD."number" OR NEW."kind" IS DISTINCT FROM OLD."kind"
    OR NEW."documentType" IS DISTINCT FROM OLD."documentType"
    OR NEW."recipientGstin" IS DISTINCT FROM OLD."recipientGstin" OR NEW."recipientName" IS DISTINCT FROM OLD."recipientName"
    OR NEW."recipientAddress" IS DISTINCT FROM OLD."recipientAddress"
    OR NEW."fiscalYear" IS DISTINCT FROM OLD."fiscalYear" OR NEW."originalInvoiceId" IS DISTINCT FROM OLD."originalInvoiceId"
    OR NEW."placeOfSupply" IS DISTINCT FROM OLD."placeOfSupply" OR NEW."interState" IS DISTINCT FROM OLD."interState"
    OR NEW."subtotal" IS DISTINCT FROM OLD."subtotal" OR NEW."discountTotal" IS DISTINCT FROM OLD."discountTotal"
    OR NEW."taxableTotal" IS DISTINCT FROM OLD."taxableTotal" OR NEW."cgstTotal" IS DISTINCT FROM OLD."cgstTotal"
    OR NEW."sgstTotal" IS DISTINCT FROM OLD."sgstTotal" OR NEW."igstTotal" IS DISTINCT FROM OLD."igstTotal"
    OR NEW."roundOff" IS DISTINCT FROM OLD."roundOff" OR NEW."total" IS DISTINCT FROM OLD."total"
    OR NEW."issuedAt" IS DISTINCT FROM OLD."issuedAt" OR NEW."status" = 'DRAFT'
    OR NEW."appointmentId" IS DISTINCT FROM OLD."appointmentId" OR NEW."admissionId" IS DISTINCT FROM OLD."admissionId"
  ) THEN
    RAISE EXCEPTION 'Fiscal record: the number and amounts of an issued invoice or credit note never change (cancel it with a credit note)';
  END IF;
  RETURN NEW;
END
$$;
