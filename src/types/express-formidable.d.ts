// express-formidable 1.2 ships no types; this is the one function we call.
declare module 'express-formidable' {
  import type { RequestHandler } from 'express';
  export default function formidableMiddleware(options?: { maxFileSize?: number; multiples?: boolean }): RequestHandler;
}
