// base64Bytes: the JSON APIs' file fields (knowledge and open data) take standard base64 only.
import { describe, expect, it } from 'vitest';
import { base64Bytes } from './upload.js';

describe('base64Bytes', () => {
  it('decodes standard base64 with its padding', () => {
    expect(base64Bytes(Buffer.from('%PDF-1.4\n').toString('base64'))?.toString()).toBe('%PDF-1.4\n');
    expect(base64Bytes('')?.length).toBe(0);
  });

  it('refuses anything else rather than decoding the part that is base64', () => {
    for (const bad of ['not base64!', 'QUJD\n', 'QUJD===', 'QU-J_', 'data:application/pdf;base64,QUJD']) expect(base64Bytes(bad), bad).toBeNull();
  });
});
