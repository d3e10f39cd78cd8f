import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import JSZip from 'jszip';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { runPipeline } from '../src/publish/pipeline.js';
import { readArticle } from '../src/read/article.js';
import {
  counterStyleOf,
  formsOf,
  type LabelId,
  type LabelLanguage,
  labelIds,
  labelLanguages,
  labelProblem,
  labelsFor,
  labelTables,
  placeholdersOf,
  resolveLabelLanguage,
} from '../src/renderers/common/labels.js';
import { isRightToLeft } from '../src/renderers/common/language.js';
import { html } from '../src/renderers/html/index.js';
import { text } from '../src/renderers/text/index.js';
import { cases, projectRoot, publishCase } from './helpers/cases.js';
import { executionModes, publish as publishWithCli } from './helpers/cli.js';
import { readingOrder } from './helpers/pdfua.js';
import { describeWithTools, run } from './helpers/tools.js';

const english = labelTables.en;

describe('the label table', () => {
  for (const language of labelLanguages) {
    it(`${language}: every label present, non-empty, with the values English takes and plural forms of the language`, () => {
      const table = labelTables[language];
      // A dual only in a language that has one.
      const forms = ['one', 'other', ...(new Intl.PluralRules(language).resolvedOptions().pluralCategories.includes('two') ? ['two'] : [])];
      expect(Object.keys(table).sort()).toEqual([...labelIds].sort());
      for (const id of labelIds) {
        const value = table[id];
        if (typeof value !== 'string') {
          expect(value.other, `${language}.${id}`).toBeTruthy();
          for (const category of Object.keys(value)) expect(forms, `${language}.${id}.${category}`).toContain(category);
        }
        for (const form of formsOf(value)) {
          expect(form.trim(), `${language}.${id}`).not.toBe('');
          expect([...new Set([...form.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort(), `${language}.${id}: ${form}`).toEqual(placeholdersOf(id));
        }
      }
    });
  }

  it('every label is used by the code, outside the table', () => {
    const sources = sourceFiles(join(projectRoot, 'src')).filter((path) => !path.endsWith('labels.ts'));
    const code = sources.map((path) => readFileSync(path, 'utf8')).join('\n');
    for (const id of labelIds) expect(code, id).toContain(`'${id}'`);
  });

  it('no English label is written as a literal in a renderer or the reader: each comes from the table', () => {
    const files = [...sourceFiles(join(projectRoot, 'src', 'renderers')), ...sourceFiles(join(projectRoot, 'src', 'read'))].filter(
      (path) => !path.endsWith('labels.ts'),
    );
    const found: string[] = [];
    for (const path of files) {
      for (const literal of stringLiterals(readFileSync(path, 'utf8'))) {
        for (const id of labelIds) {
          for (const form of formsOf(english[id])) {
            const lead = form.split('{')[0] ?? '';
            // A label with a value matches by what precedes the value ("By ", "Tags: "); one without, as a whole.
            const hit = /\p{L}/u.test(form) && (form.includes('{') ? lead.trim().length > 1 && literal.startsWith(lead) : literal.trim() === form.trim());
            if (hit) found.push(`${relative(projectRoot, path)}: ${JSON.stringify(literal)} is the label ${id}`);
          }
        }
      }
    }
    expect(found).toEqual([]);
  });
});

describe('the article language and its labels', () => {
  const resolved: [string, LabelLanguage, string | undefined][] = [
    ['fr', 'fr', undefined],
    ['pt-BR', 'pt', undefined],
    ['pt-PT', 'pt', undefined],
    ['en-GB', 'en', undefined],
    ['zh', 'zh', undefined],
    ['zh-Hans-SG', 'zh', undefined],
    ['zh-Hant-TW', 'zh-Hant', undefined],
    ['zh-TW', 'zh-Hant', undefined],
    ['zh-HK', 'zh-Hant', undefined],
    ['hi-Latn', 'hi', 'labels-script'],
    ['fa', 'fa', undefined],
    ['fa-IR', 'fa', undefined],
    ['sw', 'en', 'labels-language'],
    ['ur-PK', 'en', 'labels-language'],
  ];
  for (const [lang, language, problem] of resolved) {
    it(`${lang} → ${language}${problem ? `, with ${problem}` : ''}`, () => {
      const resolution = resolveLabelLanguage(lang);
      expect(resolution.words.contents.tag).toBe(language);
      expect(resolution.problem?.ruleId).toBe(problem);
    });
  }

  // The reader takes a tag that names a table as its own language without asking Intl (read/article.ts).
  it.each(labelLanguages)('%s, the tag of a table, is that table with no problem', (lang) => {
    const resolution = resolveLabelLanguage(lang);
    expect([resolution.problem, labelProblem(lang)]).toEqual([undefined, undefined]);
    expect(labelIds.filter((id) => resolution.words[id].tag !== lang)).toEqual([]);
  });

  it('lists names, and chooses plural forms, by the language', () => {
    expect(labelsFor('fr').text('byline', { names: labelsFor('fr').list(['A', 'B', 'C']) }, 3)).toBe('Par A, B et C');
    expect(labelsFor('es').list(['A', 'B', 'C'])).toBe('A, B y C');
    expect(labelsFor('ar').list(['أ', 'ب', 'ج'])).toBe('أ وب وج');
    const russian = labelsFor('ru');
    // The count is never printed: 21 authors are "Авторы", though "21 автор" takes the singular (CLDR's category `one`).
    expect([1, 2, 5, 21].map((count) => russian.text('byline', { names: 'X' }, count))).toEqual(['Автор: X', 'Авторы: X', 'Авторы: X', 'Авторы: X']);
    expect([1, 21, 22].map((count) => labelsFor('pl').text('corrections', {}, count))).toEqual(['Sprostowanie', 'Sprostowania', 'Sprostowania']);
    expect([1, 2, 11].map((count) => labelsFor('ar').text('corrections', {}, count))).toEqual(['تصحيح', 'تصحيحان', 'تصحيحات']);
    expect([1, 2].map((count) => labelsFor('fr').text('tags', { tags: 'x' }, count))).toEqual(['Mot-clé\u00a0: x', 'Mots-clés\u00a0: x']);
    expect([1, 2, 3].map((count) => labelsFor('ar').text('tags', { tags: 'x' }, count))).toEqual(['الوسم: x', 'الوسمان: x', 'الوسوم: x']);
  });

  it("writes numbers as the article's locale does: Arabic-Indic digits for ar-EG", () => {
    expect(labelsFor('ar-EG').text('folio', { page: labelsFor('ar-EG').number(3), pages: labelsFor('ar-EG').number(12) })).toBe('٣ / ١٢');
    expect(labelsFor('fr').number(60000)).toBe('60000');
  });

  it('numbers lists in the digits it writes numbers in: a CSS counter style for each numbering system but Latin', () => {
    const numbering = (lang: string) => [labelsFor(lang).numberingSystem, labelsFor(lang).counterStyle];
    expect(numbering('fa')).toEqual(['arabext', 'persian']);
    expect(numbering('ar-EG')).toEqual(['arab', 'arabic-indic']);
    expect(numbering('hi-u-nu-deva')).toEqual(['deva', 'devanagari']);
    // Latin digits: the browser's own decimal, no rule.
    for (const lang of ['en', 'ar', 'he', 'zh', 'fa-u-nu-latn']) expect(numbering(lang), lang).toEqual(['latn', undefined]);
    // Labels that fell back to English write English numbers, whatever the locale's digits (Pashto's are Persian).
    expect(new Intl.NumberFormat('ps').resolvedOptions().numberingSystem).toBe('arabext');
    expect(numbering('ps')).toEqual(['latn', undefined]);
    expect([counterStyleOf('thai'), counterStyleOf('beng'), counterStyleOf('hanidec'), counterStyleOf('latn'), counterStyleOf('toString')]).toEqual([
      'thai',
      'bengali',
      'cjk-decimal',
      undefined,
      undefined,
    ]);
    // Each system mapped is one Intl knows by that id, and numbers in it as the counter style does (its own digits).
    for (const system of [
      'arab',
      'arabext',
      'beng',
      'deva',
      'gujr',
      'guru',
      'hanidec',
      'khmr',
      'knda',
      'laoo',
      'mlym',
      'mong',
      'mymr',
      'orya',
      'tamldec',
      'telu',
      'thai',
      'tibt',
    ]) {
      const format = new Intl.NumberFormat(`en-u-nu-${system}`, { useGrouping: false });
      expect(format.resolvedOptions().numberingSystem, system).toBe(system);
      expect(format.format(10), system).not.toBe('10');
      expect(counterStyleOf(system), system).toBeDefined();
    }
  });

  it('takes the config’s labels over the table’s, for that language only', () => {
    const config = resolveConfig({ renderers: [html()], labels: { fr: { byline: 'Texte\u00a0: {names}' } } });
    expect(labelsFor('fr-CA', config.labels).text('byline', { names: 'A' })).toBe('Texte\u00a0: A');
    expect(labelsFor('fr', config.labels).text('contents')).toBe('Table des matières');
    expect(labelsFor('de', config.labels).text('byline', { names: 'A' })).toBe('Von A');
  });

  /** Every label of a language the table lacks, as a Swahili newsroom would give them. */
  const swahili = Object.fromEntries(
    labelIds.map((id) => [
      id,
      { byline: 'Na {names}', contents: 'Yaliyomo', footnotes: 'Tanbihi' }[id as string] ?? `sw:${formsOf(labelTables.en[id]).at(-1)}`,
    ]),
  );

  it('takes every word of a language the table lacks from the config, with no warning, and writes numbers in its locale', () => {
    const config = resolveConfig({ renderers: [html()], labels: { sw: swahili } });
    for (const lang of ['sw', 'sw-KE', 'sw-Latn-TZ']) {
      const labels = labelsFor(lang, config.labels);
      expect([labels.languageOf('contents'), labels.text('byline', { names: 'A' }), labels.text('contents'), labelProblem(lang, config.labels)], lang).toEqual([
        'sw',
        'Na A',
        'Yaliyomo',
        undefined,
      ]);
      expect(labelIds.filter((id) => labels.languageOf(id) !== 'sw')).toEqual([]);
    }
    // Lists by Swahili's rules, not English's.
    expect(labelsFor('sw', config.labels).list(['A', 'B', 'C'])).toBe(new Intl.ListFormat('sw', { type: 'conjunction' }).format(['A', 'B', 'C']));
    expect(labelsFor('sw', config.labels).list(['A', 'B', 'C'])).not.toBe('A, B, and C');
  });

  it('fills what the config leaves out of such a language with English, and warns naming each label left out', () => {
    const config = resolveConfig({ renderers: [html()], labels: { sw: { byline: 'Na {names}', contents: 'Yaliyomo' } } });
    const labels = labelsFor('sw', config.labels);
    expect([labels.text('byline', { names: 'A' }), labels.text('footnotes'), labels.languageOf('contents'), labels.languageOf('footnotes')]).toEqual([
      'Na A',
      'Footnotes',
      'sw',
      'en',
    ]);
    const problem = labelProblem('sw', config.labels);
    expect(problem?.ruleId).toBe('labels-language');
    expect(problem?.reason).toMatch(
      /^The config's `labels\['sw'\]` leaves out `dateline`, `datelineLead`, `tags`, `tagSeparator`, `publishedBy`, `footnotes`, .*`textEdition`, `corrections`, `correction`, `updated`, so the editions write them in English; add them there$/,
    );
    expect(problem?.reason).not.toMatch(/`byline`|`contents`/);
    // Without any, English throughout, with the warning saying where the words go.
    expect(labelProblem('sw')?.reason).toMatch(/give the labels in the config's `labels\['sw'\]`$/);
  });

  it('takes a regional variant’s words over its language’s table, however its tag is cased', () => {
    const config = resolveConfig({ renderers: [html()], labels: { 'pt-pt': { contents: 'Índice' } } });
    const portugal = labelsFor('pt-PT', config.labels);
    expect([portugal.text('contents'), portugal.text('footnotes'), portugal.languageOf('contents'), portugal.languageOf('footnotes')]).toEqual([
      'Índice',
      labelTables.pt.footnotes,
      'pt-PT',
      'pt',
    ]);
    expect(labelsFor('pt-BR', config.labels).text('contents')).toBe(labelTables.pt.contents);
    expect(labelProblem('pt-PT', config.labels)).toBeUndefined();
  });

  it('warns of a table in another script only for the labels the config does not give in the article’s', () => {
    const some = resolveConfig({ renderers: [html()], labels: { 'hi-Latn': { byline: 'Lekhak: {names}' } } });
    expect(labelsFor('hi-Latn', some.labels).text('byline', { names: 'A' })).toBe('Lekhak: A');
    const problem = labelProblem('hi-Latn', some.labels);
    expect(problem?.ruleId).toBe('labels-script');
    expect(problem?.reason).toMatch(/^The editions' labels `dateline`, `datelineLead`, `tags`, .* in `hi` are in Deva script, not the Latn of `hi-Latn`/);
    expect(problem?.reason).not.toMatch(/`byline`/);
    const all = resolveConfig({ renderers: [html()], labels: { 'hi-Latn': swahili } });
    expect(labelProblem('hi-Latn', all.labels)).toBeUndefined();
  });
});

describe('config labels', () => {
  const renderers = [html()];
  const errors: [unknown, RegExp][] = [
    [{ en_GB: { byline: 'X {names}' } }, /`labels` key "en_GB" is not a BCP 47 language tag; write it as an article's `lang` is written/],
    [
      { 'pt-PT': { contents: 'Índice' }, 'pt-pt': { byline: 'Por {names}' } },
      /`labels` gives "pt-PT" and "pt-pt", one language twice; merge them under "pt-PT"/,
    ],
    [{ 'pt-PT': { byline: 'Texto' } }, /`labels\['pt-PT'\].byline` leaves out \{names\}; write it where the value goes/],
    [{ fr: { signature: 'X' } }, /`labels.fr` has no label "signature"; use one of byline, dateline, datelineLead, tags,/],
    [{ fr: { byline: '' } }, /`labels.fr.byline` must be a non-empty string, or plural forms/],
    [{ fr: { tags: { one: 'Mot : {tags}' } } }, /`labels.fr.tags` must be a non-empty string, or plural forms .* with `other`/],
    [
      { ru: { tags: { one: 'Тег: {tags}', few: 'Теги: {tags}', other: 'Теги: {tags}' } } },
      /`labels.ru.tags` must be a non-empty string, or plural forms by the count of what it names \(one, two, other\)/,
    ],
    [{ fr: { byline: 'Texte' } }, /`labels.fr.byline` leaves out \{names\}; write it where the value goes/],
    [{ fr: { footnotes: 'Notes {names}' } }, /`labels.fr.footnotes` has \{names\}, which it is given no value for; it takes none$/],
    [
      { ru: { tags: { one: 'Тег: {tags}', other: 'Теги: {tags} {count}' } } },
      /`labels.ru.tags` has \{count\}, which it is given no value for; its values are \{tags\}$/,
    ],
    [['fr'], /`labels` must be an object by language/],
  ];
  for (const [labels, message] of errors) {
    it(`refuses ${JSON.stringify(labels)}`, () => {
      expect(() => resolveConfig({ renderers, labels } as never)).toThrow(message);
    });
  }
});

/** The label words one edition of a fixture must carry, and the English it must not. */
const fixtures: { name: string; language: LabelLanguage; byline: string; tags: string; publishedBy: string }[] = [
  {
    name: 'lang-en',
    language: 'en',
    byline: 'By Marie Lefèvre, Jonas Weber, and Sara Haddad',
    tags: 'Tags: Syria, Russia, diplomacy',
    publishedBy: 'Published by Wire Desk Editions',
  },
  {
    name: 'lang-fr',
    language: 'fr',
    byline: 'Par Marie Lefèvre, Jonas Weber et Sara Haddad',
    tags: 'Mots-clés\u00a0: Syrie, Russie, diplomatie',
    publishedBy: 'Publié par Éditions du Fil',
  },
  {
    name: 'lang-es',
    language: 'es',
    byline: 'Por Marie Lefèvre, Jonas Weber y Sara Haddad',
    tags: 'Etiquetas: Siria, Rusia, diplomacia',
    publishedBy: 'Publicado por Ediciones del Cable',
  },
  {
    name: 'lang-de',
    language: 'de',
    byline: 'Von Marie Lefèvre, Jonas Weber und Sara Haddad',
    tags: 'Schlagwörter: Syrien, Russland, Diplomatie',
    publishedBy: 'Veröffentlicht von Drahtdienst Verlag',
  },
  {
    name: 'lang-pt',
    language: 'pt',
    byline: 'Por Marie Lefèvre, Jonas Weber e Sara Haddad',
    tags: 'Etiquetas: Síria, Rússia, diplomacia',
    publishedBy: 'Publicado por Edições do Telégrafo',
  },
  {
    name: 'lang-ar',
    language: 'ar',
    byline: 'بقلم ريم حداد وJean Dupont وليلى عبد الله',
    tags: 'الوسوم: سوريا، روسيا، دبلوماسية',
    publishedBy: 'الناشر: منشورات البرقية',
  },
  {
    name: 'lang-fa',
    language: 'fa',
    byline: 'نوشتهٔ مریم رضایی و Jean Dupont',
    tags: 'برچسب‌ها: سوریه، روسیه، دیپلماسی',
    publishedBy: 'ناشر: انتشارات خبرگزاری',
  },
];

/** English label words a text in `language` must not have: each English form's words, where the language's label differs. */
function englishLeftovers(language: LabelLanguage, text: string): string[] {
  if (language === 'en') return [];
  const translated = new Set(labelIds.flatMap((id) => formsOf(labelTables[language][id])));
  const found: string[] = [];
  for (const id of labelIds as LabelId[]) {
    for (const form of formsOf(english[id])) {
      if (translated.has(form)) continue;
      for (const part of form.split(/\{\w+\}/).map((piece) => piece.replace(/^[\s[\]]+|[\s[\]]+$/g, ''))) {
        if (part.length < 2 || formsOf(labelTables[language][id]).some((own) => own.includes(part))) continue;
        if (new RegExp(`(^|[^\\p{L}])${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u').test(text)) found.push(`${id}: ${part}`);
      }
    }
  }
  return found;
}

/** What precedes the alt text in an image's stand-in: "[Image : ". */
const standInLead = (language: LabelLanguage) => formsOf(labelTables[language].imageStandIn)[0]?.split('{')[0] ?? '';

/** The words a fixture's editions must show, in its language. */
function expectedWords(fixture: (typeof fixtures)[number]): string[] {
  const table = labelsFor(fixture.language);
  return [fixture.byline, fixture.tags, fixture.publishedBy, table.text('footnotes')];
}

const caseNamed = (name: string) => cases.find((testCase) => testCase.name === name) ?? expect.fail(`no case ${name}`);
/** A fixture's edition; the language fixtures' slugs are their names. */
async function editionOf(name: string, renderer: string, slug = name): Promise<string> {
  const published = await publishCase(caseNamed(name));
  return published.files.get(slug)?.get(renderer) ?? expect.fail(`${name}: no ${renderer} edition`);
}
/** Text with its runs of spaces and line breaks as one space; no-break spaces stay. */
const collapsed = (text: string) => text.replace(/[ \t\r\n]+/g, ' ');

/** Articles (name → Markdown) published through the CLI with the newsroom config: each edition's path, and what the CLI printed. */
async function newsroomEditions(articles: Record<string, string>, only: string, flags: readonly string[] = []) {
  const source = mkdtempSync(join(tmpdir(), 'editions-labels-cli-'));
  const out = mkdtempSync(join(tmpdir(), 'editions-labels-cli-out-'));
  for (const [name, markdown] of Object.entries(articles)) writeFileSync(join(source, `${name}.md`), markdown);
  const result = await publishWithCli(['--config', 'examples/newsroom.config.ts', '--source', source, '--out', out, '--only', only, ...flags]);
  expect(result.code, result.stderr).toBe(0);
  return { stderr: result.stderr, file: (name: string, extension: string) => join(out, `${name}.${extension}`) };
}

/** A part of a zipped edition (EPUB, DOCX) as text. */
async function zipPart(path: string, part: string): Promise<string> {
  return (await (await JSZip.loadAsync(readFileSync(path))).file(part)?.async('string')) ?? '';
}

describe('each edition of each language fixture carries its own words', () => {
  for (const fixture of fixtures) {
    const labels = labelsFor(fixture.language);
    it(`${fixture.name}: the HTML page (DOM text and landmark names)`, async () => {
      const tree = fromHtml(readFileSync(await editionOf(fixture.name, 'html'), 'utf8'));
      const text = collapsed(toText(tree));
      for (const words of [...expectedWords(fixture), standInLead(fixture.language)]) expect(text).toContain(words);
      const names: string[] = [];
      visit(tree, 'element', (node: Element) => {
        if (typeof node.properties.ariaLabel === 'string') names.push(node.properties.ariaLabel);
      });
      expect(names).toContain(labels.text('footnoteBackReference', { reference: labels.number(1) }));
      expect(englishLeftovers(fixture.language, `${text}\n${names.join('\n')}`)).toEqual([]);
    });

    it(`${fixture.name}: the text edition`, async () => {
      const text = readFileSync(await editionOf(fixture.name, 'text'), 'utf8');
      const joined = collapsed(text);
      for (const words of [...expectedWords(fixture), labels.text('links'), labels.text('tableCaption', { caption: '' }).trim()])
        expect(joined).toContain(words);
      expect(englishLeftovers(fixture.language, text)).toEqual([]);
    });

    it(`${fixture.name}: the EPUB's navigation, package and documents`, async () => {
      const zip = await JSZip.loadAsync(readFileSync(await editionOf(fixture.name, 'epub')));
      const read = async (name: string) => (await zip.file(`OEBPS/${name}`)?.async('string')) ?? expect.fail(`no ${name}`);
      const nav = await read('toc.xhtml');
      const navText = toText(fromHtml(nav));
      expect(nav).toContain(`<h1 id="toc-title">${labels.text('contents')}</h1>`);
      expect(nav).toContain(`<h2 id="landmarks-title">${labels.text('landmarks')}</h2>`);
      expect(nav).toContain(`>${labels.text('article')}</a>`);
      const opf = await read('content.opf');
      const summary = /<meta property="schema:accessibilitySummary" xml:lang="([^"]+)">([^<]+)<\/meta>/.exec(opf);
      expect(summary?.[1]).toBe(fixture.language);
      expect(summary?.[2]).toContain(labels.text('accessibilityStructure'));
      expect(summary?.[2]).toContain(labels.text('accessibilityNotes'));
      const documents = collapsed(toText(fromHtml(`${await read('title.xhtml')}${await read('article.xhtml')}`)));
      for (const words of [fixture.byline, labels.text('footnotes')]) expect(documents).toContain(words);
      const ncx = await read('toc.ncx');
      for (const text of [navText, opf, documents, ncx]) expect(englishLeftovers(fixture.language, text)).toEqual([]);
    });
  }
});

describeWithTools(['poppler'], 'the PDF edition of each language fixture', () => {
  /** pdftotext's text, without the bidi marks it sets around right-to-left runs. */
  const pdfText = async (path: string) => (await run('pdftotext', ['-enc', 'UTF-8', path, '-'])).stdout.replace(/[\u202a-\u202e\u200e\u200f]/g, '');
  // pdftotext spaces the joins of mixed-direction runs its own way: words are compared without spaces.
  const spaceless = (text: string) => text.replace(/[\s\u00a0]/g, '');
  for (const fixture of fixtures) {
    it(`${fixture.name}: the text layer has the translated words and no English label`, async () => {
      const text = await pdfText(await editionOf(fixture.name, 'pdf'));
      for (const words of [...expectedWords(fixture), standInLead(fixture.language)]) expect(spaceless(text)).toContain(spaceless(words));
      expect(englishLeftovers(fixture.language, text)).toEqual([]);
    });
  }

  /** Glyph runs of a PDF's first page with their boxes, from `pdftotext -bbox` (Arabic comes letter by letter). */
  async function wordBoxes(path: string): Promise<{ word: string; xMin: number; xMax: number; yMin: number }[]> {
    const page = (await run('pdftotext', ['-bbox', '-f', '1', '-l', '1', path, '-'])).stdout;
    return [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((match) => ({
      xMin: Number(match[1]),
      yMin: Number(match[2]),
      xMax: Number(match[3]),
      word: match[4] ?? '',
    }));
  }
  const at = (words: Awaited<ReturnType<typeof wordBoxes>>, word: string) => words.find((box) => box.word === word) ?? expect.fail(`no word ${word}`);

  it('lang-ar is set right to left: the byline flush right, the table’s first column on the right; lang-fr the other way', async () => {
    const arabic = await wordBoxes(await editionOf('lang-ar', 'pdf'));
    const french = await wordBoxes(await editionOf('lang-fr', 'pdf'));
    const left = Math.min(...french.map((box) => box.xMin));
    const right = Math.max(...french.map((box) => box.xMax));
    const middle = (left + right) / 2;
    // The byline (the line with "Jean") ends at the right margin in Arabic; in French it starts at the left one.
    const bylineY = at(arabic, 'Jean').yMin;
    expect(Math.max(...arabic.filter((box) => box.yMin === bylineY).map((box) => box.xMax))).toBeCloseTo(right, 0);
    expect(at(french, 'Par').xMin).toBeCloseTo(left, 0);
    // The first column's cells hold the dash ("Lavrov – Biden").
    expect(at(arabic, '–').xMin).toBeGreaterThan(middle);
    expect(at(french, '–').xMax).toBeLessThan(middle);
    expect(at(french, 'Rencontre').xMax).toBeLessThan(at(french, 'Jour').xMin);
  });

  it('lang-fr: the table’s Pandoc caption is set as its caption, without the marker', async () => {
    const lines = (await pdfText(await editionOf('lang-fr', 'pdf'))).split('\n');
    expect(lines).toContain('Les rencontres du ministre russe des Affaires étrangères à Munich.');
    expect(lines.filter((line) => line.startsWith(': '))).toEqual([]);
  });

  it('html-rtl: list markers at the right margin', async () => {
    const words = await wordBoxes(await editionOf('html-rtl', 'pdf', 'rtl-arabic'));
    const bullets = words.filter((box) => box.word === '•');
    expect(bullets.length).toBe(3);
    const right = Math.max(...words.map((box) => box.xMax));
    for (const bullet of bullets) expect(bullet.xMax).toBeCloseTo(right, 0);
  });
});

describe('lang-ar: right to left in the markup editions, with Latin runs isolated', () => {
  it('the HTML page and the EPUB', async () => {
    const page = readFileSync(await editionOf('lang-ar', 'html'), 'utf8');
    expect(page).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page).toContain('<p class="byline">بقلم ريم حداد و<span dir="ltr">Jean Dupont</span> وليلى عبد الله</p>');
    const zip = await JSZip.loadAsync(readFileSync(await editionOf('lang-ar', 'epub')));
    const opf = (await zip.file('OEBPS/content.opf')?.async('string')) ?? '';
    expect(opf).toContain('page-progression-direction="rtl"');
    expect((await zip.file('OEBPS/title.xhtml')?.async('string')) ?? '').toContain('بقلم ريم حداد و<span dir="ltr">Jean Dupont</span> وليلى عبد الله');
    expect((await zip.file('OEBPS/toc.xhtml')?.async('string')) ?? '').toMatch(/<html [^>]*dir="rtl">/);
  });

  it('the text edition: every line runs right to left by its first strong character, a rule or a Latin start by a right-to-left mark', async () => {
    const lines = readFileSync(await editionOf('lang-ar', 'text'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const firstStrong = (line: string) => /[\p{L}\u200f]/u.exec(line)?.[0] ?? '';
    for (const line of lines) expect(firstStrong(line), line).toMatch(/[\u200f\p{Script=Arabic}]/u);
    expect(lines).toContain('\u200f---------------  -----');
    expect(lines).toContain('\u200f[1] https://news.un.org/ar/');
  });
});

/** Latin digits in a text: in lang-fa only the author's own "60", which stays as written. */
const latinNumbers = (text: string) => text.match(/[0-9]+/g) ?? [];

describe('lang-fa: the numbers the editions generate are in Persian digits, the author’s stay as written', () => {
  it('the HTML page: the footnote reference, the back reference’s name and the lists’ counter style', async () => {
    const page = readFileSync(await editionOf('lang-fa', 'html'), 'utf8');
    expect(page).toContain('data-footnote-ref aria-describedby="footnote-label">۱</a></sup>');
    expect(page).toContain('aria-label="بازگشت به ارجاع ۱"');
    expect(page).toContain('ol{list-style-type:persian}\n</style>');
    expect(latinNumbers(toText(fromHtml(page)))).toEqual(['60']);
    // Latin digits: no rule, the reference as remark-rehype wrote it.
    const arabic = readFileSync(await editionOf('lang-ar', 'html'), 'utf8');
    expect(arabic).not.toContain('list-style-type');
    expect(arabic).toContain('data-footnote-ref aria-describedby="footnote-label">1</a></sup>');
  });

  it('a number the author wrote stays: a raw HTML link marked as a note reference keeps its digits', () => {
    const source = '---\ntitle: خبر\nlang: fa\n---\n\nمتن[^a] و <a href="#fn-9" data-footnote-ref>9</a>.\n\n[^a]: یادداشت.\n';
    const { article } = readArticle('story.md', new TextEncoder().encode(source));
    const references: string[] = [];
    visit(article?.hast ?? expect.fail('not read'), 'element', (node: Element) => {
      if ('dataFootnoteRef' in node.properties) references.push(toText(node));
    });
    expect(references).toEqual(['۱', '9']);
  });

  it('the EPUB: the note reference, the note’s number and the lists’ counter style', async () => {
    const zip = await JSZip.loadAsync(readFileSync(await editionOf('lang-fa', 'epub')));
    const article = (await zip.file('OEBPS/article.xhtml')?.async('string')) ?? '';
    expect(article).toMatch(/epub:type="noteref"[^>]*>۱<\/a>/);
    expect(article).toContain('<p class="note-number">۱</p>');
    expect((await zip.file('OEBPS/style.css')?.async('string')) ?? '').toContain('ol { list-style-type: persian; }');
    expect(latinNumbers(toText(fromHtml(article)))).toEqual(['60']);
  });

  it('the text edition: note markers, link numbers and list numbers, each line still right to left', async () => {
    const text = readFileSync(await editionOf('lang-fa', 'text'), 'utf8');
    const lines = text.split('\n');
    expect(text).toContain('دادیم».[^۱] او افزود');
    expect(lines.filter((line) => line.startsWith('[^۱] ')).length).toBe(1);
    expect(text).toContain('سازمان ملل [۱]،');
    // The link's line starts with a right-to-left mark: its first strong letter is the address's.
    expect(lines).toContain('\u200f[۱] https://news.un.org/fa/');
    expect(lines).toEqual(expect.arrayContaining(['۱. آتش‌بس در حلب', '۲. رساندن کمک‌های انسانی', '۳. گفت‌وگوی سیاسی در ژنو']));
    expect(latinNumbers(text.replace('https://news.un.org/fa/', ''))).toEqual(['60']);
  });
});

describeWithTools(['poppler'], 'lang-fa: the PDF’s generated numbers in Persian digits', () => {
  it('list labels and the note’s number in the structure tree; the text layer’s only Latin digits the author’s', async () => {
    const path = await editionOf('lang-fa', 'pdf');
    const structure = (await run('pdfinfo', ['-struct-text', path])).stdout;
    const labels = [...structure.matchAll(/Lbl \(block\)\n\s*"([^"]*)"/g)].map((match) => match[1]);
    // The list's three items, then the note.
    expect(labels).toEqual(['۱.', '۲.', '۳.', '۱.']);
    const text = (await run('pdftotext', ['-enc', 'UTF-8', path, '-'])).stdout.replace(/[\u202a-\u202e\u200e\u200f]/g, '');
    // The reference's superscript, the list and the note: pdftotext reads a label by position, its period first.
    for (const digits of ['۱', '۲', '۳']) expect(text).toMatch(new RegExp(`\\.${digits}`));
    expect(latinNumbers(text)).toEqual(['60']);
  });
});

describeWithTools(['poppler'], 'the wire’s dateline in the language’s punctuation, through the CLI', () => {
  it('is "北京（法新社）" in Chinese and Japanese (full-width, unspaced) and "PARIS (AFP)" elsewhere, in every edition; the text edition\'s "北京（法新社）　正文" and "PARIS (AFP) — "', async () => {
    const datelines = { zh: '北京（法新社）', 'zh-Hant': '台北（法新社）', ja: '東京（AFP時事）', fr: 'PARIS (AFP)' };
    const articles = Object.fromEntries(
      Object.entries(datelines).map(([lang, dateline]) => {
        const [, place, credit] = /^(.+?) ?[（(](.+)[）)]$/.exec(dateline) ?? [];
        return [lang, `---\ntitle: 标题\ndateline: ${place}\ncredit: ${credit}\ndate: 2026-12-07\nlang: ${lang}\n---\n\n正文。\n`];
      }),
    );
    const published = await newsroomEditions(articles, 'html,pdf,epub,text,docx');
    for (const [lang, dateline] of Object.entries(datelines)) {
      const file = (extension: string) => published.file(lang, extension);
      expect(readFileSync(file('html'), 'utf8'), lang).toContain(`<span>${dateline}</span>`);
      // The text edition opens the first paragraph with it: a spaced dash, in Chinese and Japanese a full-width space.
      expect(readFileSync(file('txt'), 'utf8'), lang).toContain(lang === 'fr' ? `${dateline} — 正文。` : `${dateline}\u3000正文。`);
      expect((await run('pdftotext', ['-enc', 'UTF-8', file('pdf'), '-'])).stdout, lang).toContain(dateline);
      expect(await zipPart(file('epub'), 'OEBPS/title.xhtml'), lang).toContain(dateline);
      expect(await zipPart(file('docx'), 'word/document.xml'), lang).toContain(dateline);
    }
  });
});

describeWithTools(['poppler'], 'the dateline’s Latin credit in a right-to-left article, through the CLI', () => {
  const places = { ar: 'باريس', he: 'פריז' };
  for (const [mode, flags] of Object.entries(executionModes))
    it(`is isolated in every edition: a span with \`dir\` on the page and in the EPUB, LRI…PDI in the text edition and the DOCX (a run not marked w:rtl), nothing drawn for them in the PDF; the NewsML item gives it its own element (${mode})`, async () => {
      const articles = Object.fromEntries(
        Object.entries(places).map(([lang, place]) => [
          lang,
          `---\ntitle: ${place}\ndateline: ${place}\ncredit: AFP\ndate: 2026-12-01\nlang: ${lang}\n---\n\n${place}.\n`,
        ]),
      );
      const published = await newsroomEditions(articles, 'html,pdf,epub,text,docx,newsml', flags);
      expect(published.stderr).not.toContain('pdf-missing-glyph');
      for (const [lang, place] of Object.entries(places)) {
        const file = (extension: string) => published.file(lang, extension);
        expect(readFileSync(file('html'), 'utf8'), lang).toContain(`<p class="dateline"><span>${place} (<span dir="ltr">AFP</span>)</span> · `);
        const epub = await zipPart(file('epub'), 'OEBPS/title.xhtml');
        expect(epub, lang).toContain(`<p class="dateline">${place} (<span dir="ltr">AFP</span>) · `);
        expect(readFileSync(file('txt'), 'utf8'), lang).toContain(`${place} (\u2066AFP\u2069) — ${place}.`);
        // Word orders a run marked right to left (`w:rtl`) so: the isolated credit is a run of its own, unmarked, between the place's and the date's.
        const docx = await zipPart(file('docx'), 'word/document.xml');
        expect(docx, lang).toContain(
          `<w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve">${place} (</w:t></w:r><w:r><w:t xml:space="preserve">\u2066AFP\u2069</w:t></w:r><w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve">) · `,
        );
        // The PDF draws nothing for the isolates: its structure tree reads the line as typed, and "AFP" is drawn whole
        // between its parentheses, the opening one on its right, where a right-to-left line starts.
        const paragraphs = (await readingOrder(file('pdf'))).filter((entry) => entry.type === 'P').map((entry) => entry.text);
        expect(
          paragraphs.some((paragraph) => paragraph.startsWith(`${place} (AFP) · `)),
          paragraphs.join(' | '),
        ).toBe(true);
        const page = (await run('pdftotext', ['-bbox', '-f', '1', '-l', '1', file('pdf'), '-'])).stdout;
        const boxes = [...page.matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((match) => ({ xMin: Number(match[1]), word: match[2] ?? '' }));
        const xOf = (word: string) => (boxes.find((box) => box.word === word) ?? expect.fail(`${lang}: no word ${word}`)).xMin;
        const [closing, credit, opening] = [')', 'AFP', '('].map(xOf);
        expect(closing, lang).toBeLessThan(credit ?? 0);
        expect(credit, lang).toBeLessThan(opening ?? 0);
        // NewsML's dateline is the place alone, its credit a creditline of its own: a line in one direction each, with no isolates.
        const item = readFileSync(file('newsml.xml'), 'utf8');
        expect(item, lang).toContain(`<dateline>${place}</dateline><creditline>AFP</creditline>`);
        expect(item, lang).not.toMatch(/[\u2066-\u2069]/);
      }
    });
});

describeWithTools(['poppler', 'qpdf'], 'the update line under the headline, through the CLI', () => {
  /**
   * Each article's `updated` line in its language, or none (`updated` equal to `date`, to the day, or absent). In a
   * right-to-left article, `zone` is the Latin run the line ends with, isolated as the dateline's "AFP" is.
   */
  const articles = {
    fr: {
      dates: 'date: 2026-12-01T09:00:00Z\nupdated: 2026-12-01T18:40:00+01:00',
      label: 'Mis à jour le ',
      when: '1er décembre 2026 à 18:40 UTC+1',
      datetime: '2026-12-01T18:40:00+01:00',
    },
    ar: {
      dates: 'date: 2026-12-01\nupdated: 2026-12-03T10:05:00Z',
      label: 'آخر تحديث: ',
      when: '3 ديسمبر 2026 في 10:05 ص UTC',
      datetime: '2026-12-03T10:05:00Z',
      zone: 'UTC',
      time: '10:05',
    },
    he: {
      dates: 'date: 2026-12-01\nupdated: 2026-12-03T10:05:00+01:00',
      label: 'עודכן: ',
      // Intl's own left-to-right marks around the offset.
      when: '3 בדצמבר 2026 בשעה 10:05 GMT\u200e+1\u200e',
      datetime: '2026-12-03T10:05:00+01:00',
      zone: 'GMT\u200e+1',
      time: '10:05',
    },
    fa: {
      dates: 'date: 2026-12-01\nupdated: 2026-12-03T10:05:00Z',
      label: 'به‌روزرسانی: ',
      when: '۱۲ آذر ۱۴۰۵ ساعت ۱۰:۰۵ (UTC)',
      datetime: '2026-12-03T10:05:00Z',
      zone: 'UTC',
      time: '۱۰:۰۵',
    },
    'fr-same': { dates: 'date: 2026-12-01T09:00:00Z\nupdated: 2026-12-01T10:00:00+01:00' },
    'ar-same-day': { dates: 'date: 2026-12-01\nupdated: 2026-12-01T10:05:00Z' },
    'fr-absent': { dates: 'date: 2026-12-01' },
    'ar-absent': { dates: 'date: 2026-12-01' },
  } as const;
  const languageOf = (name: string) => name.slice(0, 2);
  /** Bidi marks and isolates, which the PDF draws nothing for: its text and structure tree have none. */
  const invisible = /[\u200e\u200f\u2066-\u2069]/g;

  for (const [mode, flags] of Object.entries(executionModes))
    it(`shows "Mis à jour le …", "آخر تحديث: …", "עודכן: …" and "به‌روزرسانی: …" after the date in every edition, its zone isolated in a right-to-left article; nothing when \`updated\` is \`date\` or absent (${mode})`, async () => {
      const markdown = Object.entries(articles).map(([name, { dates }]) => [
        name,
        `---\ntitle: Titre\ndateline: PARIS\ncredit: AFP\n${dates}\nlang: ${languageOf(name)}\n---\n\nCorps.\n`,
      ]);
      const published = await newsroomEditions(Object.fromEntries(markdown), 'html,pdf,epub,text,docx', flags);
      expect(published.stderr).not.toContain('pdf-missing-glyph');
      for (const [name, article] of Object.entries(articles)) {
        const file = (extension: string) => published.file(name, extension);
        const html = readFileSync(file('html'), 'utf8');
        const epub = await zipPart(file('epub'), 'OEBPS/title.xhtml');
        const docxXml = await zipPart(file('docx'), 'word/document.xml');
        const docx = docxXml.replace(/<[^>]*>/g, '');
        const text = readFileSync(file('txt'), 'utf8');
        const pdf = (await run('pdftotext', ['-enc', 'UTF-8', file('pdf'), '-'])).stdout;
        // The PDF's structure tree, in logical order: the date line's paragraph holds the update.
        const paragraphs = (await readingOrder(file('pdf'))).filter((entry) => entry.type === 'P').map((entry) => entry.text.replace(/\s+/g, ' '));
        if (!('label' in article)) {
          for (const [edition, words] of Object.entries({ html, epub, docx, text, pdf, paragraphs: paragraphs.join('\n') }))
            expect(words, `${name} ${edition}`).not.toMatch(/Mis à jour|آخر تحديث|class="updated"/);
          continue;
        }
        const { label, when, datetime } = article;
        const rightToLeft = 'zone' in article ? article : undefined;
        const zone = rightToLeft?.zone;
        // The page and the EPUB isolate the zone in a span with `dir`; the DOCX and the text edition, whose line has no markup, between LRI and PDI.
        const marked = `<span class="updated">${label}<time datetime="${datetime}">${zone ? when.replace(zone, `<span dir="ltr">${zone}</span>`) : when}</time></span>`;
        const line = `${label}${zone ? when.replace(zone, `\u2066${zone}\u2069`) : when}`;
        expect(html, name).toContain(marked);
        expect(epub, name).toContain(marked);
        expect(docx, name).toContain(` · ${line}`);
        // Word's run marked right to left (`w:rtl`) orders its weak characters so: the isolated zone is a run of its own, unmarked.
        if (zone) expect(docxXml, name).toContain(`<w:r><w:t xml:space="preserve">\u2066${zone}\u2069</w:t></w:r>`);
        expect(text, name).toContain(` · ${line}\n`);
        expect(
          paragraphs.some((paragraph) => paragraph.endsWith(` · ${line.replace(invisible, '')}`)),
          `${name}: ${paragraphs.join(' | ')}`,
        ).toBe(true);
        if (!rightToLeft || !zone) {
          // The French line is as pdftotext reads it.
          expect(pdf.replace(/\s+/g, ' '), name).toContain(line);
          continue;
        }
        // pdftotext sets right-to-left text in visual order, its Latin runs apart: the label's words are there, and the
        // zone is drawn whole to the left of the time, where a right-to-left line ends.
        expect(pdf.replace(invisible, ''), name).toContain(label.split(' ')[0]?.replace(':', '') ?? '');
        const page = (await run('pdftotext', ['-bbox', '-f', '1', '-l', '1', file('pdf'), '-'])).stdout;
        const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)].map((match) => ({
          xMin: Number(match[1]),
          word: (match[2] ?? '').replace(invisible, ''),
        }));
        const zoneBox =
          words.find((box) => box.word === zone.replace(invisible, '')) ?? expect.fail(`${name}: no word ${zone} in ${words.map((box) => box.word).join(' ')}`);
        const timeBox = words.find((box) => box.word === rightToLeft.time) ?? expect.fail(`${name}: no word ${rightToLeft.time}`);
        expect(zoneBox.xMin, name).toBeLessThan(timeBox.xMin);
      }
    });
});

describe('a language the table lacks', () => {
  it('gets English labels and one warning, at the front matter’s lang line', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-labels-ur-'));
    writeFileSync(join(source, 'story.md'), '---\ntitle: خبر\nauthor: [علی, رضا]\nlang: ur\n---\n\nمتن خبر.\n');
    const result = await runPipeline(resolveConfig({ source, outDir: join(source, 'out'), renderers: [html(), text()] }));
    const messages = result.files.flatMap((file) => file.messages.filter((message) => message.ruleId?.startsWith('labels-')));
    expect(messages.map((message) => [message.ruleId, message.line, message.column])).toEqual([['labels-language', 4, 1]]);
    expect(readFileSync(join(source, 'out', 'story.txt'), 'utf8')).toContain('By علی and رضا');
  });
});

/** Every label in Swahili, a language the table lacks, as a Swahili newsroom's config gives them. */
const swahiliLabels: Record<LabelId, string> = {
  byline: 'Na {names}',
  dateline: '{place} ({credit})',
  datelineLead: '{dateline} — ',
  tags: 'Lebo: {tags}',
  tagSeparator: ', ',
  publishedBy: 'Imechapishwa na {publisher}',
  footnotes: 'Tanbihi',
  footnoteBackReference: 'Rudi kwenye rejeleo {reference}',
  contents: 'Yaliyomo',
  landmarks: 'Alama kuu',
  article: 'Makala',
  image: 'Picha',
  imageStandIn: '[Picha: {alt}]',
  imageStandInWithoutAlt: '[Picha]',
  tableCaption: 'Jedwali: {caption}',
  table: 'Jedwali {number}',
  codeBlock: 'Kizuizi cha msimbo {number}',
  links: 'Viungo',
  folio: '{page} / {pages}',
  accessibilityStructure: 'Makala yenye ukurasa wa kichwa, hati ya urambazaji inayoorodhesha kila kichwa, na sehemu zenye maana.',
  accessibilityNotes: 'Tanbihi zimeunganishwa na maandishi.',
  accessibilityNoImages: 'Haina picha.',
  accessibilityImagesDescribed: 'Kila picha ina maandishi mbadala.',
  accessibilityImagesUndescribed:
    'Baadhi ya picha hazina maandishi mbadala, kwa hivyo maandishi pekee hayaelezi kila kitu na hakuna ulinganifu wa WCAG unaodaiwa.',
  accessibilityReflow: 'Mfumo wa kusoma unaweza kubadilisha mtindo wa maandishi na kuyapanga upya. Hakuna hatari.',
  collectionTitle: 'Makala',
  editions: 'Matoleo: {title}',
  noArticles: 'Bado hakuna makala iliyochapishwa.',
  alsoIn: 'Kwa lugha nyingine: {languages}',
  textEdition: 'Maandishi',
  corrections: 'Masahihisho',
  correction: '{date}: {text}',
  updated: 'Imesasishwa {date}',
};

describeWithTools(['poppler'], 'a language the table lacks, its labels given by the config', () => {
  /** A Swahili story with a picture and a note, and a config with the four editions, with or without Swahili labels. */
  function swahiliProject(labels: boolean): string {
    const project = mkdtempSync(join(tmpdir(), 'editions-swahili-'));
    mkdirSync(join(project, 'source'));
    copyFileSync(join(caseNamed('lang-fa').source, 'munich-hall.png'), join(project, 'source', 'munich-hall.png'));
    writeFileSync(
      join(project, 'source', 'habari.md'),
      '---\ntitle: Mazungumzo mjini Munich\nauthor: [Amina Juma, Baraka Otieno]\nlang: sw\ndate: 2013-02-02\n---\n\nWaziri alikutana na kiongozi wa upinzani.[^1]\n\n![Ukumbi wa mkutano](munich-hall.png)\n\n[^1]: Mkutano hufanyika kila mwaka.\n',
    );
    const given = labels ? `, labels: { sw: ${JSON.stringify(swahiliLabels)} }` : '';
    writeFileSync(
      join(project, 'pipeline.config.ts'),
      `import { defineConfig, epub, html, pdf, text } from 'editions';\nexport default defineConfig({ source: 'source', outDir: 'out', renderers: [html(), pdf(), epub(), text()]${given} });\n`,
    );
    return project;
  }

  for (const [mode, flags] of Object.entries(executionModes)) {
    it(`writes every generated word in Swahili, with no warning, through the CLI (${mode})`, async () => {
      const project = swahiliProject(true);
      const result = await publishWithCli(['--config', join(project, 'pipeline.config.ts'), ...flags]);
      expect(result.code, result.stderr).toBe(0);
      expect(`${result.stdout}${result.stderr}`).not.toContain('labels-');
      const out = join(project, 'out');
      const text = readFileSync(join(out, 'habari.txt'), 'utf8');
      expect(text).toContain('Na Amina Juma na Baraka Otieno');
      expect(text).toContain('Tanbihi');
      expect(text).not.toMatch(/\bBy\b|Footnotes/);
      const page = fromHtml(readFileSync(join(out, 'habari.html'), 'utf8'));
      expect(toText(page)).toContain('Na Amina Juma na Baraka Otieno');
      const names: string[] = [];
      visit(page, 'element', (node: Element) => {
        if (typeof node.properties.ariaLabel === 'string') names.push(node.properties.ariaLabel);
      });
      expect(names).toContain('Rudi kwenye rejeleo 1');
      const zip = await JSZip.loadAsync(readFileSync(join(out, 'habari.epub')));
      const nav = (await zip.file('OEBPS/toc.xhtml')?.async('string')) ?? '';
      expect(nav).toContain('>Yaliyomo<');
      const opf = (await zip.file('OEBPS/content.opf')?.async('string')) ?? '';
      expect(opf).toContain(`xml:lang="sw">${swahiliLabels.accessibilityStructure}`);
      const pdf = execFileSync('pdftotext', [join(out, 'habari.pdf'), '-'], { encoding: 'utf8' });
      for (const words of ['Na Amina Juma na Baraka Otieno', 'Tanbihi']) expect(pdf).toContain(words);
    }, 120_000);
  }

  it('without them, English words and one warning at the `lang` line, naming where the labels go', async () => {
    const project = swahiliProject(false);
    const result = await publishWithCli(['--config', join(project, 'pipeline.config.ts')]);
    expect(result.code, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(
      /habari\.md\n?\s*4:1\s+warning\s+The editions have no labels in `sw`.*labels\['sw'\]`\s+labels-language/s,
    );
    expect(readFileSync(join(project, 'out', 'habari.txt'), 'utf8')).toContain('By Amina Juma and Baraka Otieno');
  }, 120_000);
});

describe('the config’s labels reach every thread', () => {
  const dist = join(projectRoot, 'dist', 'index.js');
  const fixtureSources = fixtures.map((fixture) => caseNamed(fixture.name).source);
  /** Every edition of every article has the overridden byline: whichever thread rendered it. */
  async function expectOverride(outDir: string, bylines: Record<string, { byline: string }>): Promise<void> {
    for (const fixture of fixtures) {
      const name = fixture.name;
      const byline = bylines[fixture.language]?.byline.replace('{names}', '') ?? '';
      expect(readFileSync(join(outDir, `${name}.txt`), 'utf8'), name).toContain(byline);
      expect(toText(fromHtml(readFileSync(join(outDir, `${name}.html`), 'utf8'))), name).toContain(byline);
      const zip = await JSZip.loadAsync(readFileSync(join(outDir, `${name}.epub`)));
      expect((await zip.file('OEBPS/title.xhtml')?.async('string')) ?? '', name).toContain(byline);
      // pdftotext gives a no-break space as a space.
      const pdf = execFileSync('pdftotext', [join(outDir, `${name}.pdf`), '-'], { encoding: 'utf8' }).replaceAll('\u00a0', ' ');
      expect(pdf, name).toContain(byline.replaceAll('\u00a0', ' '));
    }
  }
  /** The fixtures' articles side by side in one source folder. */
  function sourceFolder(): string {
    const source = mkdtempSync(join(tmpdir(), 'editions-labels-source-'));
    for (const folder of fixtureSources) writeFileSync(join(source, `${folder.split('/').at(-1)}.md`), readFileSync(join(folder, 'input.md')));
    return source;
  }
  /** A byline for every language of the fixtures, the Arabic and Persian ones in Arabic script (pdftotext reorders a Latin word in a right-to-left line). */
  const override = (latin: string, arabic: string) =>
    Object.fromEntries(fixtures.map((fixture) => [fixture.language, { byline: `${isRightToLeft(fixture.language) ? arabic : latin}{names}` }]));
  const labels = override('Texte\u00a0: ', 'كتبه ');

  for (const jobs of [undefined, 2]) {
    it(`publish() with a config object, ${jobs ? `a pool of ${jobs} threads` : 'the default threads'}; a change of labels republishes`, async () => {
      const { publish, html: page, pdf, epub, text } = (await import(dist)) as typeof import('../src/index.js');
      const source = sourceFolder();
      const outDir = join(source, 'out');
      const config = { source, outDir, renderers: [page(), pdf(), epub(), text()], labels };
      await publish(config, { jobs });
      await expectOverride(outDir, labels);
      const changed = override('Rédigé par ', 'حرره ');
      const again = await publish({ ...config, labels: changed }, { jobs });
      expect(again.written.length).toBe(fixtures.length * 4);
      await expectOverride(outDir, changed);
    }, 120_000);
  }

  it('the CLI with a config file, in a pool of threads', async () => {
    const source = sourceFolder();
    const configFile = join(source, 'pipeline.config.ts');
    writeFileSync(
      configFile,
      `import { defineConfig, html, pdf, epub, text } from 'editions';\nexport default defineConfig({ source: '.', outDir: 'out', renderers: [html(), pdf(), epub(), text()], labels: ${JSON.stringify(labels)} });\n`,
    );
    const { publish: cli } = await import('./helpers/cli.js');
    const result = await cli(['--config', configFile, '--jobs', '2']);
    expect(result.code, result.stderr).toBe(0);
    await expectOverride(join(source, 'out'), labels);
  }, 120_000);
});

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** String and template literals of TypeScript source, comments left out; a template's `${…}` parts become `{}`. */
function stringLiterals(source: string): string[] {
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
    // A PDF dictionary's type names (`Subtype: 'Image'`) are names of the format, not words a reader sees.
    .replace(/\b(?:Type|Subtype): '[A-Za-z]+'/g, '');
  return [...code.matchAll(/'((?:\\.|[^'\\\n])*)'|"((?:\\.|[^"\\\n])*)"|`((?:\\.|[^`\\])*)`/g)].map((match) =>
    (match[1] ?? match[2] ?? match[3] ?? '').replace(/\$\{[^}]*\}/g, '{}'),
  );
}
