/**
 * The back-office in the hospital's words: field labels, page titles and the
 * operations' buttons, as AdminJS translations (its own lookup: a model's
 * key first, then the shared one). A field missing here falls back to
 * AdminJS's spelling of the column name, so new fields should be added.
 */
import { operations } from './actions/operations.js';

// prettier-ignore
const properties: Record<string, string> = {
  uhid: 'UHID', name: 'Name', phone: 'Mobile', email: 'E-mail', gender: 'Gender', dateOfBirth: 'Date of birth',
  addressLine: 'Address', city: 'City', stateCode: 'State', pincode: 'PIN code', abhaNumber: 'ABHA number',
  bloodGroup: 'Blood group', emergencyContactName: 'Emergency contact', emergencyContactPhone: 'Emergency contact mobile',
  createdAt: 'Created', updatedAt: 'Last changed', patient: 'Patient', doctor: 'Doctor', department: 'Department',
  slotStart: 'Appointment time', slotEnd: 'Ends', visitDate: 'Visit date', status: 'Status', source: 'Booked via',
  tokenNo: 'Token', isFollowUp: 'Follow-up visit', reason: 'Reason', notes: 'Notes', cancelReason: 'Why cancelled',
  bookedBy: 'Booked by', checkedInAt: 'Checked in at', seenAt: 'Seen at', cancelledAt: 'Cancelled at',
  number: 'Number', kind: 'Document', fiscalYear: 'Financial year', appointment: 'OPD visit', admission: 'Admission',
  originalInvoice: 'Original invoice', placeOfSupply: 'Place of supply', interState: 'Inter-state (IGST)',
  subtotal: 'Sub-total', discountTotal: 'Discount', taxableTotal: 'Taxable value', cgstTotal: 'CGST', sgstTotal: 'SGST',
  igstTotal: 'IGST', roundOff: 'Round-off', total: 'Total', amountPaid: 'Paid', issuedAt: 'Issued', createdBy: 'Created by',
  invoice: 'Invoice', description: 'Description', quantity: 'Quantity', unitPrice: 'Rate', gstRate: 'GST %',
  lineTotal: 'Line total', discount: 'Discount', taxableValue: 'Taxable value', cgst: 'CGST', sgst: 'SGST', igst: 'IGST',
  sacCode: 'SAC', hsnCode: 'HSN', receiptNo: 'Receipt no.', method: 'Paid by', amount: 'Amount', receivedAt: 'Received',
  receivedBy: 'Received by', refundNo: 'Refund voucher', admissionNo: 'Admission no.', bed: 'Bed', ward: 'Ward',
  admittedAt: 'Admitted', dischargedAt: 'Discharged', dischargeSummary: 'Discharge note', bedNumber: 'Bed no.',
  dailyRate: 'Daily rate', floor: 'Floor', category: 'Category', code: 'Code', isActive: 'In use', price: 'Price',
  registrationNo: 'Registration no. (NMC / state council)', qualification: 'Qualifications', consultationFee: 'Consultation fee',
  weekday: 'Weekday', startTime: 'From', endTime: 'To', slotMinutes: 'Minutes a slot', maxPatients: 'Patients a slot',
  startDate: 'From', endDate: 'To', date: 'Date', genericName: 'Generic name', form: 'Form', reorderLevel: 'Reorder level',
  drug: 'Drug', batch: 'Batch', batchNo: 'Batch no.', expiryDate: 'Expiry', mrp: 'MRP', costPrice: 'Cost price',
  labTest: 'Test', orderNo: 'Order no.', orderedAt: 'Ordered', sampleType: 'Sample', unit: 'Unit',
  refRangeLow: 'Normal from', refRangeHigh: 'Normal to', labOrder: 'Lab order', parameter: 'Parameter', value: 'Result',
  isAbnormal: 'Abnormal', verifiedAt: 'Verified', releasedAt: 'Released to patient', role: 'Role', lastLoginAt: 'Last sign-in',
  action: 'Action', model: 'Record type', recordId: 'Record', before: 'Before', after: 'After', ip: 'From address',
  user: 'Staff member', userAgent: 'Browser', fileName: 'File', type: 'Type', totalRows: 'Rows', rejectedRows: 'Rows refused',
  registerAnyway: 'Register as a new patient anyway', password: 'Password', recipientGstin: 'Recipient GSTIN',
  recipientName: 'Recipient (legal name)', recipientAddress: 'Recipient address', supplyClass: 'Supply class', documentType: 'Document type',
  fromTime: 'From', toTime: 'To', dispensedAt: 'Dispensed', diagnosis: 'Diagnosis', processedAt: 'Processed', changes: 'Changes', label: 'What happened', mergedInto: 'Merged into', mergedAt: 'Merged on', admits: 'Takes', minAgeYears: 'From age (years)', maxAgeYears: 'Up to age (years)', wardRuleOverride: 'Why this ward', systolic: 'BP systolic', diastolic: 'BP diastolic', pulse: 'Pulse', temperatureC: 'Temperature (°C)', spo2: 'SpO2 (%)', respiratoryRate: 'Respiratory rate', weightKg: 'Weight (kg)', heightCm: 'Height (cm)', bmi: 'BMI', flags: 'Outside normal', recordedAt: 'Taken', recordedBy: 'Taken by', chiefComplaints: 'Chief complaints', history: 'History', examination: 'Examination', advice: 'Advice', followUpDate: 'Follow-up on', startedAt: 'Started', finishedAt: 'Finished', icd10Code: 'ICD-10', icd10: 'ICD-10', certainty: 'Provisional / final', substance: 'Allergic to', severity: 'Severity', since: 'Since', encounter: 'Consultation', prescription: 'Prescription', dose: 'Dose', frequency: 'How often', route: 'Route', durationDays: 'Days', foodTiming: 'Food', instructions: 'Instructions', overrideReason: 'Why despite the warning', endsOn: 'Course ends', scheduledAt: 'Due', writtenAt: 'Written', writtenBy: 'Written by', conditionAtDischarge: 'Condition at discharge', courseInHospital: 'Course in hospital', procedures: 'Procedures', signedAt: 'Signed', signedBy: 'Signed by', stoppedAt: 'Stopped', stoppedBy: 'Stopped by', stopReason: 'Why stopped', followUp: 'Follow-up visit',
};

/** A field's label outside AdminJS's own screens (the related records of a show page): "Taxable value", not "taxableValue". */
export function propertyLabel(field: string): string {
  const label = properties[field];
  if (label) return label;
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const singular: Record<string, string> = {
  Patient: 'patient',
  Appointment: 'appointment',
  Doctor: 'doctor',
  DoctorSchedule: 'OPD schedule',
  DoctorLeave: 'leave',
  Department: 'department',
  Ward: 'ward',
  Bed: 'bed',
  Service: 'service',
  Drug: 'drug',
  LabTest: 'lab test',
  User: 'staff member',
  Holiday: 'holiday',
  Invoice: 'invoice',
  Payment: 'payment',
  Deposit: 'deposit',
};

/** Page titles and buttons per model: "New patient", and each operation's own label ("Book appointment"). */
function resourceTranslations(): Record<string, { actions: Record<string, string> }> {
  const models = new Set([...Object.keys(operations), ...Object.keys(singular)]);
  return Object.fromEntries(
    [...models].map((model) => [
      model,
      {
        actions: {
          ...(singular[model] ? { new: `New ${singular[model]}`, edit: `Edit ${singular[model]}` } : {}),
          ...Object.fromEntries((operations[model] ?? []).map((op) => [op.name, op.label])),
        },
      },
    ]),
  );
}

export function hospitalTranslations() {
  return {
    properties,
    actions: {
      // Also without a model (AdminJS's breadcrumb asks so): each operation by its button's label.
      ...Object.fromEntries(Object.values(operations).flatMap((ops) => ops.map((op) => [op.name, op.label]))),
      list: 'Register',
      show: 'Details',
      new: 'New',
      edit: 'Edit',
      delete: 'Delete',
      bulkDelete: 'Delete selected',
      search: 'Search',
    },
    buttons: { save: 'Save', filter: 'Filter', applyChanges: 'Apply', resetFilter: 'Clear filters' },
    resources: resourceTranslations(),
  };
}
