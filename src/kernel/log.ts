// Structured logs (pino, Fastify's own) that never contain a personal ID code: every line passes
// through a scrubber that masks anything shaped like one, whatever put it there (a message, an
// error, a URL). Cookies and authorization headers are never logged.
import { Writable } from 'node:stream';
import type { FastifyServerOptions } from 'fastify';

// 11 digits starting 1–8, not inside a longer run of digits ("EE39002102761" is caught too).
const IDCODE_LIKE = /(?<!\d)[1-8]\d{10}(?!\d)/g;

export function scrub(line: string): string {
  return line.replace(IDCODE_LIKE, '[isikukood]');
}

export function scrubbingStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      out.write(scrub(chunk.toString()));
      cb();
    },
  });
}

export function loggerOptions(level: string, out: NodeJS.WritableStream = process.stdout): FastifyServerOptions['logger'] {
  return {
    level,
    stream: scrubbingStream(out),
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    serializers: {
      req(req: { method: string; url: string; id: string }) {
        // the path only: query strings may carry personal data
        return { id: req.id, method: req.method, path: req.url.split('?')[0] };
      },
    },
  };
}
