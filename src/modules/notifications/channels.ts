/**
 * The three ways a message leaves the hospital, each speaking its provider's
 * real protocol:
 *  - SMS: the Indian gateways' JSON API (sms.ts), under the DLT template id
 *    registered for the message and language (SMS_DLT_TEMPLATES);
 *  - WhatsApp: Meta's WhatsApp Business Cloud API — POST {base}/{phone number
 *    id}/messages with a bearer token, an approved template by name and
 *    language, its body parameters in order;
 *  - e-mail: SMTP through nodemailer.
 * A channel not configured is absent: nothing is ever "sent" to a log.
 */
import type { Language, NotificationChannel } from '@prisma/client';
import nodemailer from 'nodemailer';
import type { Env } from '../../config/env.js';
import { httpSmsSender, type SmsSender } from './sms.js';
import { languageCode, templates, whatsappTemplateName, type TemplateName } from './templates.js';

export interface OutgoingMessage {
  to: string;
  template: TemplateName;
  language: Language;
  values: Record<string, string>;
  subject: string;
  text: string;
}

export interface Channel {
  send(message: OutgoingMessage): Promise<{ providerMessageId: string | null }>;
}

/** A provider refused or could not be reached; `permanent` when trying again cannot help (a bad number). */
export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

export type Channels = Partial<Record<NotificationChannel, Channel>>;

/** `appointment.reminder:en=1107…,…` → the id of each message and language. */
export function parseDltTemplates(setting: string | undefined): Map<string, string> {
  const ids = new Map<string, string>();
  for (const pair of (setting ?? '').split(',').filter(Boolean)) {
    const [key = '', id = ''] = pair.split('=');
    ids.set(key, id);
  }
  return ids;
}

function smsChannel(sms: SmsSender, dltIds: Map<string, string>): Channel {
  return {
    async send(message) {
      const templateId = dltIds.get(`${message.template}:${languageCode(message.language)}`);
      // TRAI's DLT scrubbing drops an SMS that matches no registered template: refuse it here, in words.
      if (!templateId)
        throw new DeliveryFailed(
          `no DLT template id for ${message.template} in ${languageCode(message.language)} (SMS_DLT_TEMPLATES)`,
          true,
        );
      try {
        return await sms.send({ to: message.to, templateId, variables: message.values, text: message.text });
      } catch (error) {
        throw new DeliveryFailed(`the SMS provider did not accept it: ${(error as Error).message}`);
      }
    },
  };
}

export interface WhatsAppConfig {
  apiUrl: string;
  phoneNumberId: string;
  token: string;
  timeoutMs?: number;
}

export function whatsappChannel(config: WhatsAppConfig): Channel {
  return {
    async send(message) {
      const template: { values: readonly string[] } = templates[message.template];
      let response: Response;
      try {
        response = await fetch(`${config.apiUrl.replace(/\/$/, '')}/${config.phoneNumberId}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${config.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            messaging_product: 'whatsapp',
            to: message.to.replace(/^\+/, ''),
            type: 'template',
            template: {
              name: whatsappTemplateName(message.template),
              language: { code: languageCode(message.language) },
              components: [{ type: 'body', parameters: template.values.map((v) => ({ type: 'text', text: message.values[v] ?? '' })) }],
            },
          }),
          signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new DeliveryFailed(`WhatsApp could not be reached: ${(error as Error).message}`);
      }
      const answer = (await response.json().catch(() => ({}))) as {
        messages?: { id?: unknown }[];
        error?: { message?: unknown; code?: unknown };
      };
      if (!response.ok) {
        const reason = typeof answer.error?.message === 'string' ? answer.error.message : `HTTP ${response.status}`;
        // 4xx other than throttling (429) is the request's fault: trying it again sends nothing.
        throw new DeliveryFailed(
          `WhatsApp refused it: ${reason}`,
          response.status >= 400 && response.status < 500 && response.status !== 429,
        );
      }
      const id = answer.messages?.[0]?.id;
      return { providerMessageId: typeof id === 'string' ? id : null };
    },
  };
}

export function emailChannel(smtpUrl: string, from: string): Channel {
  const transport = nodemailer.createTransport(smtpUrl, { from });
  return {
    async send(message) {
      try {
        const sent = await transport.sendMail({ to: message.to, subject: message.subject, text: message.text });
        return { providerMessageId: sent.messageId ?? null };
      } catch (error) {
        const code = (error as { responseCode?: unknown }).responseCode;
        // 5xx from the server is a refusal for good (no such mailbox); the rest may pass later.
        throw new DeliveryFailed(`the mail server did not take it: ${(error as Error).message}`, typeof code === 'number' && code >= 500);
      }
    },
  };
}

export type ChannelEnv = Pick<
  Env,
  | 'SMS_API_URL'
  | 'SMS_API_KEY'
  | 'SMS_SENDER_ID'
  | 'SMS_DLT_TEMPLATES'
  | 'WHATSAPP_API_URL'
  | 'WHATSAPP_PHONE_NUMBER_ID'
  | 'WHATSAPP_TOKEN'
  | 'SMTP_URL'
  | 'MAIL_FROM'
>;

/** The channels this configuration sets up. */
export function channelsFor(env: ChannelEnv): Channels {
  const channels: Channels = {};
  if (env.SMS_API_URL && env.SMS_API_KEY) {
    const sms = httpSmsSender({ url: env.SMS_API_URL, apiKey: env.SMS_API_KEY, senderId: env.SMS_SENDER_ID });
    channels.SMS = smsChannel(sms, parseDltTemplates(env.SMS_DLT_TEMPLATES));
  }
  if (env.WHATSAPP_PHONE_NUMBER_ID && env.WHATSAPP_TOKEN) {
    channels.WHATSAPP = whatsappChannel({
      apiUrl: env.WHATSAPP_API_URL,
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
      token: env.WHATSAPP_TOKEN,
    });
  }
  if (env.SMTP_URL) channels.EMAIL = emailChannel(env.SMTP_URL, env.MAIL_FROM);
  return channels;
}
