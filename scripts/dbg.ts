import { execFileSync } from 'node:child_process';
import { bodyWords, readArticleFile } from '../tests/helpers/words.js';

const words = bodyWords(readArticleFile('tests/fixtures/long-form/input.md'));
const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '/tmp/lf3/input.pdf', '-']).toString();
const { words: split } = (await import('../tests/helpers/words.js')) as any;
const stream = (split ? split(text) : text.split(/\s+/)).join('');
let cursor = 0;
let previous = 0;
for (const [index, word] of words.entries()) {
  const found = stream.indexOf(word, cursor);
  if (found === -1) {
    console.log('missing', index, word, 'context', words.slice(index - 8, index + 3).join(' '));
    console.log('stream at cursor:', stream.slice(cursor - 60, cursor + 80));
    break;
  }
  if (found - cursor > 200) console.log('jump', index, word, found - cursor, '| skipped:', stream.slice(cursor, Math.min(found, cursor + 100)));
  previous = cursor;
  cursor = found + word.length;
}
