import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

/** How a run of text is set: weight, slant and whether it is code. */
export interface TextStyle {
  readonly bold: boolean;
  readonly italic: boolean;
  readonly mono: boolean;
}

/** Font files from npm packages that ship full TTFs: never system fonts, never the standard 14. */
const fontFiles = {
  'serif-regular': '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  'serif-bold': '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  'serif-italic': '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  'serif-bold-italic': '@expo-google-fonts/noto-serif/700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
  'mono-regular': 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
  'mono-bold': 'dejavu-fonts-ttf/ttf/DejaVuSansMono-Bold.ttf',
  'sans-regular': 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'sans-bold': 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
} as const;

export type FontKey = keyof typeof fontFiles;

/** A parsed font, shared by every document of the process. */
export type LoadedFont = fontkit.Font;

let loaded: Map<FontKey, LoadedFont> | undefined;

/** Parses every font once per process; later documents reuse the parsed fonts. */
export function fonts(): ReadonlyMap<FontKey, LoadedFont> {
  if (!loaded) {
    loaded = new Map();
    for (const [key, file] of Object.entries(fontFiles) as [FontKey, string][]) {
      loaded.set(key, fontkit.create(readFileSync(require.resolve(file))) as LoadedFont);
    }
  }
  return loaded;
}

/** The fonts tried in order for a style: the text face first, then fallbacks for other scripts. */
export function fontChain(style: TextStyle): readonly FontKey[] {
  if (style.mono) return [style.bold ? 'mono-bold' : 'mono-regular', style.bold ? 'sans-bold' : 'sans-regular'];
  const face: FontKey = style.bold ? (style.italic ? 'serif-bold-italic' : 'serif-bold') : style.italic ? 'serif-italic' : 'serif-regular';
  return [face, style.bold ? 'sans-bold' : 'sans-regular'];
}

/** Shown for a character no font has; it is also reported as a warning. */
export const placeholder = '\u25a1';
