import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Element, Root } from 'hast';
import { imageSize } from 'image-size';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { Labels } from '../renderers/common/labels.js';
import type { ImageAsset } from '../types.js';
import { imageStamp, refusedImageState, shownImageState } from './image-state.js';

const mediaTypes: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml' };

/** Larger images are refused before they are decoded: 50 megapixels or 25 MB. */
const maxPixels = 50_000_000;
const maxBytes = 25 * 1024 * 1024;

interface Refusal {
  readonly reason: string;
  readonly ruleId: string;
  /** The file, when mending the file itself (adding, reducing or exporting it again) would let it be shown. */
  readonly path?: string;
}

declare module 'vfile' {
  interface DataMap {
    /**
     * Local images refused for their file's state, by path relative to the source folder, with that state
     * (`refusedImageState`): the manifest keeps it, so that the article is published again once the file is mended.
     */
    refusedImages: Record<string, string>;
    /** Local images shown, by path relative to the source folder, with their hash and file's stamp (`shownImageState`), for the manifest. */
    shownImages: Record<string, string>;
  }
}

/**
 * Reads one local image, if it may be shown: inside the source folder (by its
 * path and by any symlink), a known image type, not too large. Remote images
 * never get here: the tree has already replaced them.
 */
function readImage(src: string, articlePath: string, root: string): { readonly asset: ImageAsset; readonly stamp: string } | Refusal {
  let path: string;
  try {
    // Each escape decoded: decodeURI keeps %23 and %3F, so a picture named `chart #2.png` could not be linked at all.
    path = decodeURIComponent(src.split(/[?#]/)[0] ?? '');
  } catch {
    return { reason: 'has a malformed address', ruleId: 'image-path' };
  }
  if (isAbsolute(path)) return { reason: 'is an absolute path; link images relative to the article, inside the source folder', ruleId: 'image-outside-source' };
  const resolved = resolve(dirname(articlePath), path);
  let real: string;
  try {
    real = realpathSync.native(resolved);
  } catch {
    return { reason: `was not found at ${resolved}; add the file or fix the path`, ruleId: 'image-missing', path: resolved };
  }
  // With its path: the copy the reason asks for, put in its place, remakes the article.
  if (!real.startsWith(root + sep))
    return {
      reason: 'is outside the source folder (by its path or a symlink); copy it into the source folder',
      ruleId: 'image-outside-source',
      path: resolved,
    };
  // Taken before the file is read: a save after it only costs the next publish a read of the image.
  const stats = statSync(real);
  if (!stats.isFile()) return { reason: `is a folder, not a picture (${resolved}); link the picture's file`, ruleId: 'image-missing', path: resolved };
  if (stats.size > maxBytes) return { reason: `is larger than ${maxBytes / 1024 / 1024} MB; reduce it`, ruleId: 'image-too-large', path: resolved };
  let bytes: Buffer;
  try {
    bytes = readFileSync(real);
  } catch (error) {
    return { reason: `could not be read (${(error as NodeJS.ErrnoException).code}); check its permissions`, ruleId: 'image-unreadable', path: resolved };
  }
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    return { reason: 'is not a PNG, JPEG, GIF, WebP or SVG image, or is corrupt; convert it to PNG or JPEG', ruleId: 'image-unsupported', path: resolved };
  }
  const mediaType = mediaTypes[size.type ?? ''];
  if (!mediaType)
    return { reason: `is a ${size.type} image, which editions cannot embed; convert it to PNG or JPEG`, ruleId: 'image-unsupported', path: resolved };
  if (size.width * size.height > maxPixels) {
    return {
      reason: `declares ${size.width}×${size.height} pixels, which would need gigabytes to decode; reduce it`,
      ruleId: 'image-too-large',
      path: resolved,
    };
  }
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  // A phone's photo is stored as the sensor saw it and turned by its EXIF orientation when shown.
  const orientation = size.orientation ?? 1;
  const [width, height] = orientation >= 5 ? [size.height, size.width] : [size.width, size.height];
  return { asset: { src, path: real, bytes, mediaType, width, height, orientation, hash }, stamp: imageStamp(stats) };
}

/**
 * A picture's address as its author wrote it, for a message: the Markdown's address is percent-encoded by then, and
 * `不存在的图片.png` or `photo été.jpg` was named `%E4%B8%8D…` or `photo%20%C3%A9t%C3%A9.jpg`.
 */
export function addressAsWritten(src: string): string {
  try {
    return decodeURIComponent(src);
  } catch {
    return src;
  }
}

/**
 * Reads every local image of an article once, the body's and the front
 * matter's `image`, so renderers never touch the disk. An image that cannot be
 * shown gets a warning, and in the body its alt text stands in for it.
 */
export function loadImages(
  tree: Root,
  file: VFile,
  labels: () => Labels,
  articlePath: string,
  sourceRoot: string,
  frontMatterImage?: { readonly src: string; readonly place: { line: number; column: number } },
): Map<string, ImageAsset> {
  const images = new Map<string, ImageAsset>();
  // The native realpath is one system call; the JavaScript one an lstat per folder of the path, for every article.
  const root = realpathSync.native(sourceRoot);
  const load = (src: string, place: { line: number; column: number }, inFrontMatter: boolean): boolean => {
    if (images.has(src)) return true;
    const image = readImage(src, articlePath, root);
    if ('reason' in image) {
      file.message(
        inFrontMatter
          ? `Front matter image ${addressAsWritten(src)} ${image.reason}; it is left out`
          : `Image ${addressAsWritten(src)} ${image.reason}; its alt text stands in`,
        {
          place,
          ruleId: image.ruleId,
          source: 'editions',
        },
      );
      if (image.path) file.data.refusedImages = { ...file.data.refusedImages, [relative(sourceRoot, image.path)]: refusedImageState(image.path) };
      return false;
    }
    images.set(src, image.asset);
    const inSource = relative(root, image.asset.path);
    file.data.shownImages = { ...file.data.shownImages, [relative(sourceRoot, image.asset.path)]: shownImageState(image.asset.hash, image.stamp) };
    // Hidden folders (editors' and tools' own) are not watched: a picture kept in one is published, but a change to it
    // went unseen by --watch and the preview.
    if (
      inSource
        .split(sep)
        .slice(0, -1)
        .some((folder) => folder.startsWith('.'))
    ) {
      file.message(
        `Image ${addressAsWritten(src)} is in a hidden folder, which --watch and the preview do not watch: a change to it is published by the next plain publish only. Move it out of ${dirname(inSource)}`,
        {
          place,
          ruleId: 'image-hidden-folder',
          source: 'editions',
        },
      );
    }
    return true;
  };
  visit(tree, 'element', (node, index, parent) => {
    const src = node.properties.src;
    if (node.tagName !== 'img' || typeof src !== 'string' || !parent || index === undefined) return;
    if (!load(src, node.position?.start ?? { line: 1, column: 1 }, false)) parent.children[index] = altText(node, labels());
  });
  // A remote front-matter image is never fetched, like a remote body image.
  if (frontMatterImage && !isRemote(frontMatterImage.src)) load(frontMatterImage.src, frontMatterImage.place, true);
  return images;
}

/** Whether an image's address is on another host (a scheme, or `//`): never fetched, by any edition. */
export function isRemote(src: string): boolean {
  return /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(src);
}

/** The words that stand in for an image no edition can show, in every edition: "[Image: alt]", in the article's language. */
export function imageStandIn(node: Element, labels: Labels): string {
  const alt = typeof node.properties.alt === 'string' ? node.properties.alt.trim() : '';
  return alt ? labels.text('imageStandIn', { alt }) : labels.text('imageStandInWithoutAlt');
}

/** The stand-in as an element, in place of the image in the tree. */
export function altText(node: Element, labels: Labels): Element {
  return { type: 'element', tagName: 'span', properties: { className: ['image-alt'] }, children: [{ type: 'text', value: imageStandIn(node, labels) }] };
}
