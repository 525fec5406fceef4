/**
 * The two messages that carry a secret — the sign-up code and the password-reset
 * link — sent at once to the person waiting, and written to the delivery log
 * without the secret.
 */
import type { Db } from '../../config/db.js';
import type { ResetLinkSender } from '../patientAuth/service.js';
import type { Notifier } from './service.js';
import type { SmsSender } from './sms.js';

/** Sign-up codes through the SMS sender as before; each one also a delivery-log row (the code not kept). */
export function loggedSignUpCodes(db: Db, sms: SmsSender): SmsSender {
  return {
    async send(message) {
      const row = await db.notification.create({
        data: {
          template: 'signup.code',
          language: 'EN',
          channel: 'SMS',
          recipient: message.to,
          variables: { code: '(not kept)' },
          attempts: 1,
        },
      });
      try {
        const sent = await sms.send(message);
        await db.notification.update({
          where: { id: row.id },
          data: { status: 'SENT', sentAt: new Date(), providerMessageId: sent.providerMessageId },
        });
        return sent;
      } catch (error) {
        await db.notification.update({
          where: { id: row.id },
          data: { status: 'FAILED', lastError: (error as Error).message.slice(0, 500) },
        });
        throw error;
      }
    },
  };
}

/** The reset link to the account's e-mail (the address the patient gave), else by SMS to the phone on file. */
export function notifiedResetSender(db: Db, notifier: Notifier): ResetLinkSender {
  return {
    async send(to, link) {
      const patient = await db.patient.findUnique({ where: { id: to.patientId }, select: { phone: true, language: true } });
      if (!patient) return;
      const byEmail = Boolean(notifier.channels.EMAIL);
      // A failure is in the delivery log; the answer must not differ from an unknown e-mail's.
      await notifier
        .sendSecret({
          patientId: to.patientId,
          channel: byEmail ? 'EMAIL' : 'SMS',
          to: byEmail ? to.email : patient.phone,
          template: 'password.reset',
          language: patient.language,
          values: { link },
        })
        .catch(() => undefined);
    },
  };
}
