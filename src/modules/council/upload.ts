// A document upload to a draft or a sitting, for the official pages and the JSON API alike: the
// kernel's multipart reader (src/kernel/upload.ts) with council's field error, and the step that hands
// the file to the service (addFile: PDF/DOCX by content, the size limit, versions).
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/audit.js';
import type { Db } from '../../kernel/db.js';
import { badRequest } from '../../kernel/errors.js';
import { readFileUpload as readUpload, type FileUpload } from '../../kernel/upload.js';
import { MAX_FILE_BYTES, addFile } from './service.js';

/** The multipart plugin's limits for a council upload (one file; a few small fields). */
export const UPLOAD_LIMITS = { limits: { fileSize: MAX_FILE_BYTES, files: 2, fields: 10, fieldSize: 4096, parts: 14 } };

export type { FileUpload };

/** A multipart upload's one file (field `file`) and its other fields, within limits; broken → 4xx. */
export function readFileUpload(req: FastifyRequest): Promise<FileUpload> {
  return readUpload(req, 'council.error.upload');
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
