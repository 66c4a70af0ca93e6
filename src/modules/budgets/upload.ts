// The budgets forms' multipart reader (the idea form, the implementation update form): fields and
// photos in memory within limits, then each photo through the reports module's photo pipeline
// (content sniffed, EXIF stripped, resized). Not multipart or broken → 4xx, never a server error.
import type { FastifyRequest } from 'fastify';
import type { FieldError } from '../../kernel/errors.js';
import { HttpError, badRequest, formErrors, isHttpError } from '../../kernel/errors.js';
import { MAX_PHOTO_BYTES, processPhoto } from '../reports/index.js';
import type { IdeaPhoto } from './service.js';
import { MAX_IDEA_PHOTOS } from './service.js';

export type Upload = { fields: Record<string, string>; files: { data: Buffer; mime: string; truncated: boolean }[] };

/** Limits with room for up to `photos` photos (one more file part is read, so that too many is told, not cut). */
export const uploadLimits = (photos: number) => ({ fileSize: MAX_PHOTO_BYTES, files: photos + 1, fields: 20, fieldSize: 64 * 1024, parts: 30 });
/** The idea form's limits. */
export const UPLOAD_LIMITS = uploadLimits(MAX_IDEA_PHOTOS);

/** Reads a multipart form (file parts named `photos`); too many files: a 400 naming 'photos' with `tooMany`. */
export async function readUpload(req: FastifyRequest, limits = UPLOAD_LIMITS, tooMany = 'budgets.error.photos'): Promise<Upload> {
  const fields: Record<string, string> = {};
  const files: Upload['files'] = [];
  try {
    for await (const part of req.parts({ limits })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.fieldname !== 'photos' || (data.length === 0 && !part.filename)) continue;
        files.push({ data, mime: part.mimetype, truncated: part.file.truncated });
      } else if (typeof part.value === 'string') {
        if (part.valueTruncated) throw new HttpError(413, 'too-large', 'error.tooLarge.title', [{ field: part.fieldname, reason: 'error.tooLarge.title' }]);
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    if (isHttpError(e)) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') throw badRequest([{ field: 'photos', reason: tooMany }]);
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw badRequest([{ field: 'photos', reason: 'reports.error.photoSize' }]);
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw new HttpError(413, 'too-large', 'error.tooLarge.title');
    throw new HttpError(400, 'bad-multipart', 'error.validation.title', [{ field: 'photos', reason: 'reports.error.upload' }]);
  }
  return { fields, files };
}

/** Each uploaded photo through the photo pipeline; the first bad one ends it with its field error. */
export async function processUploads(files: Upload['files']): Promise<{ photos: IdeaPhoto[]; errors: FieldError[] }> {
  const photos: IdeaPhoto[] = [];
  for (const f of files) {
    if (f.truncated) return { photos, errors: [{ field: 'photos', reason: 'reports.error.photoSize' }] };
    try {
      photos.push(await processPhoto(f.data, f.mime));
    } catch (e) {
      const bad = formErrors(e);
      if (!bad) throw e;
      return { photos, errors: bad.fields };
    }
  }
  return { photos, errors: [] };
}
