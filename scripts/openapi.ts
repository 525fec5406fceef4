/**
 * Writes the patient API's OpenAPI document — the one /api/openapi.json serves —
 * to a file (default .data/openapi.json), without a database: the frontend's
 * client generation and `redocly lint` in CI read it (npm run api:contract).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { createPrismaClient } from '../src/config/db.js';
import { loadEnv } from '../src/config/env.js';
import { createLogger } from '../src/config/logger.js';
import { buildApp } from '../src/http/app.js';

const out = path.resolve(process.argv[2] ?? '.data/openapi.json');
// The document does not depend on the configuration's secrets or the database: placeholders, never connected.
const env = loadEnv({ NODE_ENV: 'development', LOG_LEVEL: 'error', DATABASE_URL: 'postgresql://openapi@127.0.0.1:1/none' });
const logger = createLogger({ NODE_ENV: 'development', LOG_LEVEL: 'error' });
const db = createPrismaClient(env.DATABASE_URL as string, { maxConnections: 1 });
const answer = await request(buildApp({ env, db, logger })).get('/api/openapi.json');
if (answer.status !== 200) throw new Error(`the document answered ${answer.status}`);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(answer.body, null, 2)}\n`);
console.log(`OpenAPI document written to ${path.relative(process.cwd(), out)}`);
await db.$disconnect();
