/**
 * A small SMS-gateway stand-in on 127.0.0.1 speaking the MSG91 Flow JSON API
 * the ERP's `httpSmsSender` calls (POST with an `authkey` header, template id,
 * sender and recipients with their variables). It keeps what it was asked to
 * send, so a test can read the one-time code as the patient's phone would,
 * and can be told to fail the next requests as a provider outage would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpSmsSender, type SmsSender } from '../../src/modules/notifications/sms.js';

export const TEST_SMS_KEY = 'test-sms-auth-key-0123';

export interface SentSms {
  templateId: string;
  sender: string;
  mobiles: string;
  variables: Record<string, string>;
}

export interface FakeSms {
  url: string;
  sent: SentSms[];
  sender: SmsSender;
  /** The newest code sent to a number (10 digits or E.164). */
  codeFor(phone: string): string | undefined;
  failNext(count: number): void;
  close(): Promise<void>;
}

export async function startFakeSms(): Promise<FakeSms> {
  const sent: SentSms[] = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.headers.authkey !== TEST_SMS_KEY)
        return reply(401, { type: 'error', message: 'Authentication failure' });
      if (failures > 0) {
        failures -= 1;
        return reply(500, { type: 'error', message: 'Service temporarily unavailable' });
      }
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          template_id?: string;
          sender?: string;
          recipients?: Array<Record<string, string>>;
        };
        if (!body.template_id || !body.sender || !body.recipients?.length)
          return reply(400, { type: 'error', message: 'Missing template_id' });
        for (const { mobiles = '', ...variables } of body.recipients)
          sent.push({ templateId: body.template_id, sender: body.sender, mobiles, variables });
        return reply(200, { type: 'success', message: `req-${sent.length}` });
      } catch {
        return reply(400, { type: 'error', message: 'Invalid JSON' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v5/flow`;
  return {
    url,
    sent,
    sender: httpSmsSender({ url, apiKey: TEST_SMS_KEY, senderId: 'PRTHSP' }),
    codeFor: (phone) => {
      const digits = phone.replace(/\D/g, '').slice(-10);
      return [...sent].reverse().find((sms) => sms.mobiles.endsWith(digits))?.variables.otp;
    },
    failNext: (count) => {
      failures = count;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
