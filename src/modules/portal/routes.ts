/**
 * The patient's own profile in the patient API: what the hospital has, and the contact details the patient may change (portal/schemas.ts).
 */
import { profile } from '../../http/api/answers.js';
import { profileChangeSchema } from './schemas.js';
import * as portal from './service.js';
import type { PatientRoutes } from '../../http/api/context.js';

export function profileRoutes(routes: PatientRoutes): void {
  const { api, db, actorOf } = routes;
  const { everything } = routes.limits;
  api.add({
    method: 'get',
    path: '/me/profile',
    tag: 'Profile',
    summary: 'My details as the hospital has them',
    limits: [everything],
    response: profile,
    handle: (ctx) => portal.myProfile(db, ctx.patientId),
  });
  api.add({
    method: 'patch',
    path: '/me/profile',
    tag: 'Profile',
    summary: 'Change my contact details (name, date of birth and phone are changed at the front desk)',
    body: profileChangeSchema,
    limits: [everything],
    response: profile,
    handle: (ctx) => portal.updateMyProfile(db, actorOf(ctx), ctx.patientId, ctx.body),
  });
}
