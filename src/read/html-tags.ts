/**
 * A start or end tag (groups: `/` of an end tag, the name, `/` of a self-closing tag) or a comment (no name), in raw
 * HTML as Markdown keeps it; attribute values may hold `>`. Enough to find the tags of an HTML block without parsing
 * it, which is all `capHtmlNesting` and the typography of its text need: parse5 parses it afterwards.
 */
export const htmlTag = /<!--[\s\S]*?-->|<(\/?)([A-Za-z][A-Za-z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;

/** Elements that never hold content, so never nest (HTML's void elements). */
export const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
