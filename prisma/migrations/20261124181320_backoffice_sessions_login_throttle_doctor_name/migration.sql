-- AlterTable
ALTER TABLE "Doctor" ADD COLUMN     "name" TEXT;
-- Existing doctors take their login's name, then the column becomes required.
UPDATE "Doctor" d SET "name" = u."name" FROM "User" u WHERE u."id" = d."userId";
ALTER TABLE "Doctor" ALTER COLUMN "name" SET NOT NULL;

-- CreateTable
CREATE TABLE "session" (
    "sid" VARCHAR NOT NULL,
    "sess" JSON NOT NULL,
    "expire" TIMESTAMP(6) NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMPTZ(3),

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "IDX_session_expire" ON "session"("expire");
