/** GETs a file (PDF, workbook) through a signed-in agent; the response body is its bytes. */
import type { Test } from 'supertest';

export function fetchBytes(agent: { get(url: string): Test }, url: string) {
  return agent
    .get(url)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}
