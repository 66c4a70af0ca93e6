// Sending a distribution's file: its media type, a download name (ASCII and UTF-8 forms), a strong
// ETag from its SHA-256 (304 when the client has it), nosniff.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notModified, strongEtag } from '../../kernel/http-cache.js';

export interface FileOut {
  name: string;
  mediaType: string;
  sha256: string;
  bytes: Buffer;
}

export function sendFile(req: FastifyRequest, reply: FastifyReply, f: FileOut, cacheControl: string): FastifyReply {
  const etag = strongEtag(f.sha256.slice(0, 32));
  reply.header('etag', etag);
  reply.header('cache-control', cacheControl);
  if (notModified(req, etag)) return reply.code(304).send();
  const ascii = f.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const text = f.mediaType.startsWith('text/') || f.mediaType === 'application/json' || f.mediaType === 'application/geo+json' || f.mediaType === 'application/xml';
  reply.header('content-type', text ? `${f.mediaType}; charset=utf-8` : f.mediaType);
  reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`);
  reply.header('x-content-type-options', 'nosniff');
  return reply.send(f.bytes);
}
