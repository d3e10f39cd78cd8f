import type { ArticleMeta } from '../../types.js';
import type { Labels } from '../common/labels.js';
import { directionOf, isRightToLeft } from '../common/language.js';
import { escapeXml } from '../common/xml.js';

/** Documents of the book, beside the OPF. */
export const contentFiles = { title: 'title.xhtml', article: 'article.xhtml', nav: 'toc.xhtml', ncx: 'toc.ncx', css: 'style.css', cover: 'cover.svg' } as const;

/** A file of the book declared in the manifest, beyond the fixed documents. */
export interface ManifestImage {
  readonly href: string;
  readonly mediaType: string;
}

export interface PackageFacts {
  readonly meta: ArticleMeta;
  readonly labels: Labels;
  readonly identifier: string;
  /** `CCYY-MM-DDThh:mm:ssZ`, from the article, never the clock. */
  readonly modified: string;
  /** `dc:date` in W3CDTF, when the article has a date. */
  readonly date?: string;
  /** Image files of the book (the cover among them), in manifest order. */
  readonly images: readonly ManifestImage[];
  /** The theme's fonts and logo, in manifest order. */
  readonly themeFiles: readonly ManifestImage[];
  /** Images the article shows: what makes its content visual. */
  readonly shownImages: number;
  /** Images shown without alt text. */
  readonly imagesWithoutAlt: number;
  /** The cover: one of `images`, or undefined for the generated SVG cover. */
  readonly coverHref?: string;
  readonly hasNotes: boolean;
}

/** The package document: metadata (with EPUB Accessibility 1.1), manifest, spine. */
export function contentOpf(facts: PackageFacts): string {
  const { meta, identifier, modified, date } = facts;
  const lines = [
    `<dc:identifier id="book-id">${escapeXml(identifier)}</dc:identifier>`,
    `<dc:title>${escapeXml(meta.title)}</dc:title>`,
    `<dc:language>${escapeXml(meta.lang)}</dc:language>`,
    ...meta.authors.flatMap((author, index) => [
      `<dc:creator id="creator-${index + 1}">${escapeXml(author)}</dc:creator>`,
      `<meta refines="#creator-${index + 1}" property="role" scheme="marc:relators">aut</meta>`,
    ]),
    ...(meta.credit
      ? [`<dc:contributor id="credit">${escapeXml(meta.credit)}</dc:contributor>`, '<meta refines="#credit" property="role" scheme="marc:relators">ctb</meta>']
      : []),
    meta.publisher ? `<dc:publisher>${escapeXml(meta.publisher)}</dc:publisher>` : '',
    date ? `<dc:date>${escapeXml(date)}</dc:date>` : '',
    meta.description ? `<dc:description>${escapeXml(meta.description)}</dc:description>` : '',
    ...meta.tags.map((tag) => `<dc:subject>${escapeXml(tag)}</dc:subject>`),
    meta.rights ? `<dc:rights>${escapeXml(meta.rights)}</dc:rights>` : '',
    `<meta property="dcterms:modified">${modified}</meta>`,
    ...accessibilityMetadata(facts),
  ].filter(Boolean);

  const cover = facts.coverHref ?? contentFiles.cover;
  const images = facts.images.map(
    (image, index) =>
      `<item id="image-${index + 1}" href="${escapeXml(image.href)}" media-type="${image.mediaType}"${image.href === cover ? ' properties="cover-image"' : ''}/>`,
  );
  const themeItems = facts.themeFiles.map((file, index) => `<item id="theme-${index + 1}" href="${escapeXml(file.href)}" media-type="${file.mediaType}"/>`);
  if (!facts.coverHref) images.unshift(`<item id="cover-image" href="${contentFiles.cover}" media-type="image/svg+xml" properties="cover-image"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${escapeXml(meta.lang)}" dir="${directionOf(meta.lang)}" prefix="marc: http://id.loc.gov/vocabulary/">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    ${lines.join('\n    ')}
  </metadata>
  <manifest>
    <item id="title-page" href="${contentFiles.title}" media-type="application/xhtml+xml"/>
    <item id="nav" href="${contentFiles.nav}" media-type="application/xhtml+xml" properties="nav"/>
    <item id="article" href="${contentFiles.article}" media-type="application/xhtml+xml"/>
    <item id="ncx" href="${contentFiles.ncx}" media-type="application/x-dtbncx+xml"/>
    <item id="style" href="${contentFiles.css}" media-type="text/css"/>
    ${[...images, ...themeItems].join('\n    ')}
  </manifest>
  <spine toc="ncx"${isRightToLeft(meta.lang) ? ' page-progression-direction="rtl"' : ''}>
    <itemref idref="title-page"/>
    <itemref idref="nav"/>
    <itemref idref="article"/>
  </spine>
</package>
`;
}

/**
 * EPUB Accessibility 1.1 discovery metadata, stating only what holds: visual
 * content when there are images, alternative text and WCAG conformance only
 * when every image has alt text. The summary is in the labels' language, and says so.
 */
function accessibilityMetadata({ meta, labels, shownImages, imagesWithoutAlt, hasNotes }: PackageFacts): string[] {
  const hasImages = shownImages > 0;
  const everyImageDescribed = imagesWithoutAlt === 0;
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability'];
  if (hasImages && everyImageDescribed) features.push('alternativeText');
  const sufficient = !hasImages ? ['textual'] : everyImageDescribed ? ['textual', 'textual,visual'] : ['textual,visual'];
  const summary = (
    [
      'accessibilityStructure',
      ...(hasNotes ? (['accessibilityNotes'] as const) : []),
      !hasImages ? 'accessibilityNoImages' : everyImageDescribed ? 'accessibilityImagesDescribed' : 'accessibilityImagesUndescribed',
      'accessibilityReflow',
    ] as const
  )
    .map((id) => labels.text(id))
    .join(' ')
    // Chinese and Japanese sentences end in a full stop of their own, which takes no space after it.
    .replace(/(?<=[。！？]) /g, '');
  return [
    '<meta property="schema:accessMode">textual</meta>',
    hasImages ? '<meta property="schema:accessMode">visual</meta>' : '',
    ...sufficient.map((modes) => `<meta property="schema:accessModeSufficient">${modes}</meta>`),
    ...features.map((feature) => `<meta property="schema:accessibilityFeature">${feature}</meta>`),
    '<meta property="schema:accessibilityHazard">none</meta>',
    `<meta property="schema:accessibilitySummary" xml:lang="${labels.languageOf('accessibilityStructure')}">${escapeXml(summary)}</meta>`,
    ...(everyImageDescribed
      ? [
          '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>',
          meta.publisher ? `<meta property="a11y:certifiedBy">${escapeXml(meta.publisher)}</meta>` : '',
        ]
      : []),
  ];
}
