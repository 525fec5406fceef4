/**
 * Billing's operations in the back-office: drafts, services, the recipient,
 * issue, payments, deposits applied, credit notes, refunds and prints. Each
 * reads its form and calls its service (src/modules/billing, payments); when
 * a button is offered comes from billing/states.ts, the same table the
 * services check.
 */
import { DOCUMENT_TITLE } from '../../src/modules/billing/documents.js';
import { addServiceToDraft, cancelInvoice, draftInvoice, issueInvoice, setBillRecipient } from '../../src/modules/billing/invoices.js';
import { invoiceAllows, isPrintable, REFUNDABLE_DEPOSIT, REFUNDABLE_PAYMENT } from '../../src/modules/billing/states.js';
import { refundDeposit, refundPayment } from '../../src/modules/payments/refunds.js';
import { applyDeposit, recordPayment } from '../../src/modules/payments/service.js';
import { choices } from './choices.js';
import type { Operation, Outcome } from './operation.js';

/** "Generate bill" lands on the draft it made. */
const onDraft = (invoice: { id: number; total: { toFixed(digits: number): string } }): Outcome => ({
  message: `Draft bill for ₹ ${invoice.total.toFixed(2)}: add services, then issue it`,
  open: { model: 'Invoice', id: invoice.id },
});

export const billingOperations: Record<string, Operation[]> = {
  Invoice: [
    {
      name: 'addService',
      label: 'Add service',
      roles: ['ADMIN', 'BILLING'],
      icon: 'PlusCircle',
      offeredWhen: (p) => invoiceAllows('editDraft', p),
      fields: [
        { name: 'serviceId', label: 'Service from the tariff', type: 'select', required: true },
        { name: 'quantity', label: 'Quantity', type: 'number', required: true },
        { name: 'discount', label: 'Discount (₹)', type: 'text' },
      ],
      choices: async (db) => ({ serviceId: await choices.services(db) }),
      run: async (db, actor, v, id) =>
        `Total now ₹ ${(await addServiceToDraft(db, actor, { invoiceId: id, serviceId: v.serviceId, quantity: v.quantity, discount: v.discount ?? '0' })).total.toFixed(2)}`,
    },
    {
      name: 'setRecipient',
      label: 'Bill to a GST-registered party',
      roles: ['ADMIN', 'BILLING'],
      icon: 'Briefcase',
      offeredWhen: (p) => invoiceAllows('editDraft', p),
      intro:
        'For an insurer or a company registered under GST: its GSTIN and legal name print on the bill and it goes to GSTR-1 as B2B. Leave the GSTIN empty to bill the patient.',
      fields: [
        { name: 'gstin', label: 'GSTIN (15 characters)', type: 'text' },
        { name: 'legalName', label: 'Legal name as registered', type: 'text' },
        { name: 'address', label: 'Address', type: 'textarea' },
      ],
      run: async (db, actor, v, id) => {
        const invoice = await setBillRecipient(db, actor, {
          invoiceId: id,
          gstin: v.gstin ?? '',
          legalName: v.legalName || undefined,
          address: v.address || undefined,
        });
        return invoice.recipientGstin ? `Billed to ${invoice.recipientName} (GSTIN ${invoice.recipientGstin})` : 'Billed to the patient';
      },
    },
    {
      name: 'issue',
      label: 'Issue bill',
      roles: ['ADMIN', 'BILLING'],
      icon: 'FileText',
      intro:
        'Give the bill its document type and number (tax invoice, bill of supply or invoice-cum-bill of supply). It cannot be edited afterwards.',
      offeredWhen: (p) => invoiceAllows('editDraft', p),
      run: async (db, actor, _v, id, deps) => {
        const invoice = await issueInvoice(db, actor, { invoiceId: id }, undefined, deps.notifier);
        return `Issued ${DOCUMENT_TITLE[invoice.documentType ?? 'TAX_INVOICE'].toLowerCase()} ${invoice.number}`;
      },
    },
    {
      name: 'recordPayment',
      label: 'Record payment',
      roles: ['ADMIN', 'BILLING', 'RECEPTIONIST'],
      icon: 'DollarSign',
      offeredWhen: (p) => invoiceAllows('pay', p),
      fields: [
        { name: 'method', label: 'Paid by', type: 'select', required: true },
        { name: 'amount', label: 'Amount (₹)', type: 'text', required: true },
        { name: 'reference', label: 'Card slip / UPI transaction / TPA claim no.', type: 'text' },
      ],
      choices: async () => ({ method: choices.paymentMethods }),
      run: async (db, actor, v, id) => {
        const payment = await recordPayment(db, actor, {
          invoiceId: id,
          method: v.method,
          amount: v.amount,
          reference: v.reference || undefined,
        });
        return `Received ₹ ${payment.amount.toFixed(2)}: receipt ${payment.receiptNo}`;
      },
    },
    {
      name: 'applyDeposit',
      label: 'Apply deposit',
      roles: ['ADMIN', 'BILLING'],
      icon: 'Archive',
      offeredWhen: (p) => invoiceAllows('pay', p),
      fields: [{ name: 'depositId', label: "Patient's advance deposit", type: 'select', required: true }],
      choices: async (db, _v, id) => ({ depositId: await choices.heldDeposits(db, id) }),
      run: async (db, actor, v, id) =>
        `Applied ₹ ${(await applyDeposit(db, actor, { invoiceId: id, depositId: v.depositId })).amount.toFixed(2)} from the deposit`,
    },
    {
      name: 'printInvoice',
      label: 'Print invoice',
      roles: ['ADMIN', 'BILLING', 'RECEPTIONIST'],
      icon: 'Printer',
      intro: 'Open the invoice as a PDF to print or send.',
      link: '/admin/invoices/{id}/pdf',
      offeredWhen: isPrintable,
      run: async () => 'Nothing to do: open the PDF',
    },
    {
      name: 'cancelWithCreditNote',
      label: 'Cancel with credit note',
      roles: ['ADMIN', 'BILLING'],
      icon: 'XCircle',
      offeredWhen: (p) => invoiceAllows('cancel', p),
      fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }],
      run: async (db, actor, v, id) =>
        `Cancelled; credit note ${(await cancelInvoice(db, actor, { invoiceId: id, reason: v.reason ?? '' })).creditNote.number}`,
    },
  ],
  Payment: [
    {
      name: 'printReceipt',
      label: 'Print receipt',
      roles: ['ADMIN', 'BILLING', 'RECEPTIONIST'],
      icon: 'Printer',
      intro: 'Open the receipt as a PDF.',
      link: '/admin/receipts/{id}/pdf',
      run: async () => 'Nothing to do: open the PDF',
    },
    {
      name: 'refund',
      label: 'Refund',
      roles: ['ADMIN', 'BILLING'],
      icon: 'CornerUpLeft',
      offeredWhen: (p) => p.status === REFUNDABLE_PAYMENT,
      fields: [
        { name: 'amount', label: 'Amount to refund (₹)', type: 'text', required: true },
        { name: 'reason', label: 'Reason', type: 'textarea', required: true },
        { name: 'approvedById', label: 'Approved by (administrator)', type: 'select', required: true },
      ],
      choices: async (db) => ({ approvedById: await choices.administrators(db) }),
      run: async (db, actor, v, id, { gateway }) => {
        const refund = await refundPayment(
          db,
          actor,
          { paymentId: id, amount: v.amount, reason: v.reason ?? '', approvedById: v.approvedById },
          { gateway },
        );
        if (refund.status === 'PROCESSED') return `Refund ${refund.refundNo} of ₹ ${refund.amount.toFixed(2)} recorded`;
        return refund.gatewayRefundId
          ? `Refund ${refund.refundNo} sent to Razorpay: it completes when the bank credits the patient`
          : `Refund ${refund.refundNo} sent, but Razorpay did not answer: it stays pending until Razorpay confirms or refuses it`;
      },
    },
  ],
  Deposit: [
    {
      name: 'refundDeposit',
      label: 'Refund deposit',
      roles: ['ADMIN', 'BILLING'],
      icon: 'CornerUpLeft',
      offeredWhen: (p) => p.status === REFUNDABLE_DEPOSIT,
      intro: 'Pay back an advance that is still held (what is left after the final bill). An administrator other than you approves it.',
      fields: [
        { name: 'reason', label: 'Reason', type: 'textarea', required: true },
        { name: 'approvedById', label: 'Approved by', type: 'select', required: true },
      ],
      choices: async (db) => ({ approvedById: await choices.administrators(db) }),
      run: async (db, actor, v, id) => {
        const refund = await refundDeposit(db, actor, { depositId: id, reason: v.reason ?? '', approvedById: v.approvedById });
        return `Refund voucher ${refund.refundNo}: pay back ₹ ${refund.amount.toFixed(2)}`;
      },
    },
  ],
  Patient: [
    {
      name: 'generateBill',
      label: 'Generate bill',
      roles: ['ADMIN', 'BILLING'],
      icon: 'CreditCard',
      intro: "Draft an invoice with all of the patient's unbilled items.",
      run: async (db, actor, _v, patientId, { env }) => {
        return onDraft(await draftInvoice(db, env, actor, { patientId }));
      },
    },
  ],
  Admission: [
    {
      name: 'generateBill',
      label: 'Generate bill',
      roles: ['ADMIN', 'BILLING'],
      icon: 'CreditCard',
      intro: 'Draft an invoice with this admission\'s unbilled items (the room is billed by "Final bill").',
      run: async (db, actor, _v, admissionId, { env }) => {
        const admission = await db.admission.findUniqueOrThrow({ where: { id: admissionId }, select: { patientId: true } });
        return onDraft(await draftInvoice(db, env, actor, { patientId: admission.patientId, admissionId }));
      },
    },
  ],
};
