-- A value of its own migration: PostgreSQL lets a new enum value be used only after its transaction commits
-- (the next migration's index and check name it).
ALTER TYPE "EncounterKind" ADD VALUE 'DISCHARGE';
