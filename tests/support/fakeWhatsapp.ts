/**
 * A stand-in for Meta's WhatsApp Business Cloud API on 127.0.0.1: POST
 * /{phone-number-id}/messages with a bearer token and a template message, as
 * the Graph API takes it; answers with a wamid like the real one, or with the
 * Graph API's error shape when told to fail (throttled 429 or refused 400).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TEST_WHATSAPP_TOKEN = 'test-whatsapp-token-0123456789';
export const TEST_WHATSAPP_NUMBER_ID = '109876543210';

export interface SentWhatsapp {
  to: string;
  template: string;
  language: string;
  parameters: string[];
}

export interface FakeWhatsapp {
  url: string;
  sent: SentWhatsapp[];
  failNext(count: number, status: 400 | 429 | 500): void;
  close(): Promise<void>;
}

export async function startFakeWhatsapp(): Promise<FakeWhatsapp> {
  const sent: SentWhatsapp[] = [];
  let failures = 0;
  let failStatus = 500;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== `/${TEST_WHATSAPP_NUMBER_ID}/messages`)
        return reply(404, { error: { message: 'Unknown path', code: 100 } });
      if (req.headers.authorization !== `Bearer ${TEST_WHATSAPP_TOKEN}`)
        return reply(401, { error: { message: 'Invalid OAuth access token', code: 190 } });
      if (failures > 0) {
        failures -= 1;
        return reply(failStatus, {
          error: { message: failStatus === 400 ? '(#131026) Message undeliverable' : 'Temporarily unavailable', code: 131026 },
        });
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        messaging_product?: string;
        to?: string;
        template?: { name?: string; language?: { code?: string }; components?: Array<{ parameters?: Array<{ text?: string }> }> };
      };
      if (body.messaging_product !== 'whatsapp' || !body.to || !body.template?.name)
        return reply(400, { error: { message: 'Invalid parameter', code: 100 } });
      sent.push({
        to: body.to,
        template: body.template.name,
        language: body.template.language?.code ?? '',
        parameters: (body.template.components?.[0]?.parameters ?? []).map((p) => p.text ?? ''),
      });
      return reply(200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: body.to }],
        messages: [{ id: `wamid.TEST${sent.length}` }],
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    failNext(count, status) {
      failures = count;
      failStatus = status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
