-- lpad() cuts text longer than its length, so PH- plus lpad(n, 6) repeats PH-100000 from
-- the millionth patient on. next_uhid() pads to six digits and lets longer numbers grow.
CREATE FUNCTION next_uhid() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT 'PH-' || lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('patient_uhid_seq') AS n
$$;

ALTER TABLE "Patient" ALTER COLUMN "uhid" SET DEFAULT next_uhid();
