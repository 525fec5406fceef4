/**
 * What a back-office operation is: a button on a record (or a list) with its
 * form, the roles that may use it, when it is offered, and the service call
 * it makes. The operations themselves sit by domain beside this file
 * (billing.ts, appointments.ts, admissions.ts, pharmacy.ts, lab.ts,
 * patients.ts); admin/actions/operations.ts turns them into AdminJS actions.
 */
import type { Notifier } from '../../src/modules/notifications/service.js';
import type { Role } from '@prisma/client';
import type { Db } from '../../src/config/db.js';
import type { Actor } from '../../src/modules/actor.js';
import type { BillingEnv } from '../../src/modules/billing/invoices.js';
import type { Gateway } from '../../src/modules/payments/razorpay.js';

export type Values = Record<string, string | undefined>;
export type Option = { value: string; label: string };

/** A field of an operation's form (rendered by admin/components/OperationForm.tsx). */
export interface Field {
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'number' | 'date' | 'select';
  required?: boolean;
  dependsOn?: string[];
  hint?: string;
}

/** A table shown above an operation's button (admin/components/OperationForm.tsx). */
export interface Review {
  heading: string;
  columns: string[];
  rows: Array<{ cells: string[]; alert: boolean }>;
}

/** What an operation made, to open next: "Generate bill" lands on the draft. */
export interface Outcome {
  message: string;
  open: { model: string; id: number };
}

/** What operations need beyond the database: the GST state rule, and Razorpay for its refunds. */
export interface OperationDeps {
  env: BillingEnv;
  gateway?: Gateway | undefined;
  /** Tells patients their bill, report or discharge summary is ready. */
  notifier?: Notifier | undefined;
}

export interface Operation {
  name: string;
  label: string;
  /** Who may run it (the guard answers 403 to anyone else; admin/access.ts reads these). */
  roles: readonly Role[];
  icon: string;
  actionType?: 'record' | 'resource';
  intro?: string;
  fields?: Field[];
  /** A document to open instead of a form to submit ("{id}" is the record id). */
  link?: string;
  /** When the button is offered, from the record's fields (the service still decides). */
  offeredWhen?: (params: Record<string, unknown>) => boolean;
  choices?: (db: Db, values: Values, recordId: number) => Promise<Record<string, Option[]>>;
  /** The form filled in with what is on file already (a draft discharge summary to correct). */
  prefill?: (db: Db, recordId: number) => Promise<Values>;
  /** What the person must read before confirming (the results a verifier signs for). */
  review?: (db: Db, recordId: number) => Promise<Review>;
  /** The notice; or the notice and the record the clerk continues on (a new draft bill). */
  run: (db: Db, actor: Actor, values: Values, recordId: number, deps: OperationDeps) => Promise<string | Outcome>;
}
