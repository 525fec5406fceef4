/**
 * The hospital's operations as back-office actions, gathered from the
 * domain files beside this one (each operation declares its roles and when
 * it is offered there). Each action only reads the form, calls its service
 * in src/modules and turns the outcome into a notice: no rule lives here.
 */
import type { Role } from '@prisma/client';
import type { ActionContext, ActionRequest, ActionResponse, ResourceOptions } from 'adminjs';
import type { Db } from '../../src/config/db.js';
import type { Actor } from '../../src/modules/actor.js';
import { currentActor } from '../auditContext.js';
import type { Components } from '../components.js';
import { noticeFor } from '../notices.js';
import { admissionsOperations } from './admissions.js';
import { appointmentsOperations } from './appointments.js';
import { billingOperations } from './billing.js';
import { clinicalOperations } from './clinical.js';
import { labOperations } from './lab.js';
import type { Operation, OperationDeps, Values } from './operation.js';
import { patientsOperations } from './patients.js';
import { pharmacyOperations } from './pharmacy.js';

export type { Field, Operation, OperationDeps, Review } from './operation.js';

/** Every domain's operations by model, in the order their buttons appear. */
const byDomain = [
  patientsOperations,
  appointmentsOperations,
  clinicalOperations,
  admissionsOperations,
  pharmacyOperations,
  labOperations,
  billingOperations,
];

export const operations: Record<string, Operation[]> = byDomain.reduce<Record<string, Operation[]>>((all, domain) => {
  for (const [model, ops] of Object.entries(domain)) all[model] = [...(all[model] ?? []), ...ops];
  return all;
}, {});

function asActor(): Actor {
  const actor = currentActor();
  if (actor.userId === null) throw new Error('An operation ran without a signed-in staff member');
  return { ...actor, userId: actor.userId };
}

function operationAction(db: Db, deps: OperationDeps, model: string, op: Operation, component: string) {
  const roleOf = (context: ActionContext) => context.currentAdmin?.role as Role | undefined;
  return {
    actionType: op.actionType ?? 'record',
    icon: op.icon,
    label: op.label,
    component,
    custom: { fields: op.fields ?? [], intro: op.intro, link: op.link },
    isAccessible: (context: ActionContext) => {
      const role = roleOf(context);
      return Boolean(role && op.roles.includes(role)) && (!op.offeredWhen || !context.record || op.offeredWhen(context.record.params));
    },
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { record, currentAdmin, h, resource } = context;
      const recordJson = record?.toJSON(currentAdmin);
      const values = (request.method === 'post' ? request.payload : request.query) as Values | undefined;
      // Reading the form: only the choices. Operations run on POST only.
      if (request.method !== 'post') {
        const recordId = Number(record?.id() ?? 0);
        const options = (await op.choices?.(db, values ?? {}, recordId)) ?? {};
        const review = op.review ? await op.review(db, recordId) : undefined;
        const prefill = op.prefill ? await op.prefill(db, recordId) : undefined;
        return { record: recordJson, options, review, prefill } as ActionResponse;
      }
      try {
        const outcome = await op.run(db, asActor(), values ?? {}, Number(record?.id() ?? 0), deps);
        const message = typeof outcome === 'string' ? outcome : outcome.message;
        const redirectUrl =
          typeof outcome !== 'string'
            ? h.recordActionUrl({ resourceId: outcome.open.model, recordId: String(outcome.open.id), actionName: 'show' })
            : record
              ? h.recordActionUrl({ resourceId: resource.id(), recordId: record.id(), actionName: 'show' })
              : h.resourceUrl({ resourceId: resource.id() });
        const fresh = record ? await resource.findOne(record.id()) : null;
        return { record: fresh?.toJSON(currentAdmin) ?? recordJson, notice: { message, type: 'success' }, redirectUrl };
      } catch (error) {
        return { record: recordJson, notice: noticeFor(error) };
      }
    },
  };
}

/** The operation actions of a model, ready to merge into its resource options. */
export function operationActions(
  db: Db,
  deps: OperationDeps,
  model: string,
  components: Components,
): NonNullable<ResourceOptions['actions']> {
  return Object.fromEntries(
    (operations[model] ?? []).map((op) => [op.name, operationAction(db, deps, model, op, components.OperationForm)]),
  );
}
