import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { Element, Root } from 'hast';
import { imageSize } from 'image-size';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { ImageAsset } from './types.js';

const mediaTypes: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml' };

/** Larger images are refused before they are decoded: 50 megapixels or 25 MB. */
const maxPixels = 50_000_000;
const maxBytes = 25 * 1024 * 1024;

/**
 * Reads every local image of an article once, so renderers never touch the
 * disk. An image that is missing, leaves the source folder (by path or symlink),
 * is not a known image type, or is too large, gets a warning and its alt text
 * stands in for it in every edition.
 */
export function loadImages(tree: Root, file: VFile, articlePath: string, sourceRoot: string): Map<string, ImageAsset> {
  const images = new Map<string, ImageAsset>();
  const root = realpathSync(sourceRoot);
  visit(tree, 'element', (node, index, parent) => {
    const src = node.properties.src;
    if (node.tagName !== 'img' || typeof src !== 'string' || !parent || index === undefined || images.has(src)) return;
    const refused = (reason: string, ruleId: string) => {
      file.message(`Image ${src} ${reason}; its alt text stands in`, { place: node.position?.start, ruleId, source: 'editions' });
      parent.children[index] = altText(node);
    };
    let path: string;
    try {
      path = decodeURI(src.split(/[?#]/)[0] ?? '');
    } catch {
      return refused('has a malformed address', 'image-path');
    }
    if (isAbsolute(path)) return refused('is an absolute path; link images relative to the article, inside the source folder', 'image-outside-source');
    const resolved = resolve(dirname(articlePath), path);
    let real: string;
    try {
      real = realpathSync(resolved);
    } catch {
      return refused(`was not found at ${resolved}; add the file or fix the path`, 'image-missing');
    }
    if (!real.startsWith(root + sep))
      return refused('is outside the source folder (by its path or a symlink); copy it into the source folder', 'image-outside-source');
    if (statSync(real).size > maxBytes) return refused(`is larger than ${maxBytes / 1024 / 1024} MB; reduce it`, 'image-too-large');
    const bytes = readFileSync(real);
    let size: ReturnType<typeof imageSize>;
    try {
      size = imageSize(bytes);
    } catch {
      return refused('is not a PNG, JPEG, GIF, WebP or SVG image, or is corrupt; convert it to PNG or JPEG', 'image-unsupported');
    }
    const mediaType = mediaTypes[size.type ?? ''];
    if (!mediaType) return refused(`is a ${size.type} image, which editions cannot embed; convert it to PNG or JPEG`, 'image-unsupported');
    if (size.width * size.height > maxPixels) {
      return refused(`declares ${size.width}×${size.height} pixels, which would need gigabytes to decode; reduce it`, 'image-too-large');
    }
    images.set(src, {
      src,
      path: real,
      bytes,
      mediaType,
      width: size.width,
      height: size.height,
      hash: createHash('sha256').update(bytes).digest('hex').slice(0, 16),
    });
  });
  return images;
}

/** The stand-in for an image that cannot be shown: its alt text, marked as such. */
export function altText(node: Element): Element {
  const alt = typeof node.properties.alt === 'string' ? node.properties.alt.trim() : '';
  return {
    type: 'element',
    tagName: 'span',
    properties: { className: ['image-alt'] },
    children: [{ type: 'text', value: alt ? `[Image: ${alt}]` : '[Image]' }],
  };
}
