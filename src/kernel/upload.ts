// A multipart upload of one file (field `file`) with a few other fields as strings, within the
// multipart plugin's limits, for the official pages and the JSON API alike: a body that is not
// well-formed multipart answers 4xx, never a server error; a file over the size limit is read as
// `truncated` so the caller can answer a field error on `file`.
import type { FastifyRequest } from 'fastify';
import { HttpError, isHttpError } from './errors.js';

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
