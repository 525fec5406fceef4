-- CreateTable
CREATE TABLE "PortalSignup" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "dateOfBirth" DATE NOT NULL,
    "gender" "Gender",
    "passwordHash" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "verifiedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PortalSignup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PortalSignup_phone_createdAt_idx" ON "PortalSignup"("phone", "createdAt");

-- CreateIndex
CREATE INDEX "PortalSignup_expiresAt_idx" ON "PortalSignup"("expiresAt");


-- The patient portal books at most one active appointment per patient, doctor and day
-- (the front desk may book more: a second visit the doctor asked for).
CREATE UNIQUE INDEX "Appointment_portal_one_per_doctor_day_key"
  ON "Appointment" ("patientId", "doctorId", "visitDate")
  WHERE "source" = 'PATIENT_PORTAL' AND "status" IN ('BOOKED', 'CHECKED_IN');
