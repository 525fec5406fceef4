/**
 * Messages to patients and staff, each one a row of the delivery log
 * (Notification: who, which message, channel, status, provider's id) and —
 * unless it is a secret — a job that sends it, retried with backoff until the
 * provider takes it or refuses it for good.
 *
 * A patient's messages go on each channel the patient allows and the hospital
 * has set up; a patient who opted out gets none (the log says SKIPPED), except
 * one-time codes and reset links, which are sent at once to the person waiting
 * for them and never queued, so the secret is never stored.
 */
import { Prisma, type Language, type Notification, type NotificationChannel } from '@prisma/client';
import { queryRows, type Db } from '../../config/db.js';
import type { Logger } from '../../config/logger.js';
import type { JobQueue } from '../jobs/queue.js';
import { DeliveryFailed, type Channels } from './channels.js';
import { renderMessage, templates, type TemplateName } from './templates.js';

export interface Notifier {
  /** Queues a message to a patient on the channels they allow; never fails the caller's work (a failure is logged). */
  toPatient(input: PatientMessage): Promise<Notification[]>;
  /** Queues an e-mail to a staff member. */
  toStaff(input: { userId: number; template: TemplateName; values: Record<string, string>; dedupeKey?: string }): Promise<Notification[]>;
  /** Sends a one-time code or reset link now, on one channel; throws DeliveryFailed when it could not. */
  sendSecret(input: SecretMessage): Promise<void>;
  readonly channels: Channels;
  /** An address in the patient frontend (PATIENT_APP_URL) for a message's link. */
  link(path: string): string;
}

export interface PatientMessage {
  patientId: number;
  template: TemplateName;
  values: Record<string, string>;
  /** Once per purpose: the same key is never sent twice (reminder:appointment:42). */
  dedupeKey?: string;
}

export interface SecretMessage {
  patientId?: number | null;
  channel: NotificationChannel;
  to: string;
  template: TemplateName;
  language: Language;
  values: Record<string, string>;
}

/** The order a patient's channels are tried in the log: WhatsApp, SMS, e-mail. */
function patientChannels(patient: {
  phone: string;
  email: string | null;
  notifyBySms: boolean;
  notifyByWhatsapp: boolean;
  notifyByEmail: boolean;
}): Array<{ channel: NotificationChannel; recipient: string }> {
  const chosen: Array<{ channel: NotificationChannel; recipient: string }> = [];
  if (patient.notifyByWhatsapp) chosen.push({ channel: 'WHATSAPP', recipient: patient.phone });
  if (patient.notifyBySms) chosen.push({ channel: 'SMS', recipient: patient.phone });
  if (patient.notifyByEmail && patient.email) chosen.push({ channel: 'EMAIL', recipient: patient.email });
  return chosen;
}

interface MessagedPatient {
  id: number;
  phone: string;
  email: string | null;
  language: Language;
  notifyBySms: boolean;
  notifyByWhatsapp: boolean;
  notifyByEmail: boolean;
  optedOutAt: Date | null;
}

const messagedPatient = (patientId: number) =>
  Prisma.sql`SELECT id, phone, email, language::text AS language, "notifyBySms", "notifyByWhatsapp", "notifyByEmail", "optedOutAt"
             FROM "Patient" WHERE id = ${patientId}`;

const anyChannel = (channels: Channels) => Object.values(channels).some(Boolean);

/**
 * True when a message to a patient could go anywhere: a notifier with at least one channel
 * set up. Without one, the messages' reads are skipped (a booking read three rows for nothing).
 */
export function reachesPatients(notifier: Notifier | undefined): notifier is Notifier {
  return notifier !== undefined && anyChannel(notifier.channels);
}

const isDuplicate = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

export function createNotifier(db: Db, queue: JobQueue, channels: Channels, logger: Logger, appUrl = 'http://localhost:3000'): Notifier {
  /** One log row and its job; a dedupe key already used means it was scheduled before: nothing more. */
  async function schedule(data: Prisma.NotificationUncheckedCreateInput): Promise<Notification | null> {
    let row: Notification;
    try {
      row = await db.notification.create({ data });
    } catch (error) {
      if (isDuplicate(error)) return null;
      throw error;
    }
    if (row.status === 'QUEUED') await queue.enqueue('notifications.send', { notificationId: row.id }, { key: `notification:${row.id}` });
    return row;
  }

  async function guarded(what: string, work: () => Promise<Array<Notification | null>>): Promise<Notification[]> {
    try {
      return (await work()).filter((n): n is Notification => n !== null);
    } catch (error) {
      logger.error(`could not schedule the ${what} message`, { error: (error as Error).message });
      return [];
    }
  }

  return {
    channels,
    link: (path) => `${appUrl.replace(/\/$/, '')}${path}`,
    toPatient: (input) =>
      guarded(input.template, async () => {
        if (!anyChannel(channels)) return [];
        // The columns a message needs, in one prepared statement (not Prisma's read of the whole row).
        const [patient] = await queryRows<MessagedPatient>(db, messagedPatient(input.patientId));
        if (!patient) return [];
        renderMessage(input.template, patient.language, input.values); // every value is there before anything is queued
        const targets = patientChannels(patient).filter((t) => channels[t.channel]);
        // One after another, so the log lists them in the patient's order of channels.
        const rows: Array<Notification | null> = [];
        for (const target of targets) {
          rows.push(
            await schedule({
              patientId: patient.id,
              template: input.template,
              language: patient.language,
              channel: target.channel,
              recipient: target.recipient,
              variables: input.values,
              dedupeKey: input.dedupeKey ? `${input.dedupeKey}:${target.channel}` : null,
              ...(patient.optedOutAt ? { status: 'SKIPPED' as const, lastError: 'The patient opted out of messages' } : {}),
            }),
          );
        }
        return rows;
      }),
    toStaff: (input) =>
      guarded(input.template, async () => {
        const user = await db.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, isActive: true } });
        if (!user?.isActive || !channels.EMAIL) return [];
        return [
          await schedule({
            userId: user.id,
            template: input.template,
            language: 'EN',
            channel: 'EMAIL',
            recipient: user.email,
            variables: input.values,
            dedupeKey: input.dedupeKey ?? null,
          }),
        ];
      }),
    async sendSecret(input) {
      const channel = channels[input.channel];
      if (!channel) throw new DeliveryFailed(`${input.channel} is not set up`, true);
      // The log shows that it went and where, never the code or the link.
      const hidden = Object.fromEntries(Object.keys(input.values).map((k) => [k, '(not kept)']));
      const row = await db.notification.create({
        data: {
          patientId: input.patientId ?? null,
          template: input.template,
          language: input.language,
          channel: input.channel,
          recipient: input.to,
          variables: hidden,
          attempts: 1,
        },
      });
      try {
        const { subject, text } = renderMessage(input.template, input.language, input.values);
        const sent = await channel.send({
          to: input.to,
          template: input.template,
          language: input.language,
          values: input.values,
          subject,
          text,
        });
        await db.notification.update({
          where: { id: row.id },
          data: { status: 'SENT', sentAt: new Date(), providerMessageId: sent.providerMessageId },
        });
      } catch (error) {
        await db.notification.update({
          where: { id: row.id },
          data: { status: 'FAILED', lastError: (error as Error).message.slice(0, 500) },
        });
        throw error instanceof DeliveryFailed ? error : new DeliveryFailed((error as Error).message);
      }
    },
  };
}

/**
 * The job of one queued message: sends it once. A message already sent (the job ran
 * again after its worker died) is not sent again; a refusal for good ends it FAILED;
 * anything else is thrown so the queue tries again later, until the last attempt.
 */
export async function sendQueuedNotification(
  db: Db,
  channels: Channels,
  notificationId: number,
  attempt: number,
  maxAttempts: number,
): Promise<void> {
  const message = await db.notification.findUnique({ where: { id: notificationId } });
  if (!message || message.status !== 'QUEUED') return;
  const fail = (reason: string) =>
    db.notification.update({ where: { id: message.id }, data: { status: 'FAILED', attempts: attempt, lastError: reason.slice(0, 500) } });
  const channel = channels[message.channel];
  if (!channel) {
    await fail(`${message.channel} is not set up on this server`);
    return;
  }
  const template = message.template as TemplateName;
  if (!Object.hasOwn(templates, template)) {
    await fail(`there is no ${message.template} message`);
    return;
  }
  const values = message.variables as Record<string, string>;
  try {
    const { subject, text } = renderMessage(template, message.language, values);
    const sent = await channel.send({ to: message.recipient, template, language: message.language, values, subject, text });
    await db.notification.update({
      where: { id: message.id },
      data: { status: 'SENT', attempts: attempt, sentAt: new Date(), providerMessageId: sent.providerMessageId, lastError: null },
    });
  } catch (error) {
    const reason = (error as Error).message;
    if ((error instanceof DeliveryFailed && error.permanent) || attempt >= maxAttempts) {
      await fail(reason);
      return;
    }
    await db.notification.update({ where: { id: message.id }, data: { attempts: attempt, lastError: reason.slice(0, 500) } });
    throw error;
  }
}
