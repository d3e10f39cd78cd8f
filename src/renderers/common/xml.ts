/** Escapes text for XML content and attribute values (the OPF, the EPUB's navigation and cover, the PDF's XMP). */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
