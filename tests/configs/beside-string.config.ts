import { defineConfig, html, type Renderer } from 'editions';

/** A renderer of the config's own writes a note beside each edition, its bytes a Uint8Array but for an article titled "Styled": a string. */
const wire: Renderer = {
  name: 'wire',
  extension: '.wire.txt',
  render: (article) => {
    const note = `written by wire for ${article.slug}\n`;
    const bytes = article.meta.title === 'Styled' ? (note as unknown as Uint8Array) : new TextEncoder().encode(note);
    return { edition: `${article.slug}\n`, beside: [{ path: `${article.slug}.files/note.txt`, bytes }] };
  },
};

export default defineConfig({ renderers: [html(), wire] });
