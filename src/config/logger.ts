/**
 * Winston logger: JSON lines in production (for the log shipper), short
 * readable lines in development. Request bodies are never logged: they carry
 * patient data.
 */
import winston from 'winston';
import type { Env } from './env.js';

export type Logger = winston.Logger;

const readableLine = winston.format.printf(({ level, message, timestamp, ...meta }) => {
  const rest = Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
  return `${String(timestamp)} ${level} ${String(message)}${rest}`;
});

export function createLogger(env: Pick<Env, 'NODE_ENV' | 'LOG_LEVEL'>): Logger {
  const production = env.NODE_ENV === 'production';
  return winston.createLogger({
    level: env.LOG_LEVEL,
    format: production
      ? winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json())
      : winston.format.combine(winston.format.timestamp({ format: 'HH:mm:ss' }), winston.format.colorize(), readableLine),
    transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn'] })],
  });
}
