/** Escapes text for XML content and attribute values (the OPF, the EPUB's navigation and cover, the PDF's XMP). */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Escapes text for XML and drops the characters XML 1.0 cannot carry at all (C0 controls but tab and line ends, lone surrogates, U+FFFE/U+FFFF): feeds and sitemaps. */
export function escapeXmlText(value: string): string {
  return escapeXml(value).replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 cannot carry, which this drops
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '',
  );
}
