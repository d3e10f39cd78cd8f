/**
 * Characters XML 1.0 or HTML cannot carry (C0 controls but tab and line ends, DEL and the C1 controls, U+FFFE/U+FFFF),
 * which Word pastes (a vertical tab is its soft line break), text decoded in the wrong encoding carries, and YAML's
 * escapes (`"\e[31m"`, `"\x01"`) write into front matter.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters this replaces
export const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/** Whether a text holds one (`controlCharacter` is global, so its `test` would carry on from the last match). */
export const hasControlCharacter = new RegExp(controlCharacter.source);

/** How a message names a control character: its code point, and what a vertical tab is. */
export function controlCharacterName(character: string): string {
  const code = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return code === 'U+000B' ? `${code} (a vertical tab: a word processor's line break)` : code;
}
