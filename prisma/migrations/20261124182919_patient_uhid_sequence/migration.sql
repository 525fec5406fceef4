-- UHIDs come from the database, so every registration path (back-office form,
-- patient API, import) gets the next number inside its own insert.
CREATE SEQUENCE IF NOT EXISTS "patient_uhid_seq" AS BIGINT START WITH 1;

-- Continue after any patients already registered with PH-nnnnnn numbers.
SELECT setval('patient_uhid_seq', GREATEST(COALESCE((SELECT MAX(substring("uhid" FROM '^PH-([0-9]+)$')::BIGINT) FROM "Patient"), 0), 1), (SELECT COUNT(*) > 0 FROM "Patient" WHERE "uhid" ~ '^PH-[0-9]+$'));

ALTER TABLE "Patient" ALTER COLUMN "uhid" SET DEFAULT ('PH-'::text || lpad((nextval('patient_uhid_seq'::regclass))::text, 6, '0'::text));
