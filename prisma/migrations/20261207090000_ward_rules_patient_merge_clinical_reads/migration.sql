-- Issue #15: a ward's gender and age rules (checked at admission and transfer,
-- overridden only with a reason kept on the bed stay), an administrator's merge of
-- a duplicate patient record (undone from its audit row), and the audit trail's
-- record of clinical reads.

CREATE TYPE "WardAdmits" AS ENUM ('ANYONE', 'MALE', 'FEMALE');

ALTER TYPE "AuditAction" ADD VALUE 'READ';

ALTER TABLE "Ward" ADD COLUMN "admits" "WardAdmits" NOT NULL DEFAULT 'ANYONE',
ADD COLUMN "maxAgeYears" INTEGER,
ADD COLUMN "minAgeYears" INTEGER;

ALTER TABLE "Ward" ADD CONSTRAINT "Ward_age_limits_check"
  CHECK (("minAgeYears" IS NULL OR "minAgeYears" BETWEEN 0 AND 150)
     AND ("maxAgeYears" IS NULL OR "maxAgeYears" BETWEEN 0 AND 150)
     AND ("minAgeYears" IS NULL OR "maxAgeYears" IS NULL OR "minAgeYears" <= "maxAgeYears"));

ALTER TABLE "AdmissionBedStay" ADD COLUMN "wardRuleOverride" TEXT;

-- Wards named for one gender take only that gender from now on.
UPDATE "Ward" SET "admits" = 'MALE' WHERE "name" ~* '\m(male|men)\M' AND "name" !~* '\m(female|women)\M';
UPDATE "Ward" SET "admits" = 'FEMALE' WHERE "name" ~* '\m(female|women)\M';

ALTER TABLE "Patient" ADD COLUMN "mergedAt" TIMESTAMPTZ(3),
ADD COLUMN "mergedIntoId" INTEGER;

ALTER TABLE "Patient" ADD CONSTRAINT "Patient_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Patient" ADD CONSTRAINT "Patient_not_merged_into_itself" CHECK ("mergedIntoId" IS NULL OR "mergedIntoId" <> "id");

-- A deposit's receipt stays final, but whose file it sits in may move when an administrator
-- merges a duplicate registration of the same person (patients/merge.ts sets
-- hospital.patient_merge for its transaction only). Nothing else about a deposit changes.
CREATE OR REPLACE FUNCTION fiscal_deposit_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  movable text[] := ARRAY['status', 'appliedInvoiceId', 'receivedById', 'amount']
    || CASE WHEN current_setting('hospital.patient_merge', true) = 'on' THEN ARRAY['patientId'] ELSE ARRAY[]::text[] END;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Fiscal record: a deposit is never deleted (refund it instead)';
  END IF;
  IF (to_jsonb(NEW) - movable) <> (to_jsonb(OLD) - movable)
     OR (NEW."amount" <> OLD."amount" AND NOT (OLD."status" = 'HELD' AND NEW."status" = 'APPLIED' AND NEW."amount" < OLD."amount")) THEN
    RAISE EXCEPTION 'Fiscal record: the amount and receipt of a deposit never change';
  END IF;
  RETURN NEW;
END
$$;
