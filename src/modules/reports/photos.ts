// A resident's photo, made safe to keep and show: recognised by its content (JPEG, PNG or WebP only,
// never by the file's name or the declared type), refused when too large in bytes or pixels, turned
// upright by its EXIF orientation, stripped of ALL metadata (EXIF, GPS, XMP, IPTC, ICC comments) and
// resized to fit within 1600×1600 (never enlarged). JPEG and PNG come out as JPEG; WebP stays WebP.
import sharp, { type Sharp } from 'sharp';
import { badRequest } from '../../kernel/errors.js';
import type { ReportPhoto } from './service.js';

/** The largest upload accepted, in bytes. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** The largest decoded image accepted, in pixels (width × height): about 40 megapixels. */
export const MAX_PHOTO_PIXELS = 40_000_000;
/** The kept photo fits within this square. */
export const PHOTO_EDGE = 1600;

type Kind = 'jpeg' | 'png' | 'webp';

/** The image type by its first bytes (magic numbers), or null. */
export function sniffImage(b: Buffer): Kind | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

const refuse = (reason: string) => badRequest([{ field: 'photos', reason }]);

/**
 * Checks and processes one uploaded photo. Throws a 400 naming the field 'photos' (with a message
 * key: reports.error.photoType, .photoSize, .photoPixels, .photoBroken) for anything that is not a
 * whole JPEG/PNG/WebP image within the limits. `declaredMime` (the browser's word) is not trusted:
 * the content decides; it is accepted only so callers can pass it and it is ignored.
 */
export async function processPhoto(input: Buffer, declaredMime?: string): Promise<ReportPhoto> {
  void declaredMime;
  if (input.length > MAX_PHOTO_BYTES) throw refuse('reports.error.photoSize');
  const kind = sniffImage(input);
  if (!kind) throw refuse('reports.error.photoType');
  let img: Sharp;
  try {
    // failOn 'truncated': a cut-off file is refused rather than shown half grey; limitInputPixels
    // refuses decompression bombs before decoding them.
    img = sharp(input, { failOn: 'truncated', limitInputPixels: MAX_PHOTO_PIXELS, sequentialRead: true });
    const meta = await img.metadata();
    if (meta.format !== kind) throw refuse('reports.error.photoType');
    if ((meta.pages ?? 1) > 1) throw refuse('reports.error.photoType');
    if (!meta.width || !meta.height) throw refuse('reports.error.photoBroken');
    if (meta.width * meta.height > MAX_PHOTO_PIXELS) throw refuse('reports.error.photoPixels');
  } catch (e) {
    if (e instanceof Error && 'status' in e) throw e;
    throw refuse(/pixel limit/i.test(String((e as Error)?.message)) ? 'reports.error.photoPixels' : 'reports.error.photoBroken');
  }
  try {
    // rotate() with no angle: upright by the EXIF orientation. sharp writes no metadata unless asked
    // (no withMetadata/keepExif), so the output has no EXIF, GPS, XMP or IPTC.
    const pipeline = img.rotate().resize({ width: PHOTO_EDGE, height: PHOTO_EDGE, fit: 'inside', withoutEnlargement: true });
    const out =
      kind === 'webp'
        ? await pipeline.webp({ quality: 82 }).toBuffer({ resolveWithObject: true })
        : await pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true }).toBuffer({ resolveWithObject: true });
    return { mime: kind === 'webp' ? 'image/webp' : 'image/jpeg', width: out.info.width, height: out.info.height, bytes: out.data };
  } catch (e) {
    throw refuse(/pixel limit/i.test(String((e as Error)?.message)) ? 'reports.error.photoPixels' : 'reports.error.photoBroken');
  }
}
