import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Nodes, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkSmartypants from 'remark-smartypants';
import { retext } from 'retext';
import retextSmartypants from 'retext-smartypants';
import { unified } from 'unified';
import type { Node } from 'unist';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { readArticle } from '../src/read/article.js';
import { remarkTypography } from '../src/read/typography.js';
import { fixturesDir, projectRoot } from './helpers/cases.js';
import { publish } from './helpers/cli.js';

/** A dash between spaces bound to the word before it, a hyphen so made an en dash, which remark-smartypants leaves as typed and the reader sets. */
const spacedDash = (value: string) => value.replace(/[ \u00a0]([-–—])(?=\s)/g, (_whole, dash: string) => `\u00a0${dash === '-' ? '–' : dash}`);

/**
 * Three hyphens as an em dash and a spaced hyphen as a dash in every text node, where the reader sets more than
 * remark-smartypants (`dashes: true` sets only two hyphens).
 */
function remarkMoreDashes() {
  return (tree: Nodes) => {
    visit(tree, 'text', (node) => {
      node.value = spacedDash(node.value.replace(/(?<!-)---(?!-)/g, '—'));
    });
  };
}

/** retext-smartypants on each picture's alt text and title, which remark-smartypants leaves as typed and the reader sets too. */
function remarkSmartypantsCaptions() {
  const smartypants = retext().use(retextSmartypants).freeze();
  const set = (value: string) => spacedDash(String(smartypants.processSync(value)).replace(/(?<!-)---(?!-)/g, '—'));
  return (tree: Nodes) => {
    visit(tree, (node) => {
      if (node.type !== 'image' && node.type !== 'imageReference') return;
      if (node.alt) node.alt = set(node.alt);
      if (node.type === 'image' && node.title) node.title = set(node.title);
    });
  };
}

/** retext-smartypants on the text an HTML block holds between its tags (not in code), which the reader sets too. */
function remarkSmartypantsHtmlText() {
  const smartypants = retext().use(retextSmartypants).freeze();
  return (tree: Nodes) => {
    visit(tree, 'html', (node) => {
      let inCode = 0;
      node.value = node.value
        .split(/(<[^>]*>)/)
        .map((part) => {
          const tag = /^<(\/?)(code|kbd|pre|samp|script|style|textarea)\b/i.exec(part);
          if (tag) inCode += tag[1] ? -1 : 1;
          if (part.startsWith('<') || inCode > 0 || !/\S/.test(part)) return part;
          return spacedDash(String(smartypants.processSync(` ${part} `)).slice(1, -1));
        })
        .join('');
    });
  };
}

/**
 * Text the reader keeps as typed, hidden from remark-smartypants as code and given back after: the words inside an
 * inline <code>, <kbd> or <samp> of raw HTML, and a link whose text is its own address.
 */
function remarkHideTyped() {
  return (tree: Nodes) => {
    visit(tree, (node) => {
      if (!('children' in node) || node.type === 'link') return;
      let depth = 0;
      for (const child of node.children) {
        if (child.type === 'html')
          for (const tag of child.value.matchAll(/<(\/?)(?:code|kbd|samp|pre|script|style|textarea)\b[^>]*?(\/?)>/gi)) depth += tag[2] ? 0 : tag[1] ? -1 : 1;
        const address = child.type === 'link' && child.children.length === 1 && child.children[0]?.type === 'text' ? child.children[0] : undefined;
        const bare = (value: string) => value.replace(/^(?:mailto:|https?:\/\/)/i, '');
        if (address && child.type === 'link' && bare(address.value) === bare(child.url)) Object.assign(address, { type: 'inlineCode', data: { typed: true } });
        if (child.type === 'text' && depth > 0) Object.assign(child, { type: 'inlineCode', data: { typed: true } });
      }
    });
  };
}

/** The text `remarkHideTyped` hid, as text again. */
function remarkShowTyped() {
  return (tree: Nodes) => {
    visit(tree, 'inlineCode', (node) => {
      if (!(node.data as { typed?: boolean } | undefined)?.typed) return;
      Object.assign(node, { type: 'text' });
      delete node.data;
    });
  };
}

/** The same parser with remark-smartypants, which the article reader's typography must match node for node. */
const reference = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(remarkHideTyped)
  .use(remarkSmartypants)
  .use(remarkShowTyped)
  .use(remarkMoreDashes)
  .use(remarkSmartypantsCaptions)
  .use(remarkSmartypantsHtmlText)
  .freeze();
const ours = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkTypography).freeze();
/** Long articles are paired chunk by chunk: tiny chunks put a chunk boundary before nearly every block. */
const oursInTinyChunks = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkTypography, { chunkSize: 1 }).freeze();

const tree = (processor: typeof ours | typeof oursInTinyChunks | typeof reference, markdown: string) => processor.runSync(processor.parse(markdown));

/** A tree with its text's no-break spaces as spaces. */
function spacesAsTyped(tree: Node): Node {
  visit(tree as Root, 'text', (text) => {
    text.value = text.value.replaceAll('\u00a0', ' ');
  });
  return tree;
}

const fixtures = join(projectRoot, 'tests', 'fixtures');
const documents = readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) =>
    readdirSync(join(fixtures, entry.name), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.md') && !name.startsWith('expected'))
      .map((name) => join(fixtures, entry.name, name)),
  );

describe('typographic quotes, dashes and ellipses', () => {
  it.each(documents.map((path) => [path.slice(fixtures.length + 1), path]))('match remark-smartypants on %s', (_name, path) => {
    const markdown = readFileSync(path, 'utf8');
    // Ours also makes the space between a number and its sign no-break ("81,0 %"), which remark-smartypants leaves.
    expect(spacesAsTyped(tree(ours, markdown))).toEqual(spacesAsTyped(tree(reference, markdown)));
    expect(spacesAsTyped(tree(oursInTinyChunks, markdown))).toEqual(spacesAsTyped(tree(reference, markdown)));
  });

  it('keep as typed the words of an inline <code>, <kbd> or <samp> and an address printed as its own link', () => {
    const markdown =
      'Run <code>npm i --save "x"</code>, press <kbd>--help</kbd>, said "hi".\n\nVisit https://example.com/a--b...c, <https://example.com/x--y> and [the "site"](https://e.com).\n';
    const texts: string[] = [];
    visit(tree(ours, markdown) as Root, 'text', (node) => {
      texts.push(node.value);
    });
    expect(texts).toEqual(
      expect.arrayContaining(['npm i --save "x"', '--help', ', said “hi”.', 'https://example.com/a--b...c', 'https://example.com/x--y', 'the “site”']),
    );
  });

  it('pair a quote at the start of a chunk as the whole article does: by the text before it', () => {
    // Found by the random test below: `..."` alone opens its quote, after "a" it closes it.
    for (const markdown of ['[a](b)\n\n..."--don\'t', 'A word.\n\n"--\n\n...\'s'])
      expect(tree(oursInTinyChunks, markdown), markdown).toEqual(tree(reference, markdown));
  });

  it('match remark-smartypants on random text full of quotes, dashes, dots and backticks', () => {
    const piece = fc.constantFrom(
      '"',
      "'",
      '``',
      "''",
      '--',
      '---',
      '...',
      '. . .',
      '.',
      ' ',
      'word',
      "don't",
      '’80s',
      '*',
      '**',
      '`',
      '\n\n',
      '# ',
      '- ',
      ' - ',
      ' — ',
      '[a](b)',
      '(',
      ')',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const markdown = pieces.join('');
        const expected = tree(reference, markdown);
        expect(tree(ours, markdown)).toEqual(expected);
        expect(tree(oursInTinyChunks, markdown)).toEqual(expected);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});

describe('dashes', () => {
  it('sets two or three hyphens as an em dash, in the body and the title, and leaves longer runs and code', () => {
    const set = setIn('en', 'It fell --- sharply -- by noon, fell---sharply, a ---- rule and `a---b`.', 'Markets --- and -- wires');
    expect(set.body).toBe(`It fell${nbsp}— sharply${nbsp}— by noon, fell—sharply, a ---- rule and a---b.`);
    expect(set.title).toBe(`Markets${nbsp}— and${nbsp}— wires`);
  });

  it("sets a hyphen typed between spaces as the language's dash, bound to the word before it, and leaves other hyphens", () => {
    const set = setIn('en', 'The regime - subject to conditions - and a well- and ill-founded plan at -5 degrees, `a - b`.', 'Talks - live');
    expect(set.body).toBe(`The regime${nbsp}– subject to conditions${nbsp}– and a well- and ill-founded plan at -5 degrees, a - b.`);
    expect(set.title).toBe(`Talks${nbsp}– live`);
    expect(setIn('fr', 'Le régime - sous conditions - accepte').body).toBe(`Le régime${nbsp}– sous conditions${nbsp}– accepte`);
    expect(setIn('ru', 'Москва - столица').body).toBe(`Москва${nbsp}— столица`);
    // Dashes set from hyphens or typed are bound too.
    expect(setIn('en', 'It fell -- sharply --- and — then – rose').body).toBe(`It fell${nbsp}— sharply${nbsp}— and${nbsp}— then${nbsp}– rose`);
  });
});

/** The body paragraph and the title of an article in a language, as the reader sets them. */
function setIn(lang: string, body: string, title = 'A title'): { title: string; body: string } {
  const markdown = `---\ntitle: ${JSON.stringify(title)}\nlang: ${lang}\n---\n\n${body}\n`;
  const { article, file } = readArticle(join(fixtures, 'quotes.md'), Buffer.from(markdown));
  if (!article) throw new Error(file.messages.map(String).join('; '));
  const paragraph = article.mdast.children.find((node) => node.type === 'paragraph');
  return { title: article.meta.title, body: paragraph ? mdastText(paragraph) : '' };
}

function mdastText(node: Nodes): string {
  return 'value' in node ? node.value : 'children' in node ? node.children.map((child) => mdastText(child as Nodes)).join('') : '';
}

const thin = '\u202f';
const nbsp = '\u00a0';

describe("quotation marks by the article's language", () => {
  const sentence = `He said "it's 'really' over", and *"nothing more"*.`;

  it.each([
    ['en', `He said “it’s ‘really’ over”, and “nothing more”.`],
    ['en-GB', `He said “it’s ‘really’ over”, and “nothing more”.`],
    ['fr', `He said «${thin}it’s “really” over${thin}», and «${thin}nothing more${thin}».`],
    ['fr-CA', `He said «${thin}it’s “really” over${thin}», and «${thin}nothing more${thin}».`],
    ['de', `He said „it’s ‚really‘ over“, and „nothing more“.`],
    ['de-AT', `He said „it’s ‚really‘ over“, and „nothing more“.`],
    ['de-CH', `He said «it’s ‹really› over», and «nothing more».`],
    ['es', `He said «it’s “really” over», and «nothing more».`],
    ['pt', `He said «it’s “really” over», and «nothing more».`],
    ['pt-PT', `He said «it’s “really” over», and «nothing more».`],
    ['pt-BR', `He said “it’s ‘really’ over”, and “nothing more”.`],
    ['ru', `He said «it’s „really“ over», and «nothing more».`],
    ['ja', `He said 「it’s 『really』 over」, and 「nothing more」.`],
    ['zh-Hant', `He said 「it’s 『really』 over」, and 「nothing more」.`],
    ['zh-TW', `He said 「it’s 『really』 over」, and 「nothing more」.`],
    ['zh-HK', `He said 「it’s 『really』 over」, and 「nothing more」.`],
    ['zh-Hant-CN', `He said 「it’s 『really』 over」, and 「nothing more」.`],
    ['zh', `He said “it’s ‘really’ over”, and “nothing more”.`],
    ['zh-Hans-TW', `He said “it’s ‘really’ over”, and “nothing more”.`],
  ])('%s', (lang, expected) => {
    expect(setIn(lang, sentence).body).toBe(expected);
  });

  it("keeps apostrophes as ’ inside and outside a single quotation, and closes it with the language's mark (German ‚…‘)", () => {
    expect(setIn('de', `Er sagte: "Hans' Buch ist 'gut', geht's?"`).body).toBe('Er sagte: „Hans’ Buch ist ‚gut‘, geht’s?“');
    expect(setIn('fr', `"L'homme dit 'aujourd'hui'."`).body).toBe(`«${thin}L’homme dit “aujourd’hui”.${thin}»`);
  });

  it('sets French thin no-break spaces before ; : ! ? and inside guillemets, replacing the space typed', () => {
    expect(setIn('fr', 'Une question ? Oui ; non: peut-être! Vraiment ?! Il est 10:30, voir https://example.fr/a?b=1 et « déjà » là.').body).toBe(
      `Une question${thin}? Oui${thin}; non${thin}: peut-être${thin}! Vraiment${thin}?! Il est 10:30, voir https://example.fr/a?b=1 et «${thin}déjà${thin}» là.`,
    );
    // Across emphasis: the mark after a strong word still gets its space.
    expect(setIn('fr', 'Attention à **ceci**!').body).toBe(`Attention à ceci${thin}!`);
    // Other languages keep the author's spacing.
    expect(setIn('es', '¿Qué? ¡Ya!').body).toBe('¿Qué? ¡Ya!');
    expect(setIn('de', 'Frage: warum?').body).toBe('Frage: warum?');
  });

  it('sets a French thin no-break space before % and ‰ and between the groups of a large number, replacing the space typed', () => {
    expect(setIn('fr', 'Un déficit de 6,4 % et 3 ‰ ; 10 000 euros, 1 500 000 électeurs, 999 000,5 litres.').body).toBe(
      `Un déficit de 6,4${thin}% et 3${thin}‰${thin}; 10${thin}000 euros, 1${thin}500${thin}000 électeurs, 999${thin}000,5 litres.`,
    );
    // Two numbers side by side are not one: a year has four digits, a group exactly three, and "et" stands between them.
    expect(setIn('fr', 'En 2024 2025 puis 2026, les 12 000 et 13 000 inscrits, 1 234 5678 et 12 34.').body).toBe(
      `En 2024 2025 puis 2026, les 12${thin}000 et 13${thin}000 inscrits, 1${thin}234 5678 et 12 34.`,
    );
    // A telephone number, a decimal's digits, and code are left as typed.
    expect(setIn('fr', 'Au 06 123 456 ou 01 23 45 67 89, soit 3,141 592 ; `10 000 %` et <code>2 500 ‰</code>.').body).toBe(
      `Au 06 123 456 ou 01 23 45 67 89, soit 3,141 592${thin}; 10 000 % et <code>2 500 ‰</code>.`,
    );
    expect(setIn('fr', 'x', 'Le chômage à 7,3 %, 2 300 000 demandeurs').title).toBe(`Le chômage à 7,3${thin}%, 2${thin}300${thin}000 demandeurs`);
    // Other languages keep the author's spacing, its width too, but no line breaks between a number and its sign.
    expect(setIn('en', 'A rise of 6.4 % to 10 000 units, 6.4% untouched.').body).toBe(`A rise of 6.4${nbsp}% to 10 000 units, 6.4% untouched.`);
  });

  it('sets a French thin no-break space before a unit and across runs of text, where a line must not break', () => {
    expect(setIn('fr', 'À 10 h 30, 3 h plus tard, 12 km, 50 m², 30 °C, 1 500 km/h, 20 € et 3 Mds $, 4,5 kWh et 2 Go.').body).toBe(
      `À 10${thin}h${thin}30, 3${thin}h plus tard, 12${thin}km, 50${thin}m², 30${thin}°C, 1${thin}500${thin}km/h, 20${thin}€ et 3${thin}Mds${thin}$, 4,5${thin}kWh et 2${thin}Go.`,
    );
    // A number and its sign in different runs: emphasis, a link, inline HTML.
    expect(setIn('fr', 'Un déficit de **6,4** %, soit *12 000* km, à [3](https://exemple.fr) h et <b>20</b> €.').body).toBe(
      `Un déficit de 6,4${thin}%, soit 12${thin}000${thin}km, à 3${thin}h et <b>20</b>${thin}€.`,
    );
    // Not units: a word, an elided pronoun, a letter's digits, "M." before a name, code.
    expect(setIn('fr', "Les 3 hommes, 3 s'est, l'A320 m, en 2013 M. Dupont, 3 mars, 10 t-shirts, `12 km`.").body).toBe(
      'Les 3 hommes, 3 s’est, l’A320 m, en 2013 M. Dupont, 3 mars, 10 t-shirts, 12 km.',
    );
    expect(setIn('fr', 'x', 'Grève : 3 h de retard').title).toBe(`Grève${thin}: 3${thin}h de retard`);
    expect(setIn('en', 'It took 3 h and 12 km, 3 hours and 5km.').body).toBe(`It took 3${nbsp}h and 12${nbsp}km, 3 hours and 5km.`);
  });

  it('keeps a number and its %, ‰ or unit, and a dash and the word before it, on one line in every language, through the CLI: a no-break space as wide as the one typed', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-number-spaces-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-number-spaces-out-'));
    writeFileSync(join(source, 'de.md'), '---\ntitle: Wahl mit 52,3 %\nlang: de\n---\n\nDie Beteiligung lag bei **81,0** % und 3 ‰, nach 3 km.\n');
    writeFileSync(join(source, 'en.md'), '---\ntitle: Turnout\nlang: en\n---\n\nTurnout was 52.3 %, up from 6.4%, after 3 km and 3 hours - a record.\n');
    const result = await publish(['--source', source, '--out', out, '--only', 'text']);
    expect(result.stderr).not.toMatch(/error/);
    const german = readFileSync(join(out, 'de.txt'), 'utf8');
    expect(german).toContain(`Wahl mit 52,3${nbsp}%`);
    expect(german).toContain(`bei 81,0${nbsp}% und 3${nbsp}‰, nach 3${nbsp}km.`);
    expect(readFileSync(join(out, 'en.txt'), 'utf8')).toContain(`Turnout was 52.3${nbsp}%, up from 6.4%, after 3${nbsp}km and 3 hours${nbsp}– a record.`);
  });

  it("sets a picture's title and alt text, its caption in every edition, in the same marks (french-typography)", () => {
    const { article } = readArticle(join(fixturesDir, 'french-typography', 'input.md'), readFileSync(join(fixturesDir, 'french-typography', 'input.md')));
    const images: { alt?: string | null; title?: string | null }[] = [];
    visit(article?.mdast as Root, 'image', (node) => {
      images.push(node);
    });
    expect(images).toEqual([
      expect.objectContaining({
        alt: `La salle de la «${thin}conférence${thin}», vue d’en haut`,
        title: `Munich${thin}: la salle de la conférence «${thin}sur la sécurité${thin}», samedi${thin}; les délégations sont arrivées${thin}!`,
      }),
    ]);
  });

  it('sets the title and description in the same marks', () => {
    expect(setIn('fr', 'x', `Il a dit "non" !`).title).toBe(`Il a dit «${thin}non${thin}»${thin}!`);
    expect(setIn('de', 'x', `Er sagte "nein" -- endlich`).title).toBe(`Er sagte „nein“${nbsp}— endlich`);
    expect(setIn('en', 'x', `He said "no" -- at last`).title).toBe(`He said “no”${nbsp}— at last`);
  });

  it('pairs straight double quotes beside Chinese and Japanese characters by their order, through the CLI: a quote after 。 closes, one after a word opens', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-cjk-quotes-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-cjk-quotes-out-'));
    writeFileSync(
      join(source, 'zh.md'),
      [
        '---',
        'title: 中国推进"一带一路"建设',
        'lang: zh',
        '---',
        '',
        '他表示："目标是销量翻番。"他补充说："欧洲市场是重中之重。"',
        '',
        '所谓"新质生产力"成为热词，"Made in China"计划继续。He said "yes".',
        '',
        '![图](munich-conference.png (深圳"街头"的出租车))',
        '',
        '"第一段未完',
        '',
        '"第二段"结束。',
        '',
      ].join('\n'),
    );
    copyFileSync(join(fixturesDir, 'lang-zh', 'munich-conference.png'), join(source, 'munich-conference.png'));
    writeFileSync(join(source, 'ja.md'), '---\ntitle: 東京\nlang: ja\n---\n\n彼は"はい。"と言った。<q>引用<q>内側</q></q>\n');
    writeFileSync(join(source, 'zh-tw.md'), '---\ntitle: 臺北\nlang: zh-TW\n---\n\n他表示："目標是雙倍銷量。"他補充說。\n');
    writeFileSync(join(source, 'zh-hant.md'), '---\ntitle: 香港"新聞"\nlang: zh-Hant\n---\n\n所謂"新質生產力"成為熱詞。\n');
    const result = await publish(['--source', source, '--out', out, '--only', 'text']);
    expect(result.stderr).not.toMatch(/error/);
    const text = readFileSync(join(out, 'zh.txt'), 'utf8');
    expect(text).toContain('中国推进“一带一路”建设');
    expect(text).toContain('他表示：“目标是销量翻番。”他补充说：“欧洲市场是重中之重。”');
    expect(text).toContain('所谓“新质生产力”成为热词，“Made in China”计划继续。He said “yes”.');
    expect(text).toContain('深圳“街头”的出租车');
    // Each block pairs its own: a quote left open does not close the next paragraph's first.
    expect(text).toContain('“第一段未完');
    expect(text).toContain('“第二段”结束。');
    // Japanese and Traditional Chinese set corner brackets, 「…」 with 『…』 inside, and pair them by order as well.
    expect(readFileSync(join(out, 'ja.txt'), 'utf8')).toContain('彼は「はい。」と言った。「引用『内側』」');
    expect(readFileSync(join(out, 'zh-tw.txt'), 'utf8')).toContain('他表示：「目標是雙倍銷量。」他補充說。');
    const hant = readFileSync(join(out, 'zh-hant.txt'), 'utf8');
    expect(hant).toContain('香港「新聞」');
    expect(hant).toContain('所謂「新質生產力」成為熱詞。');
  });

  it.each([
    ['zh', '‘', '’'],
    ['ja', '『', '』'],
    ['zh-Hant', '『', '』'],
  ])('%s: an apostrophe beside Han in a contraction, possessive or elision stays one; the rest pair', (lang, open, close) => {
    // After Han, before a contraction's ending; after a plural's s, before Han, with no quotation open.
    expect(setIn(lang, "中国's经济，他'll来，我'm，他'd说，James'书和the Joneses'家。").body).toBe(
      '中国’s经济，他’ll来，我’m，他’d说，James’书和the Joneses’家。',
    );
    // Quotations beside Han are still paired, an apostrophe inside them kept, and one that closes after a Latin word closes.
    expect(setIn(lang, "他说'新质生产力'很重要，'中国's经济'好，'Jones'说，奥巴马'Obama's'").body).toBe(
      `他说${open}新质生产力${close}很重要，${open}中国’s经济${close}好，${open}Jones${close}说，奥巴马${open}Obama’s${close}`,
    );
    // A quoted word that only looks like an ending is quoted: 's' is followed by the quote, 'sorry' by a letter.
    expect(setIn(lang, "他说's'和'sorry'。").body).toBe(`他说${open}s${close}和${open}sorry${close}。`);
    // A French or Italian elision or an Irish O' before Han is an apostrophe, unless it can close an open quotation.
    expect(setIn(lang, "在l'中国，L'日本，qu'他，jusqu'北京，dell'意大利，O'中国，d'Alembert说。").body).toBe(
      '在l’中国，L’日本，qu’他，jusqu’北京，dell’意大利，O’中国，d’Alembert说。',
    );
    expect(setIn(lang, "他说'l'很好，'在l'中国。").body).toBe(`他说${open}l${close}很好，${open}在l${close}中国。`);
  });

  it('pairs straight single quotes beside Chinese and Japanese characters as the doubles, through the CLI: ‘…’ in Simplified Chinese, 『…』 in Japanese and Traditional; a Latin apostrophe stays one, and so does an English contraction or possessive, or an elision, beside Han', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-cjk-singles-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-cjk-singles-out-'));
    const body =
      "他说'新质生产力'很重要，McDonald's也说'好'。\n\n![图](munich-conference.png (深圳'街头'的出租车))\n\n\"他说'好'就走了。\"\n\n中国's经济，James'书，奥巴马'Obama's'\n\n在l'中国，dell'意大利，O'中国\n";
    copyFileSync(join(fixturesDir, 'lang-zh', 'munich-conference.png'), join(source, 'munich-conference.png'));
    for (const lang of ['zh', 'ja', 'zh-TW', 'zh-Hant', 'zh-HK', 'zh-MO'])
      writeFileSync(join(source, `${lang}.md`), `---\ntitle: 推进'一带一路'建设\nlang: ${lang}\n---\n\n${body}`);
    const result = await publish(['--source', source, '--out', out, '--only', 'text,html']);
    expect(result.code, result.stderr).toBe(0);
    for (const lang of ['zh', 'ja', 'zh-TW', 'zh-Hant', 'zh-HK', 'zh-MO']) {
      const [open, close] = lang === 'zh' ? ['‘', '’'] : ['『', '』'];
      const [outerOpen, outerClose] = lang === 'zh' ? ['“', '”'] : ['「', '」'];
      for (const edition of ['txt', 'html']) {
        const text = readFileSync(join(out, `${lang}.${edition}`), 'utf8');
        expect(text, `${lang}.${edition}`).toContain(`推进${open}一带一路${close}建设`);
        expect(text, `${lang}.${edition}`).toContain(`他说${open}新质生产力${close}很重要，McDonald’s也说${open}好${close}。`);
        expect(text, `${lang}.${edition}`).toContain(`深圳${open}街头${close}的出租车`);
        expect(text, `${lang}.${edition}`).toContain(`${outerOpen}他说${open}好${close}就走了。${outerClose}`);
        // An English contraction or possessive beside Han keeps its apostrophe; a quotation opened beside Han closes after a Latin word.
        expect(text, `${lang}.${edition}`).toContain(`中国’s经济，James’书，奥巴马${open}Obama’s${close}`);
        // So does a French or Italian elision or an Irish O' before Han.
        expect(text, `${lang}.${edition}`).toContain('在l’中国，dell’意大利，O’中国');
      }
    }
  });
});
