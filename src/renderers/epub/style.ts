/**
 * Made for reading systems: no flex or grid, sizes relative to the reader's
 * choice, no font families and no colours (so the reader's font, size and
 * night mode apply), borders in `currentColor`.
 */
export const stylesheet = `body { margin: 0 5%; line-height: 1.5; }
h1, h2, h3, h4, h5, h6 { line-height: 1.2; page-break-after: avoid; break-after: avoid; }
h1 { font-size: 1.6em; margin: 1em 0 0.5em; }
.dek { font-size: 1.15em; font-style: italic; }
.byline, .dateline, .rights { font-size: 0.9em; margin: 0.2em 0; }
p { margin: 0 0 0.8em; }
blockquote { margin: 1em 1.5em; }
pre { white-space: pre-wrap; font-size: 0.85em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid; padding: 0.2em 0.4em; text-align: start; vertical-align: top; }
img { max-width: 100%; height: auto; }
figure { margin: 1em 0; page-break-inside: avoid; break-inside: avoid; }
figcaption { font-size: 0.9em; font-style: italic; margin-top: 0.3em; }
.image-alt { font-style: italic; }
.note-number { font-weight: bold; margin-bottom: 0; }
aside { font-size: 0.9em; margin: 1em 0; }
`;
