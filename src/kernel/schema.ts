// Schemas every module's JSON API shares: the RFC 9457 problem document and the error responses
// that document it in OpenAPI. Fastify picks the serializer by media type, so the error responses
// are keyed by application/problem+json (what the kernel's error handler sends).
import { Type } from 'typebox';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    instance: Type.Optional(Type.String()),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details (sent as application/problem+json)' },
);

/** An error response of a route schema: `response: { 404: problem('No such KOV') }`. */
export function problem(description: string) {
  return { description, content: { 'application/problem+json': { schema: Type.Ref('Problem') } } };
}

/** The error responses most API routes share. */
export const commonErrors = {
  400: problem('Bad input: each field is named with the reason'),
  401: problem('Not signed in, or the API key is malformed, revoked or unknown'),
  403: problem('Not allowed: no role in this KOV, or the API key lacks the scope'),
  404: problem('No such KOV or object'),
};

export const KovCode = Type.String({ pattern: '^[0-9]{4}$', description: 'EHAK code of the KOV: 4 digits, leading zeros kept', examples: ['0784'] });

/** 304 for a route that sends an ETag: If-None-Match matched, no body (kernel/http-cache.ts). */
export const notModifiedResponse = { 304: Type.Null({ description: 'Not modified: If-None-Match matched the ETag; no body' }) };
