// A document upload to a draft or a sitting, for the official pages and the JSON API alike: the
// multipart reader (one file in the field `file`, the other fields as strings, within limits; a body
// that is not well-formed multipart answers 4xx, never a server error) and the step that hands the
// file to the service (addFile: PDF/DOCX by content, the size limit, versions).
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { HttpError, badRequest, isHttpError } from '../../kernel/errors.js';
import { MAX_FILE_BYTES, addFile } from './service.js';

/** The multipart plugin's limits for a council upload (one file; a few small fields). */
export const UPLOAD_LIMITS = { limits: { fileSize: MAX_FILE_BYTES, files: 2, fields: 10, fieldSize: 4096, parts: 14 } };

export interface FileUpload {
  fields: Record<string, string>;
  file: { name: string; bytes: Buffer; truncated: boolean } | null;
}

/** A multipart upload's one file (field `file`) and its other fields, within limits; broken → 4xx. */
export async function readFileUpload(req: FastifyRequest): Promise<FileUpload> {
  if (!req.isMultipart()) throw new HttpError(415, 'unsupported-media-type', 'error.validation.title', [{ field: 'file', reason: 'council.error.upload' }]);
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
    throw new HttpError(400, 'bad-multipart', 'error.validation.title', [{ field: 'file', reason: 'council.error.upload' }]);
  }
  return { fields, file };
}

type Owner = { draftId: string } | { sittingId: string };

/**
 * Hands the upload's file to the service, as a new version of the document its field `documentId`
 * names, if any: no file, or one over the limit, is a field error on `file`.
 */
export async function storeUpload(db: Db, kov: string, owner: Owner, upload: FileUpload, actor: Actor): Promise<{ id: string; documentId: string; version: number }> {
  const { file } = upload;
  if (!file) throw badRequest([{ field: 'file', reason: 'council.error.fileMissing' }]);
  if (file.truncated) throw badRequest([{ field: 'file', reason: 'council.error.fileSize', vars: { mb: MAX_FILE_BYTES / 1024 / 1024 } }]);
  return addFile(db, kov, owner, { name: file.name, bytes: file.bytes }, actor, upload.fields.documentId);
}
