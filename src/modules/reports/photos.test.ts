import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isHttpError } from '../../kernel/errors.js';
import { MAX_PHOTO_BYTES, processPhoto, sniffImage } from './photos.js';

const GPS = { GPSLatitudeRef: 'N', GPSLatitude: '59/1 26/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '24/1 45/1 0/1' };

async function jpegWithGps(width: number, height: number, orientation = 1): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#c03030' } })
    .jpeg()
    .withMetadata({ orientation })
    .withExifMerge({ IFD0: { Make: 'PhoneMaker', Model: 'Secret Model' }, IFD3: GPS })
    .toBuffer();
}

/** The GPS IFD pointer tag (0x8825) in either byte order. */
const hasGpsTag = (exif: Buffer) => exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));

async function refusal(p: Promise<unknown>): Promise<{ status: number; field: string; reason: string }> {
  try {
    await p;
  } catch (e) {
    if (!isHttpError(e)) throw e;
    return { status: e.status, field: e.fields[0]!.field, reason: e.fields[0]!.reason };
  }
  throw new Error('expected a refusal');
}

describe('processPhoto', () => {
  it('strips EXIF and GPS, turns the photo upright by its orientation', async () => {
    const input = await jpegWithGps(300, 200, 6);
    const before = await sharp(input).metadata();
    expect(before.exif && hasGpsTag(before.exif)).toBe(true);
    expect(before.exif!.toString('latin1')).toContain('PhoneMaker');
    expect(before.orientation).toBe(6);

    const out = await processPhoto(input, 'image/jpeg');
    const after = await sharp(out.bytes).metadata();
    expect(out.mime).toBe('image/jpeg');
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(out.bytes.includes(Buffer.from('PhoneMaker'))).toBe(false);
    // orientation 6 = rotate 90°: 300×200 comes out 200×300
    expect([out.width, out.height]).toEqual([200, 300]);
    expect([after.width, after.height]).toEqual([200, 300]);
  });

  it('resizes a big image to fit within 1600×1600 and never enlarges a small one', async () => {
    const big = await sharp({ create: { width: 4000, height: 2000, channels: 3, background: '#3060c0' } }).png().toBuffer();
    const out = await processPhoto(big);
    expect([out.width, out.height]).toEqual([1600, 800]);
    expect(out.mime).toBe('image/jpeg');
    const small = await processPhoto(await sharp({ create: { width: 120, height: 80, channels: 3, background: '#000' } }).jpeg().toBuffer());
    expect([small.width, small.height]).toEqual([120, 80]);
  });

  it('keeps WebP as WebP', async () => {
    const webp = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#0a0' } }).webp().toBuffer();
    const out = await processPhoto(webp, 'image/png');
    expect(out.mime).toBe('image/webp');
    expect((await sharp(out.bytes).metadata()).format).toBe('webp');
  });

  it('refuses a text file named .jpg (by content, whatever the declared type)', async () => {
    const r = await refusal(processPhoto(Buffer.from('just some text, not a photo at all\n'), 'image/jpeg'));
    expect(r).toEqual({ status: 400, field: 'photos', reason: 'reports.error.photoType' });
    expect(sniffImage(Buffer.from('GIF89a......'))).toBeNull();
  });

  it('refuses a truncated image with a 400, not a server error', async () => {
    const whole = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer();
    const r = await refusal(processPhoto(whole.subarray(0, Math.floor(whole.length / 2))));
    expect(r.status).toBe(400);
    expect(r.field).toBe('photos');
    expect(r.reason).toBe('reports.error.photoBroken');
  });

  it('refuses more than 10 MB and too many pixels', async () => {
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(MAX_PHOTO_BYTES)]);
    expect((await refusal(processPhoto(huge))).reason).toBe('reports.error.photoSize');
    // 10000×5000 = 50 Mpx of a single colour compresses to a few kilobytes: a decompression bomb
    const bomb = await sharp({ create: { width: 10000, height: 5000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(MAX_PHOTO_BYTES);
    expect((await refusal(processPhoto(bomb))).reason).toBe('reports.error.photoPixels');
  });
});
