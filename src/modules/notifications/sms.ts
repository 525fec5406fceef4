/**
 * Text messages to patients. Indian rules (TRAI's TCCCPR 2018, the DLT
 * platform) require every commercial SMS to go out under a registered sender
 * id (header) and a registered template id; the provider refuses anything else.
 *
 * `httpSmsSender` speaks the JSON API of MSG91's Flow endpoint (Gupshup and
 * most Indian gateways take the same shape): POST the template id, the sender
 * and the recipients with their template variables, authenticated by an
 * `authkey` header. `loggingSmsSender` is for development only: it writes the
 * message to the log instead.
 */
import { ServiceUnavailable } from '../../errors.js';

export interface SmsMessage {
  /** E.164, e.g. +919876543210. */
  to: string;
  /** The DLT template id the provider matches `text` against. */
  templateId: string | undefined;
  /** The template's variables, by name (e.g. { otp: '123456' }). */
  variables: Record<string, string>;
  /** The message as the patient reads it (logged in development; providers fill the template). */
  text: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<{ providerMessageId: string | null }>;
}

export interface HttpSmsConfig {
  url: string;
  apiKey: string;
  senderId: string;
  timeoutMs?: number;
}

export class SmsNotSent extends ServiceUnavailable {
  constructor() {
    super('The text message could not be sent just now: please try again in a minute', 60);
  }
}

export function httpSmsSender(config: HttpSmsConfig): SmsSender {
  return {
    send: async (message) => {
      let response: Response;
      try {
        response = await fetch(config.url, {
          method: 'POST',
          headers: { authkey: config.apiKey, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            template_id: message.templateId,
            sender: config.senderId,
            short_url: '0',
            recipients: [{ mobiles: message.to.replace(/^\+/, ''), ...message.variables }],
          }),
          signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
        });
      } catch {
        throw new SmsNotSent();
      }
      const answer = (await response.json().catch(() => ({}))) as { type?: unknown; message?: unknown; request_id?: unknown };
      if (!response.ok || answer.type === 'error') throw new SmsNotSent();
      const id = answer.request_id ?? answer.message;
      return { providerMessageId: typeof id === 'string' ? id : null };
    },
  };
}

export function loggingSmsSender(logger: { info(message: string, meta?: object): void }): SmsSender {
  return {
    send: async (message) => {
      logger.info('SMS (development: no SMS provider configured)', { to: message.to, text: message.text });
      return { providerMessageId: null };
    },
  };
}

/** In production without a provider, nothing can be sent: say so instead of pretending. */
export const noSmsSender: SmsSender = {
  send: async () => {
    throw new ServiceUnavailable('Sign-up by text message is not set up at this hospital yet: please register at the front desk', 3600);
  },
};
