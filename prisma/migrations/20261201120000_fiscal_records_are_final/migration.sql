-- Fiscal records are final, whatever code runs (the back-office, the API, an import,
-- a psql session): an issued invoice or credit note is never deleted and its amounts
-- and number never change, its lines are frozen, payments, refunds and deposits are
-- never deleted and their amounts never rewritten, and the gapless counters never go
-- back. Only what the money flows themselves move stays changeable: an invoice's
-- status, paid amount and cancellation, a payment's or refund's status and gateway id,
-- a deposit's status (and its amount once, when a held deposit is split on application),
-- and the staff and doctor links that ON DELETE SET NULL clears.
-- Every refusal says "Fiscal record: ..." so the application can answer 409 in words.
-- This file is one statement per function or trigger: prisma.config.ts sends migration
-- scripts whole, so the dollar-quoted bodies keep their inner semicolons.

CREATE FUNCTION fiscal_invoice_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD."status" <> 'DRAFT' THEN
      RAISE EXCEPTION 'Fiscal record: an issued invoice or credit note is never deleted (cancel it with a credit note)';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD."status" <> 'DRAFT' AND (
       NEW."number" IS DISTINCT FROM OLD."number" OR NEW."kind" IS DISTINCT FROM OLD."kind"
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

CREATE TRIGGER "Invoice_is_final" BEFORE UPDATE OR DELETE ON "Invoice"
  FOR EACH ROW EXECUTE FUNCTION fiscal_invoice_is_final();

CREATE FUNCTION fiscal_invoice_line_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_status text;
BEGIN
  SELECT "status"::text INTO parent_status FROM "Invoice"
   WHERE "id" = CASE WHEN TG_OP = 'DELETE' THEN OLD."invoiceId" ELSE NEW."invoiceId" END;
  -- A missing parent is a draft being deleted with its lines (its own trigger allowed it).
  IF parent_status IS NULL OR parent_status = 'DRAFT' THEN
    IF TG_OP = 'UPDATE' AND NEW."invoiceId" IS DISTINCT FROM OLD."invoiceId" THEN
      SELECT "status"::text INTO parent_status FROM "Invoice" WHERE "id" = OLD."invoiceId";
      IF parent_status IS NOT NULL AND parent_status <> 'DRAFT' THEN
        RAISE EXCEPTION 'Fiscal record: the lines of an issued invoice never change';
      END IF;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'doctorId' - 'departmentId') = (to_jsonb(OLD) - 'doctorId' - 'departmentId') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'Fiscal record: the lines of an issued invoice never change';
END
$$;

CREATE TRIGGER "InvoiceLine_is_final" BEFORE INSERT OR UPDATE OR DELETE ON "InvoiceLine"
  FOR EACH ROW EXECUTE FUNCTION fiscal_invoice_line_is_final();

-- Payments and refunds: never deleted; only status (and a refund's gateway id, processed time) change.
CREATE FUNCTION fiscal_money_row_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changeable text[] := TG_ARGV;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Fiscal record: a % is never deleted (record a refund or a reversal instead)', lower(TG_TABLE_NAME);
  END IF;
  IF (to_jsonb(NEW) - changeable) <> (to_jsonb(OLD) - changeable) THEN
    RAISE EXCEPTION 'Fiscal record: the amount and number of a % never change', lower(TG_TABLE_NAME);
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "Payment_is_final" BEFORE UPDATE OR DELETE ON "Payment"
  FOR EACH ROW EXECUTE FUNCTION fiscal_money_row_is_final('status', 'receivedById');

CREATE TRIGGER "Refund_is_final" BEFORE UPDATE OR DELETE ON "Refund"
  FOR EACH ROW EXECUTE FUNCTION fiscal_money_row_is_final('status', 'gatewayRefundId', 'processedAt', 'requestedById', 'approvedById');

-- Deposits: a held deposit applied to a bill may shrink to what was applied (the rest is a new deposit).
CREATE FUNCTION fiscal_deposit_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Fiscal record: a deposit is never deleted (refund it instead)';
  END IF;
  IF (to_jsonb(NEW) - ARRAY['status', 'appliedInvoiceId', 'receivedById', 'amount']) <> (to_jsonb(OLD) - ARRAY['status', 'appliedInvoiceId', 'receivedById', 'amount'])
     OR (NEW."amount" <> OLD."amount" AND NOT (OLD."status" = 'HELD' AND NEW."status" = 'APPLIED' AND NEW."amount" < OLD."amount")) THEN
    RAISE EXCEPTION 'Fiscal record: the amount and receipt of a deposit never change';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "Deposit_is_final" BEFORE UPDATE OR DELETE ON "Deposit"
  FOR EACH ROW EXECUTE FUNCTION fiscal_deposit_is_final();

-- Gapless counters only move forward.
CREATE FUNCTION fiscal_sequence_moves_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW."lastValue" < OLD."lastValue" OR NEW."name" <> OLD."name" THEN
    RAISE EXCEPTION 'Fiscal record: a document counter never goes back (the numbering must stay gapless)';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "Sequence_moves_forward" BEFORE UPDATE OR DELETE ON "Sequence"
  FOR EACH ROW EXECUTE FUNCTION fiscal_sequence_moves_forward();

-- TRUNCATE bypasses row triggers: refuse it on the fiscal tables.
CREATE FUNCTION fiscal_table_is_not_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Fiscal record: % is never truncated', TG_TABLE_NAME;
END
$$;

CREATE TRIGGER "Invoice_not_truncated" BEFORE TRUNCATE ON "Invoice" FOR EACH STATEMENT EXECUTE FUNCTION fiscal_table_is_not_truncated();
CREATE TRIGGER "InvoiceLine_not_truncated" BEFORE TRUNCATE ON "InvoiceLine" FOR EACH STATEMENT EXECUTE FUNCTION fiscal_table_is_not_truncated();
CREATE TRIGGER "Payment_not_truncated" BEFORE TRUNCATE ON "Payment" FOR EACH STATEMENT EXECUTE FUNCTION fiscal_table_is_not_truncated();
CREATE TRIGGER "Refund_not_truncated" BEFORE TRUNCATE ON "Refund" FOR EACH STATEMENT EXECUTE FUNCTION fiscal_table_is_not_truncated();
CREATE TRIGGER "Deposit_not_truncated" BEFORE TRUNCATE ON "Deposit" FOR EACH STATEMENT EXECUTE FUNCTION fiscal_table_is_not_truncated();
CREATE TRIGGER "Sequence_not_truncated" BEFORE TRUNCATE ON "Sequence" FOR EACH STATEMENT EXECUTE FUNCTION fiscal_table_is_not_truncated();
