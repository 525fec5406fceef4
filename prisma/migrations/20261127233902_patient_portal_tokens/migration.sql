-- CreateTable
CREATE TABLE "PatientRefreshToken" (
    "id" SERIAL NOT NULL,
    "patientId" INTEGER NOT NULL,
    "familyId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PatientRefreshToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PatientPasswordReset" (
    "id" SERIAL NOT NULL,
    "patientId" INTEGER NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PatientPasswordReset_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PatientRefreshToken_tokenHash_key" ON "PatientRefreshToken"("tokenHash");

-- CreateIndex
CREATE INDEX "PatientRefreshToken_familyId_idx" ON "PatientRefreshToken"("familyId");

-- CreateIndex
CREATE INDEX "PatientRefreshToken_patientId_idx" ON "PatientRefreshToken"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "PatientPasswordReset_tokenHash_key" ON "PatientPasswordReset"("tokenHash");

-- CreateIndex
CREATE INDEX "PatientPasswordReset_patientId_idx" ON "PatientPasswordReset"("patientId");

-- AddForeignKey
ALTER TABLE "PatientRefreshToken" ADD CONSTRAINT "PatientRefreshToken_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatientPasswordReset" ADD CONSTRAINT "PatientPasswordReset_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One portal account per e-mail address (patients sign in with it), other records may share an e-mail
CREATE UNIQUE INDEX "Patient_portal_email_key" ON "Patient" (lower("email")) WHERE "portalEnabled";
