/**
 * Sign-up (with the phone proven by an SMS code), sign-in, refresh, sign-out and passwords, for the patient API.
 */
import { z } from 'zod';
import { sessionAnswer } from '../../http/api/answers.js';
import { patientActor } from '../actor.js';
import { changePasswordSchema, forgotSchema, loginSchema, refreshSchema, registerSchema, resetSchema } from './schemas.js';
import { changePatientPassword, refreshSession, requestPasswordReset, resetPassword, signInPatient, signOutPatient } from './service.js';
import { completeSignUp, startSignUp, verifySchema } from './signup.js';
import type { PatientRoutes } from '../../http/api/context.js';

export function authRoutes(routes: PatientRoutes): void {
  const { api, db, deps, signUpDeps, actorOf, appUrl } = routes;
  const { everything, signIn, signUp, passwordReset, codeSent, codeTried } = routes.limits;
  api.add({
    method: 'post',
    path: '/auth/register',
    tag: 'Auth',
    summary:
      'Start a portal sign-up: a 6-digit code goes by SMS to the phone. Nothing is created until the code is confirmed (POST /auth/register/verify)',
    auth: false,
    status: 202,
    body: registerSchema,
    response: z.object({ verificationId: z.string(), sentTo: z.string(), expiresInSeconds: z.number() }),
    limits: [everything, signUp],
    handle: async (ctx) => {
      // Codes to one phone are limited wherever they are asked from.
      await codeSent.consumeFor(`phone:${ctx.body.phone}`, ctx.req);
      return startSignUp(signUpDeps, ctx.body);
    },
  });
  api.add({
    method: 'post',
    path: '/auth/register/verify',
    tag: 'Auth',
    summary:
      'Confirm the phone with the SMS code (10 minutes, 5 tries): the account opens, linked to the hospital record with the same phone and date of birth',
    auth: false,
    status: 201,
    body: verifySchema,
    response: sessionAnswer,
    limits: [everything, codeTried],
    handle: (ctx) => completeSignUp(signUpDeps, patientActor(null, ctx.req.ip ?? null, ctx.req.get('user-agent') ?? null), ctx.body),
  });
  api.add({
    method: 'post',
    path: '/auth/login',
    tag: 'Auth',
    summary: 'Sign in with e-mail and password',
    auth: false,
    body: loginSchema,
    response: sessionAnswer,
    limits: [everything, signIn],
    handle: (ctx) => signInPatient({ db, tokens: deps.tokens }, ctx.body),
  });
  api.add({
    method: 'post',
    path: '/auth/refresh',
    tag: 'Auth',
    summary: 'Swap a refresh token for a new pair (a reused token ends the session everywhere)',
    auth: false,
    body: refreshSchema,
    response: sessionAnswer,
    limits: [everything, signIn],
    handle: (ctx) => refreshSession({ db, tokens: deps.tokens }, ctx.body),
  });
  api.add({
    method: 'post',
    path: '/auth/logout',
    tag: 'Auth',
    summary: 'Sign out: the refresh token and its successors stop working',
    auth: false,
    status: 204,
    body: refreshSchema,
    limits: [everything],
    handle: (ctx) => signOutPatient({ db, tokens: deps.tokens }, ctx.body),
  });
  api.add({
    method: 'post',
    path: '/auth/password',
    tag: 'Auth',
    summary: 'Change the password (every session ends)',
    status: 204,
    body: changePasswordSchema,
    limits: [everything, signIn],
    handle: (ctx) => changePatientPassword({ db, tokens: deps.tokens }, actorOf(ctx), ctx.patientId, ctx.body),
  });
  api.add({
    method: 'post',
    path: '/auth/forgot',
    tag: 'Auth',
    summary: 'Send a password-reset link (the answer is the same whether or not the account exists)',
    auth: false,
    status: 202,
    body: forgotSchema,
    response: z.object({ message: z.string() }),
    limits: [everything, passwordReset],
    handle: async (ctx) => {
      await requestPasswordReset({ db, tokens: deps.tokens, sender: deps.resetSender, appUrl }, ctx.body);
      return { message: 'If an account uses this e-mail, a reset link is on its way' };
    },
  });
  api.add({
    method: 'post',
    path: '/auth/reset',
    tag: 'Auth',
    summary: 'Set a new password from a reset link (single use, expires in 30 minutes)',
    auth: false,
    status: 204,
    body: resetSchema,
    limits: [everything, passwordReset],
    handle: (ctx) =>
      resetPassword({ db, tokens: deps.tokens }, patientActor(null, ctx.req.ip ?? null, ctx.req.get('user-agent') ?? null), ctx.body),
  });
}
