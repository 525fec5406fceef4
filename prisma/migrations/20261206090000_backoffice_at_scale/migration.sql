-- The back-office at a large hospital's size (issue #15): the Appointments
-- list opens newest first, with or without a status filter, and the
-- dashboard counts today's admissions by date instead of reading the stay history.
CREATE INDEX "Appointment_slotStart_idx" ON "Appointment"("slotStart");
CREATE INDEX "Appointment_status_slotStart_idx" ON "Appointment"("status", "slotStart");
CREATE INDEX "Admission_admittedAt_idx" ON "Admission"("admittedAt");
