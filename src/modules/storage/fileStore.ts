/**
 * One place for the files the hospital keeps — import uploads, their error
 * reports, and later exports and stored PDFs — so that every app instance sees
 * the same files: local disk by default (FILES_DIR, `.data/files`, for one
 * machine), any S3-compatible service in production (AWS S3, Cloudflare R2,
 * MinIO: S3_ENDPOINT, S3_BUCKET, S3_REGION, credentials from env). Files are
 * addressed by keys of our making ("imports/job-12-register.xlsx"), never by a
 * name a user chose.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Env } from '../../config/env.js';
import { projectRoot } from '../../config/paths.js';
import { NotFound } from '../../errors.js';

export interface FileStore {
  readonly kind: 'local' | 's3';
  /** Keeps a local file under the key. */
  putFile(key: string, localPath: string): Promise<void>;
  /** The kept file written to a local path (a workbook reader needs a file). */
  fetchFile(key: string, localPath: string): Promise<void>;
  /** The kept file as a stream, for a download. */
  read(key: string): Promise<Readable>;
  copy(fromKey: string, toKey: string): Promise<void>;
  remove(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export type StoreEnv = Pick<
  Env,
  | 'FILE_STORE'
  | 'FILES_DIR'
  | 'S3_ENDPOINT'
  | 'S3_BUCKET'
  | 'S3_REGION'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
>;

/** Keys are ours: letters, digits and a few marks in path segments; nothing that climbs out of the store. */
const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
function checked(key: string): string {
  if (!SAFE_KEY.test(key) || key.split('/').includes('..')) throw new Error(`not a file key: ${key}`);
  return key;
}

const missing = () => new NotFound('The file');

export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    return path.join(this.root, checked(key));
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(localPath, target);
  }

  async fetchFile(key: string, localPath: string): Promise<void> {
    if (!(await this.exists(key))) throw missing();
    await copyFile(this.pathOf(key), localPath);
  }

  async read(key: string): Promise<Readable> {
    if (!(await this.exists(key))) throw missing();
    return createReadStream(this.pathOf(key));
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    await this.putFile(toKey, this.pathOf(fromKey));
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      (s) => s.isFile(),
      () => false,
    );
  }
}

export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async putFile(key: string, localPath: string): Promise<void> {
    const { size } = await stat(localPath);
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: checked(key), Body: createReadStream(localPath), ContentLength: size }),
    );
  }

  async fetchFile(key: string, localPath: string): Promise<void> {
    await pipeline(await this.read(key), createWriteStream(localPath));
  }

  async read(key: string): Promise<Readable> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checked(key) }));
      return answer.Body as Readable;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') throw missing();
      throw error;
    }
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    await this.client.send(
      new CopyObjectCommand({ Bucket: this.bucket, Key: checked(toKey), CopySource: `${this.bucket}/${checked(fromKey)}` }),
    );
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checked(key) }));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: checked(key) }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }
}

/** The store the configuration names (validated in env.ts: s3 needs its bucket and credentials). */
export function createFileStore(env: StoreEnv): FileStore {
  if (env.FILE_STORE === 'local') return new LocalFileStore(path.resolve(projectRoot, env.FILES_DIR));
  const client = new S3Client({
    region: env.S3_REGION,
    ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    // Checksums only where S3 requires them: the SDK's default streams uploads as aws-chunked
    // with a trailing CRC, which S3-compatible services (R2, MinIO, s3rver) store or refuse as is.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID ?? '', secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '' },
  });
  return new S3FileStore(client, env.S3_BUCKET ?? '');
}
