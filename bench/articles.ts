import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Articles for the benchmark and the tests that need a big one. */
const root = new URL('..', import.meta.url).pathname;

/** An article of about `bytes` bytes: the canonical story's words in paragraphs of 100, a heading every 20 paragraphs. */
export function longArticle(bytes: number): string {
  const story = readFileSync(join(root, 'source', 'moscow-syria-opposition-contact.md'), 'utf8');
  const words = story
    .slice(story.indexOf('\n---', 3) + 4)
    .split(/\s+/)
    .filter(Boolean);
  const parts = [`---\ntitle: ${Math.round(bytes / 1024)} kB of news\n---\n`];
  let length = parts[0]?.length ?? 0;
  const add = (part: string) => {
    parts.push(part);
    length += part.length + 2;
  };
  for (let paragraph = 0, word = 0; length < bytes; paragraph++) {
    if (paragraph % 20 === 0) add(`## Part ${paragraph / 20 + 1}`);
    add(Array.from({ length: 100 }, () => words[word++ % words.length]).join(' '));
  }
  return `${parts.join('\n\n')}\n`;
}
