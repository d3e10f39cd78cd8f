import { ImageRun, type IPropertiesOptions, type IRunStylePropertiesOptions, type IStylesOptions, Paragraph } from 'docx';
import type { ResolvedTheme, ThemeFont } from '../../config/theme.js';
import type { RenderContext } from '../../types.js';
import { hasOwnColors } from '../common/house.js';

type DefaultStyles = NonNullable<IStylesOptions['default']>;
type EmbeddedFont = NonNullable<IPropertiesOptions['fonts']>[number];

/** The library's own runs of the default styles the theme adds to: an option given for one takes the place of its whole run. */
const libraryRuns: Partial<Record<keyof DefaultStyles, IRunStylePropertiesOptions>> = {
  title: { size: 56 },
  heading1: { color: '2E74B5', size: 32 },
  heading2: { color: '2E74B5', size: 26 },
  heading3: { color: '1F4D78', size: 24 },
  heading4: { color: '2E74B5', italics: true },
  heading5: { color: '2E74B5' },
  heading6: { color: '1F4D78' },
  hyperlink: { color: '0563C1', underline: { type: 'single' } },
};

const headingStyles = ['title', 'heading1', 'heading2', 'heading3', 'heading4', 'heading5', 'heading6'] as const;

/**
 * The styles with the theme's faces and colours, as the PDF sets them: the body face and the text colour for the
 * document's text, the headline face for the title, headings, byline, dateline and captions, the monospace face for
 * code; headings in the text colour, links in the accent, byline, dateline, captions and colophon in the muted colour.
 * Colours only when the theme sets its own (the built-in DOCX keeps Word's). The background is left out: Word does
 * not print a page colour unless asked, and a tinted page is no paper's.
 */
export function themedStyles(styles: IStylesOptions, theme: ResolvedTheme): IStylesOptions {
  const colors = hasOwnColors(theme) ? theme.colors.light : undefined;
  const color = (value: string | undefined): IRunStylePropertiesOptions => (value ? { color: value.slice(1).toUpperCase() } : {});
  const { body, headline, mono } = { body: latinFont(theme.fonts.body), headline: latinFont(theme.fonts.headline), mono: latinFont(theme.fonts.mono) };
  const muted = { ...headline, ...color(colors?.muted) };
  const byDefault: Partial<Record<keyof DefaultStyles, IRunStylePropertiesOptions>> = {
    document: { ...body, ...color(colors?.text) },
    ...Object.fromEntries(headingStyles.map((name) => [name, { ...headline, ...color(colors?.text) }])),
    hyperlink: color(colors?.accent),
  };
  const byId: Record<string, IRunStylePropertiesOptions> = {
    Subtitle: color(colors?.text),
    Byline: muted,
    Dateline: muted,
    Caption: muted,
    Colophon: color(colors?.muted),
    SourceCode: mono,
    VerbatimChar: mono,
  };
  const defaults: DefaultStyles = { ...styles.default };
  for (const [name, run] of Object.entries(byDefault) as [keyof DefaultStyles, IRunStylePropertiesOptions][]) {
    if (Object.keys(run).length === 0) continue;
    const style = defaults[name] as { readonly run?: IRunStylePropertiesOptions } | undefined;
    Object.assign(defaults, { [name]: { ...style, run: { ...(style?.run ?? libraryRuns[name]), ...run } } });
  }
  const withRun = <T extends { readonly id: string; readonly run?: IRunStylePropertiesOptions }>(style: T): T => ({
    ...style,
    run: { ...style.run, ...byId[style.id] },
  });
  return {
    ...styles,
    default: defaults,
    paragraphStyles: styles.paragraphStyles?.map(withRun),
    characterStyles: styles.characterStyles?.map(withRun),
  };
}

/** A face for Latin text (Word's `w:ascii` and `w:hAnsi`): other scripts keep Word's faces, as the PDF falls back to its built-in ones. */
function latinFont(font: ThemeFont | undefined): IRunStylePropertiesOptions {
  return font ? { font: { ascii: font.family, hAnsi: font.family } } : {};
}

/**
 * The theme's font files, embedded (`word/fonts/`, obfuscated as the standard asks) so the document shows them where
 * they are not installed: one font per family, its lightest file as the regular face and a bold one (weight 600 or
 * more) of the same family as its bold face.
 */
export function embeddedFonts(theme: ResolvedTheme): EmbeddedFont[] {
  const families = new Map<string, ThemeFont[]>();
  for (const font of [theme.fonts.headline, theme.fonts.body, theme.fonts.mono]) {
    if (!font) continue;
    const faces = families.get(font.family) ?? [];
    if (!faces.some((face) => face.hash === font.hash)) faces.push(font);
    families.set(font.family, faces);
  }
  return [...families].map(([name, faces]) => {
    const [regular, ...others] = faces.toSorted((a, b) => a.weight - b.weight) as [ThemeFont, ...ThemeFont[]];
    const bold = others.find((face) => face.weight >= 600);
    return { name, data: Buffer.from(regular.bytes), ...(bold ? { bold: Buffer.from(bold.bytes) } : {}) };
  });
}

/** The logo's height above the headline, in pixels: the EPUB title page's 3em. */
const logoHeightPx = 48;

/**
 * The theme's PNG logo above the headline, as the EPUB's title page has it, its alt text the theme's name. An SVG
 * logo stays out, with a warning: Word 2016 and earlier show no SVG without a PNG beside it.
 */
export function logoParagraphs(theme: ResolvedTheme, drawingId: number, textWidthPx: number, warn: RenderContext['warn']): Paragraph[] {
  const { logo, name = '' } = theme;
  if (!logo) return [];
  if (logo.mediaType !== 'image/png') {
    warn(`the theme's logo ${logo.fileName} is ${logo.mediaType}, which Word cannot show without a fallback: the DOCX has no logo`, {
      ruleId: 'docx-image-type',
    });
    return [];
  }
  const scale = Math.min(1, logoHeightPx / logo.height, textWidthPx / logo.width);
  const transformation = { width: Math.max(1, Math.round(logo.width * scale)), height: Math.max(1, Math.round(logo.height * scale)) };
  return [
    new Paragraph({
      children: [new ImageRun({ type: 'png', data: logo.bytes, transformation, altText: { id: String(drawingId), name, description: name } })],
    }),
  ];
}
