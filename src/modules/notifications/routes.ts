/**
 * The patient's message preferences in the patient API: language, channels, opting out.
 */
import type { PatientRoutes } from '../../http/api/context.js';
import { myMessagePreferences, preferencesSchema, preferencesView, setMyMessagePreferences } from './preferences.js';

export function notificationRoutes(routes: PatientRoutes): void {
  const { api, db, actorOf } = routes;
  const { everything } = routes.limits;
  api.add({
    method: 'get',
    path: '/me/message-preferences',
    tag: 'Profile',
    summary: 'How the hospital may message me: language, SMS / WhatsApp / e-mail, or not at all',
    limits: [everything],
    response: preferencesView,
    handle: (ctx) => myMessagePreferences(db, ctx.patientId),
  });
  api.add({
    method: 'patch',
    path: '/me/message-preferences',
    tag: 'Profile',
    summary: 'Change how the hospital may message me (one-time codes and reset links are always sent)',
    body: preferencesSchema,
    limits: [everything],
    response: preferencesView,
    handle: (ctx) => setMyMessagePreferences(db, actorOf(ctx), ctx.patientId, ctx.body),
  });
}
