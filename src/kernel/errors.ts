// Errors: services throw HttpError (or return explicit outcomes); the error handler turns any error
// into RFC 9457 problem+json for the API and a friendly page in the user's language for pages.
// Never a stack trace to a user; bad input is a 4xx naming the field and the reason.

import type { Vars } from './i18n.js';

export interface FieldError {
  /** The field (form name or JSON pointer-ish path, e.g. "idcode" or "/questions/0/title"). */
  field: string;
  /** Message key (translated for pages) or a plain reason. */
  reason: string;
  vars?: Vars;
}

export class HttpError extends Error {
  constructor(
    public readonly status: number,
    /** Machine-readable problem type slug, e.g. "validation", "not-found". */
    public readonly type: string,
    /** Message key for the title (translated). */
    public readonly titleKey: string,
    public readonly fields: FieldError[] = [],
    public readonly detailKey?: string,
    public readonly headers: Record<string, string> = {},
  ) {
    super(titleKey);
  }
}

export const badRequest = (fields: FieldError[], detailKey?: string) =>
  new HttpError(400, 'validation', 'error.validation.title', fields, detailKey);
export const unauthorized = () => new HttpError(401, 'unauthorized', 'error.unauthorized.title');
export const forbidden = (detailKey?: string) => new HttpError(403, 'forbidden', 'error.forbidden.title', [], detailKey);
export const notFound = (detailKey?: string) => new HttpError(404, 'not-found', 'error.notFound.title', [], detailKey);
export const conflict = (detailKey: string, fields: FieldError[] = []) => new HttpError(409, 'conflict', 'error.conflict.title', fields, detailKey);
export const tooLarge = () => new HttpError(413, 'too-large', 'error.tooLarge.title');

export function isHttpError(e: unknown): e is HttpError {
  return e instanceof HttpError;
}

/**
 * Bad input or a refused step on a form (400 or 409): the field errors to re-render the form with,
 * or null for any other error (which then goes to the error page). A refusal without field errors
 * is shown at `fallbackField` (when given) with its detail.
 */
export function formErrors(e: unknown, fallbackField?: string): { status: number; fields: FieldError[] } | null {
  if (!isHttpError(e) || (e.status !== 400 && e.status !== 409)) return null;
  if (e.fields.length) return { status: e.status, fields: e.fields };
  if (fallbackField === undefined) return null;
  return { status: e.status, fields: [{ field: fallbackField, reason: e.detailKey ?? e.titleKey }] };
}

/** Converts Ajv validation errors (Fastify schema) to field errors. */
export function fieldsFromValidation(
  validation: ReadonlyArray<{ instancePath?: string; keyword?: string; message?: string; params?: Record<string, unknown> }>,
  context?: string,
): FieldError[] {
  return validation.map((v) => {
    let field = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
    if (v.keyword === 'required' && v.params && typeof v.params.missingProperty === 'string') {
      field = field ? `${field}.${v.params.missingProperty}` : v.params.missingProperty;
    }
    if (v.keyword === 'additionalProperties' && v.params && typeof v.params.additionalProperty === 'string') {
      field = field ? `${field}.${v.params.additionalProperty}` : v.params.additionalProperty;
    }
    if (!field) field = context ?? 'body';
    return { field, reason: v.message ?? v.keyword ?? 'invalid' };
  });
}
