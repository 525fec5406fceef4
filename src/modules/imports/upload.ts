/**
 * An import file arriving over HTTP: the one file of a multipart upload
 * streamed to disk, stopped at the size limit, never left half-written; and
 * the yes/no flags a form or a JSON body sends ("on", "true", true).
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import busboy from 'busboy';
import type { Request } from 'express';
import { ValidationFailed } from '../../errors.js';
import { FileRefused } from './files.js';

export interface Upload {
  fields: Record<string, string>;
  file?: { name: string; path: string; size: number };
}

/** Streams the one file of a multipart upload to disk, stopping at the size limit. */
export function receiveUpload(req: Request, dir: string, maxBytes: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 10 } });
    } catch {
      reject(new ValidationFailed('Send the file as a multipart form upload'));
      return;
    }
    const upload: Upload = { fields: {} };
    let writing: Promise<void> = Promise.resolve();
    let tooLarge = false;
    parser.on('field', (name, value) => (upload.fields[name] = value));
    parser.on('file', (_name, stream, info) => {
      const target = path.join(dir, `upload-${randomUUID()}`);
      let size = 0;
      const out = createWriteStream(target);
      stream.on('data', (chunk: Buffer) => (size += chunk.length));
      stream.on('limit', () => (tooLarge = true));
      writing = new Promise((done, fail) => {
        out.on('finish', () => done());
        out.on('error', fail);
      });
      stream.pipe(out);
      upload.file = { name: info.filename || 'upload', path: target, size };
      out.on('finish', () => upload.file && (upload.file.size = size));
    });
    // A broken or abandoned upload leaves no half-written file behind.
    const fail = (error: unknown) => {
      if (upload.file) void rm(upload.file.path, { force: true });
      reject(error instanceof Error ? error : new ValidationFailed('The upload was interrupted'));
    };
    parser.on('error', fail);
    req.on('aborted', () => fail(new ValidationFailed('The upload was interrupted')));
    parser.on('close', () => {
      writing.then(async () => {
        if (tooLarge) {
          if (upload.file) await rm(upload.file.path, { force: true });
          reject(new FileRefused(`The file is larger than the ${(maxBytes / 1024 / 1024).toFixed(0)} MB limit`));
          return;
        }
        resolve(upload);
      }, reject);
    });
    req.pipe(parser);
  });
}

const YES = new Set(['true', 'on', '1', 'yes']);

/** A form's checkbox or a JSON flag, as one rule for every door: "on", "true", "1", "yes" or true. */
export function isChosen(value: unknown): boolean {
  return value === true || (typeof value === 'string' && YES.has(value.trim().toLowerCase()));
}
