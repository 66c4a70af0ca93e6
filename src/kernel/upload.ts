// A multipart upload of one file (field `file`) with a few other fields as strings, within the
// multipart plugin's limits, for the official pages and the JSON API alike: a body that is not
// well-formed multipart answers 4xx, never a server error; a file over the size limit is read as
// `truncated` so the caller can answer a field error on `file`.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, badRequest, isHttpError } from './errors.js';

/**
 * A JSON API's file field (`contentBase64`) as bytes: standard base64 with its padding, nothing else
 * (Buffer.from would skip what is not base64 and decode the rest); null when it is not.
 */
export function base64Bytes(s: string): Buffer | null {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(s) ? Buffer.from(s, 'base64') : null;
}

export interface FileUpload {
  fields: Record<string, string>;
  file: { name: string; bytes: Buffer; truncated: boolean } | null;
}

/**
 * A multipart upload's one file (field `file`) and its other fields, within limits; broken → 4xx
 * with the field error `reason` (a message key of the calling module) on `file`.
 */
export async function readFileUpload(req: FastifyRequest, reason: string): Promise<FileUpload> {
  if (!req.isMultipart()) throw new HttpError(415, 'unsupported-media-type', 'error.validation.title', [{ field: 'file', reason }]);
  const fields: Record<string, string> = {};
  let file: FileUpload['file'] = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname !== 'file' || file) continue;
        if (bytes.length === 0 && !part.filename) continue;
        file = { name: part.filename, bytes, truncated: part.file.truncated };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    if (isHttpError(e)) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') return { fields, file: { name: '', bytes: Buffer.alloc(0), truncated: true } };
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw new HttpError(413, 'too-large', 'error.tooLarge.title');
    throw new HttpError(400, 'bad-multipart', 'error.validation.title', [{ field: 'file', reason }]);
  }
  return { fields, file };
}

/** The multipart limits of a form with one file of at most `fileSize` bytes and a few fields. */
export const oneFileLimits = (fileSize: number) => ({ fileSize, files: 1, fields: 4, fieldSize: 4096, parts: 6 });

export interface FileFormRoute {
  url: string;
  maxBytes: number;
  /** Message keys (of the calling module) for the field errors on `file`. */
  missing: string;
  tooLarge: string;
  /** Authorisation, before anything of the body is read (throws for anyone else). */
  authorise: (req: FastifyRequest) => unknown;
  /** The route's work; `file()` gives the uploaded file or throws the field error (missing, too large). */
  handler: (req: FastifyRequest, reply: FastifyReply, file: () => { name: string; bytes: Buffer }, fields: Record<string, string>) => Promise<unknown>;
}

/**
 * A POST of an official's form with one file (multipart, in its own plugin scope with the limits of
 * `oneFileLimits`): the caller is authorised first, the body read with `readFileUpload`, its fields
 * become `req.body`, and CSRF is checked after the body is read (the form's token is one of them).
 */
export async function fileFormRoute(app: FastifyInstance, route: FileFormRoute): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: oneFileLimits(route.maxBytes) });
    scope.post(
      route.url,
      {
        schema: { hide: true },
        config: { csrf: false },
        preValidation: async (req: FastifyRequest) => {
          // nothing is read for anyone but who may post the form
          route.authorise(req);
          const u = await readFileUpload(req, route.missing);
          (req as FastifyRequest & { upload?: FileUpload }).upload = u;
          req.body = u.fields;
        },
        preHandler: (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => app.csrfProtection(req, reply, done),
      },
      async (req, reply) => {
        const { file, fields } = (req as FastifyRequest & { upload?: FileUpload }).upload ?? { file: null, fields: {} };
        const take = () => {
          if (!file) throw badRequest([{ field: 'file', reason: route.missing }]);
          if (file.truncated) throw badRequest([{ field: 'file', reason: route.tooLarge, vars: { mb: route.maxBytes / 1024 / 1024 } }]);
          return { name: file.name, bytes: file.bytes };
        };
        return route.handler(req, reply, take, fields);
      },
    );
  });
}
