/**
 * The reason the embedded PostgreSQL gives when it stops as it starts, put in the
 * words of whoever runs `npm start` (the package itself rejects with nothing).
 * The texts are PostgreSQL 17's own; the data-directory case also runs for real
 * in tests/integration/server.test.ts.
 */
import { whyItDidNotStart } from '../../src/config/embeddedPostgres.js';

const DIR = '/srv/parth/.data/postgres';

describe('why the embedded PostgreSQL did not start', () => {
  it('another server on the same data directory', () => {
    const output =
      '2026-12-07 17:38:20.101 UTC [4711] FATAL:  lock file "postmaster.pid" already exists\n' +
      `2026-12-07 17:38:20.101 UTC [4711] HINT:  Is another postmaster (PID 4242) running in data directory "${DIR}"?\n`;
    expect(whyItDidNotStart(output, DIR, 54329)).toBe(
      `The embedded PostgreSQL did not start: another server is already using its data directory ${DIR} (is another npm start running?). Stop it first, or set EMBEDDED_PG_DIR to another folder`,
    );
  });

  it('a port another program holds', () => {
    const output =
      '2026-12-07 17:38:25.001 UTC [4712] LOG:  could not bind IPv4 address "127.0.0.1": Address already in use\n' +
      '2026-12-07 17:38:25.001 UTC [4712] HINT:  Is another postmaster already running on port 54329? If not, wait a few seconds and retry.\n' +
      '2026-12-07 17:38:25.001 UTC [4712] WARNING:  could not create listen socket for "127.0.0.1"\n' +
      '2026-12-07 17:38:25.001 UTC [4712] FATAL:  could not create any TCP/IP sockets\n';
    expect(whyItDidNotStart(output, DIR, 54329)).toBe(
      'The embedded PostgreSQL did not start: port 54329 is taken by another program. Set EMBEDDED_PG_PORT to a free port',
    );
  });

  it('any other reason, in PostgreSQL’s words; or that it gave none', () => {
    const output = `2026-12-07 17:40:00.000 UTC [4713] FATAL:  data directory "${DIR}" has invalid permissions\n`;
    expect(whyItDidNotStart(output, DIR, 54329)).toBe(
      `The embedded PostgreSQL did not start: data directory "${DIR}" has invalid permissions (data directory ${DIR})`,
    );
    expect(whyItDidNotStart('', DIR, 54329)).toBe(`The embedded PostgreSQL did not start (it gave no reason) (data directory ${DIR})`);
  });
});
