import type { Html, Image, ImageReference, Nodes, Root } from 'mdast';
import { retext } from 'retext';
import retextSmartypants, { type Options as SmartypantsOptions } from 'retext-smartypants';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { htmlTag } from './html-tags.js';

/** A language's quotation marks: double (what the author typed as `"`) and single (`'`), each opening and closing. */
interface QuoteMarks {
  readonly double: readonly [string, string];
  readonly single: readonly [string, string];
}

/**
 * Quotation marks by BCP 47 tag, from each language's style guides: the whole
 * tag first ("pt-br"), then its language ("pt"); other languages keep the
 * English marks. Portuguese takes the European «…» with “…” inside, which
 * Portugal and the African lusophone press use; Brazil's press sets “…” and
 * ‘…’ as English does. Japanese and Traditional Chinese set corner brackets,
 * 「…」 with 『…』 inside (CLDR's quotationStart and alternateQuotationStart for
 * ja and zh-Hant); Simplified Chinese sets “…” as English does. Traditional is
 * the script subtag Hant, or without one Taiwan's, Hong Kong's and Macau's region.
 */
const quoteMarks: Readonly<Record<string, QuoteMarks>> = {
  fr: { double: ['«', '»'], single: ['“', '”'] },
  de: { double: ['„', '“'], single: ['‚', '‘'] },
  'de-ch': { double: ['«', '»'], single: ['‹', '›'] },
  es: { double: ['«', '»'], single: ['“', '”'] },
  pt: { double: ['«', '»'], single: ['“', '”'] },
  'pt-br': { double: ['“', '”'], single: ['‘', '’'] },
  it: { double: ['«', '»'], single: ['“', '”'] },
  ru: { double: ['«', '»'], single: ['„', '“'] },
  uk: { double: ['«', '»'], single: ['„', '“'] },
  pl: { double: ['„', '”'], single: ['«', '»'] },
  cs: { double: ['„', '“'], single: ['‚', '‘'] },
  ja: { double: ['「', '」'], single: ['『', '』'] },
  'zh-hans': { double: ['“', '”'], single: ['‘', '’'] },
  'zh-hant': { double: ['「', '」'], single: ['『', '』'] },
  'zh-tw': { double: ['「', '」'], single: ['『', '』'] },
  'zh-hk': { double: ['「', '」'], single: ['『', '』'] },
  'zh-mo': { double: ['「', '」'], single: ['『', '』'] },
};

/**
 * The marks for a language tag, or none for English and the languages without an entry: by its language and script
 * (zh-Hans-TW is Simplified, whatever the region), else its language and region, else its language.
 */
function quoteMarksFor(lang: string): QuoteMarks | undefined {
  const [language = '', ...subtags] = lang.toLowerCase().split('-');
  const script = subtags.find((subtag) => /^[a-z]{4}$/.test(subtag));
  const region = subtags.find((subtag) => /^([a-z]{2}|\d{3})$/.test(subtag));
  return (script ? quoteMarks[`${language}-${script}`] : undefined) ?? (region ? quoteMarks[`${language}-${region}`] : undefined) ?? quoteMarks[language];
}

/**
 * What smartypants sets for a closing single quote, settled afterwards: the
 * same straight `'` is an apostrophe ("l'homme", "geht's"), which is ’ in every
 * language, or closes a quotation, which is ‘ in German. A noncharacter, which
 * no text carries.
 */
const closingSingle = '\ufdd0';
const openingSingle = '\ufdd1';

/** Quotes, over the whole text at once: a quote pairs across emphasis, links and code. */
const quotes = retext().use(retextSmartypants, { ellipses: false, dashes: false, backticks: false }).freeze();
/** Dashes, ellipses and backtick quotes, per text node: they change the text's length. */
const marks = retext().use(retextSmartypants, { quotes: false }).freeze();
/**
 * Three hyphens alone, which retext-smartypants' `dashes: true` leaves as they are while it makes two an em dash:
 * both are the em dash (its `oldschool` setting would make two an en dash, in every article written with them).
 */
const threeHyphens = /(?<!-)---(?!-)/g;
/** Text that `marks` can change: two hyphens, three dots (spaced or not), or doubled backticks or apostrophes. */
const hasMarks = /--|``|''|\.\s*\.\s*\./;
/** Text that `quotes` can change. retext keeps every character it does not change, so text without one is skipped. */
const hasQuotes = /["']/;
/** Text that a `line` can change: quotes, backticks, two hyphens, or three dots with anything between them. */
const hasLineMarks = /["'`]|--|\..*\..*\./s;

interface Typesetter {
  /** The double quotation marks, opening and closing. */
  readonly double: readonly [string, string];
  readonly quotes: typeof quotes;
  readonly marks: typeof marks;
  /** Quotes, dashes and ellipses at once, for a line of front matter. */
  readonly line: typeof marks;
  readonly single?: readonly [string, string];
  /** The single marks a straight `'` beside a Chinese or Japanese character is paired into: Chinese and Japanese articles' alone. */
  readonly eastAsianSingle?: readonly [string, string];
  /** French spacing: thin no-break spaces inside guillemets and before `; : ! ?`. */
  readonly spaced: boolean;
  /** The dash a hyphen typed between spaces stands for. */
  readonly dash: string;
}

const english: Typesetter = { double: ['“', '”'], quotes, marks, line: retext().use(retextSmartypants).freeze(), spaced: false, dash: '–' };
/** Simplified Chinese without a script or a Traditional region (`zh`, `zh-CN`): English's marks, its single quotes paired beside Han as well. */
const simplifiedChinese: Typesetter = { ...english, eastAsianSingle: ['‘', '’'] };
const typesetters = new Map<string, Typesetter>();
/** Languages whose presses set a spaced em dash where others set a spaced en dash («Москва — столица»). */
const emDashLanguages = new Set(['ru', 'uk']);

/**
 * A dash between spaces, bound to the word before it by a no-break space so that no line starts with it; a hyphen typed
 * so, as wire copy types a dash ("the regime - subject to conditions"), which smartypants leaves as a hyphen, made the
 * language's spaced dash, as Bringhurst sets it.
 */
const spacedDashes = /[ \u00a0]([-–—])(?=\s)/g;
const hasSpacedDash = /[ \u00a0][-–—]\s/;
const spacedDash = (text: string, dash: string) =>
  hasSpacedDash.test(text) ? text.replace(spacedDashes, (_whole, typed: string) => `\u00a0${typed === '-' ? dash : typed}`) : text;

/** The processors that set a language's quotes, made once per language. */
function typesetterFor(lang: string): Typesetter {
  const language = quoteMarksFor(lang);
  if (!language) return lang.toLowerCase().split('-')[0] === 'zh' ? simplifiedChinese : english;
  let typesetter = typesetters.get(lang);
  if (!typesetter) {
    const [open, close] = language.double;
    const settings: SmartypantsOptions = {
      openingQuotes: { double: open, single: openingSingle },
      closingQuotes: { double: close, single: closingSingle },
    };
    typesetter = {
      double: language.double,
      quotes: retext()
        .use(retextSmartypants, { ...settings, ellipses: false, dashes: false, backticks: false })
        .freeze(),
      line: retext().use(retextSmartypants, settings).freeze(),
      marks: retext()
        .use(retextSmartypants, {
          openingQuotes: { double: open, single: language.single[0] },
          closingQuotes: { double: close, single: language.single[1] },
          quotes: false,
        })
        .freeze(),
      single: language.single,
      eastAsianSingle: ['zh', 'ja'].includes(lang.toLowerCase().split('-')[0] ?? '') ? language.single : undefined,
      spaced: lang.toLowerCase().split('-')[0] === 'fr',
      dash: emDashLanguages.has(lang.toLowerCase().split('-')[0] ?? '') ? '—' : '–',
    };
    typesetters.set(lang, typesetter);
  }
  return typesetter;
}

const letter = /[\p{L}\p{N}\p{M}]/u;

/** Settles each single quote smartypants set (`closingSingle`): an apostrophe between letters or with no quotation open, else the language's closing mark. */
function settleSingles(text: string, single: readonly [string, string]): string {
  if (!text.includes(closingSingle) && !text.includes(openingSingle)) return text;
  let open = 0;
  let settled = '';
  for (let index = 0; index < text.length; index++) {
    const character = text[index] as string;
    if (character === openingSingle) {
      open++;
      settled += single[0];
    } else if (character === closingSingle) {
      const apostrophe = open === 0 || (letter.test(text[index - 1] ?? '') && letter.test(text[index + 1] ?? ''));
      if (!apostrophe) open--;
      settled += apostrophe ? '’' : single[1];
    } else settled += character;
  }
  return settled;
}

/**
 * Settles each straight quote beside a Chinese or Japanese character by the quotes of its kind before it in its block:
 * it opens unless one is open. Smartypants decides by its neighbours, which without spaces between words say nothing:
 * it opened the quote that closes `翻番。"他补充说` (after a full stop, before a word) and closed the one that opens
 * `所谓"新质生产力"` (after a word); both single quotes of `他说'新质生产力'很重要` it took for apostrophes. Others keep
 * smartypants' mark, and count: a single one between letters is an apostrophe ("McDonald's"), and counts for nothing.
 * `single` is given for Chinese and Japanese articles alone. `typed` is the text as typed, `paired` as smartypants set
 * it, of the same length; a block starts at each offset of `blockStarts` (ascending).
 */
function settleEastAsianQuotes(
  typed: string,
  paired: string,
  double: readonly [string, string],
  single: readonly [string, string] | undefined,
  blockStarts: readonly number[] = [],
): string {
  if (!eastAsianWide.test(typed)) return paired;
  const straight = single ? /["']/g : /"/g;
  let settled = '';
  let last = 0;
  const open = { '"': false, "'": false };
  let block = 0;
  for (const { index } of typed.matchAll(straight)) {
    for (; block < blockStarts.length && (blockStarts[block] as number) <= index; block++) open['"'] = open["'"] = false;
    const kind = typed[index] as '"' | "'";
    const [opening, closing] = kind === '"' ? double : (single as readonly [string, string]);
    const beside = eastAsianWide.test(typed[index - 1] ?? '') || eastAsianWide.test(typed[index + 1] ?? '');
    const set = paired[index] as string;
    const betweenLetters = letter.test(typed[index - 1] ?? '') && letter.test(typed[index + 1] ?? '');
    if (kind === "'" && beside && isApostropheBesideHan(typed, index, open["'"])) {
      settled += `${paired.slice(last, index)}’`;
      last = index + 1;
      continue;
    }
    // A single one not beside Han closes the quotation one beside Han opened (`奥巴马'Obama's'`), which smartypants did not count.
    const mark = beside ? (open[kind] ? closing : opening) : set === closingSingle && open[kind] && !betweenLetters ? closing : set;
    if (kind === '"' || beside || set === openingSingle) open[kind] = mark === opening || mark === openingSingle;
    else if (!betweenLetters) open[kind] = false;
    settled += paired.slice(last, index) + mark;
    last = index + 1;
  }
  return settled + paired.slice(last);
}

/** What follows the apostrophe of an English contraction or possessive ("中国's", "他'll"): no Latin letter or quote after it. */
const contractionEnding = /^(?:s|t|d|m|ll|re|ve)(?![\p{Script=Latin}'])/u;

/**
 * A French or Italian elided word, or an Irish O, just before its apostrophe ("l'中国", "qu'il", "dell'意大利", "O'"):
 * the whole Latin word, with no Latin letter or digit before it.
 */
const elidedWord = /(?<![\p{Script=Latin}\p{N}\p{M}])(?:[cdjlmnstCDJLMNST]|[Qq]u|(?:[Jj]us|[Ll]ors|[Pp]uis)qu|[Aa]ll|[DdNn]ell|[Dd]all|[Ss]ull|O)$/u;

/**
 * Whether a straight single quote beside a Chinese or Japanese character is an apostrophe: after Han and before an
 * English contraction's ending ("中国's economy", "他'll"), or before Han with no single quotation open for it to close,
 * after a plural's s ("James'书", "the Joneses'家") or an elided word ("在l'中国", "dell'意大利").
 */
function isApostropheBesideHan(typed: string, index: number, singleOpen: boolean): boolean {
  const before = typed[index - 1] ?? '';
  if (eastAsianWide.test(before)) return contractionEnding.test(typed.slice(index + 1, index + 4));
  return !singleOpen && (/[sS]/.test(before) || elidedWord.test(typed.slice(Math.max(0, index - 7), index)));
}

const thin = '\u202f';

/**
 * A number's digits grouped by threes with typed spaces ("10 000", "1 500 000,5"): a first group of one to three digits,
 * not `0` followed by more, with no letter, digit or decimal mark before it, nor another number and a space (a telephone
 * number's "06 123 456"), then groups of exactly three digits. A year beside another number ("en 2024 2025") has four
 * digits, and is no group.
 */
const digitGroups = /(?<![\p{L}\p{N}.,]|\p{N}[ \u00a0])(?:0|[1-9]\d{0,2})(?:[ \u00a0]\d{3}(?!\p{N}))+/gu;

/**
 * Unit symbols a number is followed by ("3 h", "12 km", "30 °C", "20 €"): time, length, area, volume, mass,
 * temperature, power, energy, frequency, data, currency and the press's millions and billions ("3 Mds €"). A symbol
 * must end there ("3 s'est", "10 t-shirts" are no units), but may take ² or ³ ("50 m²").
 */
const unitSymbol =
  /(?:[µnmck]?m|[mcdh]?l|m?s|min|h|ha|[mk]?g|t|°[CF]?|[kMGT]?Wh?|[kM]?V|[kMG]?Hz|[kMGT]o|km\/h|Mds?|mds?|M(?!\.)|[€$£¥₽₺₹₩₪])[²³]?(?![\p{L}\p{N}\p{M}'’-])/u;

/** A number, from its first digit (not a letter's, as in "A320"), then a typed space and a unit symbol. */
const numberBeforeUnit = new RegExp(String.raw`((?<![\p{L}\p{N}.,\u202f])\p{N}(?:[\p{N}.,\u202f]*\p{N})?)[ \u00a0](?=${unitSymbol.source})`, 'gu');

/** A space typed between a number and `%` or `‰` ("81,0 %"). */
const numberBeforePercent = /(\p{N})[ \u00a0]([%‰])/gu;

/** The space typed between a number and its `%`, `‰` or unit symbol, replaced by `space`, a no-break space: no line breaks there. */
function numberSignSpacing(text: string, space: string): string {
  return text.replace(numberBeforePercent, `$1${space}$2`).replace(numberBeforeUnit, `$1${space}`);
}

/** A no-break space, as wide as the space typed, so that only the break changes (French sets a thin one). */
const noBreak = '\u00a0';

/** Text that `numberSignSpacing` can change: a digit and a typed space. */
const hasNumberSpace = /\p{N}[ \u00a0]/u;

/** Outside French: the space between a number and its sign made no-break (`numberSignSpacing`), as wide as typed. */
function numberSpacing(text: string): string {
  return hasNumberSpace.test(text) ? numberSignSpacing(text, noBreak) : text;
}

/**
 * The spaces of French numbers that a line must not break at, each replaced by a thin no-break space of the same
 * length: between the groups of a large number's digits ("10 000"), before `%` and `‰` ("6,4 %"), before a unit
 * ("3 h", "12 km", "10 h 30", "3 Mds $"). Over a paragraph's whole text, since a number and its sign are often in different runs
 * of it ("**6,4** %").
 */
function frenchNumberSpacing(text: string): string {
  return numberSignSpacing(
    text.replace(digitGroups, (number) => number.replace(/[ \u00a0]/g, thin)),
    thin,
  )
    .replace(/(\p{N}\u202fh)[ \u00a0](?=\d\d(?!\p{N}))/gu, `$1${thin}`)
    .replace(/(\u202f(?:Mds?|mds?|M))[ \u00a0](?=[€$£¥₽₺₹₩₪])/gu, `$1${thin}`);
}

/**
 * French spacing, which smartypants does not set: a thin no-break space inside
 * guillemets and before `; : ! ?`, replacing a space the author typed. A colon
 * or mark not followed by a space or the end ("10:30", "http://", "?q=") is left.
 * And the spaces of numbers (above).
 */
function frenchSpacing(text: string): string {
  return frenchNumberSpacing(
    text
      .replace(/«[ \u00a0\u202f]*/g, `«${thin}`)
      .replace(/[ \u00a0\u202f]*»/g, `${thin}»`)
      .replace(/(^|[^\s;:!?\u202f])[ \u00a0]?([;:!?])(?=$|[\s»"'’”.,…!?])/gu, `$1${thin}$2`),
  );
}

/**
 * Quotes are paired within chunks of about this many characters, cut between
 * blocks: retext's parser takes time that grows with the square of a run of text
 * it cannot cut into sentences, and a 5 MB article took 40 s.
 */
const defaultChunkSize = 32_768;

/** How much of the text before a chunk its quotes are paired with: a few sentences, far more than the neighbours a quote is decided by. */
const chunkContext = 1024;

/** The last `length` characters of the chunks before `index`. */
function textBefore(chunks: readonly string[], index: number, length: number): string {
  let text = '';
  for (let before = index - 1; before >= 0 && text.length < length; before--) text = `${chunks[before]}${text}`;
  return text.slice(-length);
}

const literals = new Set(['text', 'inlineCode']);
/** Blocks whose text starts afresh: a quote at their start always opens. */
const blocks = new Set(['paragraph', 'heading', 'tableCell']);

/**
 * Typographic quotes, dashes and ellipses in the body, by retext-smartypants,
 * as remark-smartypants applies them, in the marks of the article's language
 * (`lang`, from the reader through `file.data.lang`, or the option). remark-smartypants runs its second pass
 * through retext on every text node, which was a third of the time an article
 * took to parse; here that pass runs only on text it can change, for the same
 * result. Articles longer than a chunk (below) are paired chunk by chunk.
 */
export function remarkTypography(options: { chunkSize?: number; lang?: string } = {}) {
  const chunkSize = options.chunkSize ?? defaultChunkSize;
  return (tree: Root, file?: VFile) => {
    const lang = file?.data.lang;
    const typesetter = typesetterFor(options.lang ?? (typeof lang === 'string' ? lang : 'en'));
    const nodes: Nodes[] = [];
    // Each chunk's pieces, joined once: a string grown by thousands of appends took a millisecond to flatten.
    const chunks: string[][] = [[]];
    let chunkLength = 0;
    let length = 0;
    const blockStarts: number[] = [];
    const append = (piece: string) => {
      chunks.at(-1)?.push(piece);
      chunkLength += piece.length;
      length += piece.length;
    };
    const captions: (Image | ImageReference)[] = [];
    const htmlBlocks: Html[] = [];
    // Text inside an inline <code>, <kbd> or <samp> of raw HTML, and an address printed as its own link: kept as typed.
    const asTyped = new Set<Nodes>();
    let inlineCode = 0;
    visit(tree, (node, _index, parent) => {
      if (!parent) return;
      if (node.type === 'image' || node.type === 'imageReference') captions.push(node);
      if (node.type === 'html') {
        htmlBlocks.push(node);
        inlineCode = Math.max(0, inlineCode + literalDepthChange(node.value));
      }
      if (literals.has(node.type) && 'value' in node) {
        const typed = node.type === 'inlineCode' || inlineCode > 0 || (parent.type === 'link' && isAddress(node.value, parent.url));
        // Code keeps its characters, but takes part in quote pairing as a word.
        append(typed ? 'A'.repeat(node.value.length) : node.value);
        if (typed) asTyped.add(node);
        nodes.push(node);
      } else if (blocks.has(node.type)) {
        inlineCode = 0;
        if (chunkLength >= chunkSize) {
          chunks.push([]);
          chunkLength = 0;
        }
        blockStarts.push(length);
        append(' ');
        nodes.push(node);
      }
    });
    // Each chunk is followed by a space, as by the next block's, so its last quote sees what it would in the whole;
    // and preceded by the text before it, so its first quote does too ("a" then `..."` closes; `..."` alone opens).
    // Pairing quotes changes no length, so the context is cut off again by its length.
    const texts = chunks.map((pieces) => pieces.join(''));
    const paired = texts
      .map((chunk, index) => {
        if (!hasQuotes.test(chunk)) return chunk;
        const context = textBefore(texts, index, chunkContext);
        return String(typesetter.quotes.processSync(`${context}${chunk} `)).slice(context.length, -1);
      })
      .join('');
    const eastAsian = settleEastAsianQuotes(texts.join(''), paired, typesetter.double, typesetter.eastAsianSingle, blockStarts);
    const settled = typesetter.single ? settleSingles(eastAsian, typesetter.single) : eastAsian;
    // Numbers' spaces across runs of text ("**6,4** %"): each replaced by one character, so the nodes' slices hold.
    const quoted = typesetter.spaced ? frenchNumberSpacing(settled) : numberSpacing(settled);
    let start = 0;
    for (const node of nodes) {
      if (!('value' in node)) {
        start += 1;
        continue;
      }
      const end = start + node.value.length;
      if (node.type === 'text' && !asTyped.has(node)) node.value = withMarks(typesetter, quoted.slice(start, end));
      start = end;
    }
    // A picture's alt text and title (its caption in every edition) are text of their own, paired alone.
    const typeset = (value: string) => {
      const paired = hasQuotes.test(value)
        ? settleEastAsianQuotes(value, String(typesetter.quotes.processSync(` ${value} `)).slice(1, -1), typesetter.double, typesetter.eastAsianSingle)
        : value;
      return withMarks(typesetter, typesetter.single ? settleSingles(paired, typesetter.single) : paired);
    };
    for (const image of captions) {
      if (image.alt) image.alt = typeset(image.alt);
      if ('title' in image && image.title) image.title = typeset(image.title);
    }
    for (const html of htmlBlocks) html.value = typesetHtmlText(html.value, typeset);
  };
}

/** Elements whose text is code or not text: kept as typed. */
const literalElements = new Set(['code', 'kbd', 'pre', 'samp', 'script', 'style', 'textarea']);

/** How many code elements the tags of an inline HTML node open (+) or close (−). */
function literalDepthChange(value: string): number {
  let change = 0;
  for (const tag of value.matchAll(htmlTag)) {
    const name = tag[2]?.toLowerCase();
    if (name && !tag[3] && literalElements.has(name)) change += tag[1] ? -1 : 1;
  }
  return change;
}

/** Whether a link's text is its own address (`<https://example.com/a--b>`, a bare www. or e-mail address): printed, it must stay copyable. */
function isAddress(text: string, url: string): boolean {
  const bare = (value: string) => value.replace(/^(?:mailto:|https?:\/\/)/i, '');
  return bare(text) === bare(url);
}

/**
 * The text between the tags of raw HTML (a `<figcaption>`, a `<p>` of an HTML block), each stretch typeset alone as a
 * caption is; tags, comments and the text of code elements kept as typed. Inline tags in a paragraph are nodes of
 * their own, the words between them Markdown text: this changes only the text an HTML block holds.
 */
function typesetHtmlText(value: string, typeset: (text: string) => string): string {
  let literal = 0;
  let last = 0;
  let result = '';
  for (const tag of value.matchAll(htmlTag)) {
    const text = value.slice(last, tag.index);
    result += literal > 0 || !/\S/.test(text) ? text : typeset(text);
    result += tag[0];
    const name = tag[2]?.toLowerCase();
    if (name && !tag[3] && literalElements.has(name)) literal = Math.max(0, literal + (tag[1] ? -1 : 1));
    last = tag.index + tag[0].length;
  }
  if (last === 0) return value;
  const rest = value.slice(last);
  return result + (literal > 0 || !/\S/.test(rest) ? rest : typeset(rest));
}

/** Dashes, ellipses, French spacing and numbers' no-break spaces, on text whose quotes are set. */
function withMarks(typesetter: Typesetter, value: string): string {
  const marked = spacedDash(hasMarks.test(value) ? String(typesetter.marks.processSync(value)).replace(threeHyphens, '—') : value, typesetter.dash);
  return typesetter.spaced ? frenchSpacing(marked) : numberSpacing(marked);
}

/**
 * The marks around an inline quotation (`<q>`) at a depth of nesting: double outside, single inside, in the
 * article's language (French with its thin no-break spaces). Set as characters in every edition, as Pandoc's
 * HTML reader does: the browser's own marks for `<q>` reached neither the PDF, the DOCX nor the text.
 */
export function quotationMarks(lang: string, depth: number): readonly [string, string] {
  const marks = quoteMarksFor(lang) ?? { double: ['“', '”'], single: ['‘', '’'] };
  const [open, close] = depth % 2 === 0 ? marks.double : marks.single;
  return open === '«' && lang.toLowerCase().split('-')[0] === 'fr' ? [`«${thin}`, `${thin}»`] : [open, close];
}

/** Han, kana, Bopomofo, CJK punctuation and full-width forms: East Asian wide characters, Hangul apart (Korean spaces its words). */
const eastAsianWide = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}　-〿ー！-｠￠-￦]/u;

/**
 * A line break in the source between two East Asian wide characters is dropped, not made a space: Chinese and
 * Japanese have no spaces between words, and an editor who wraps the source's lines put one mid-sentence in every
 * edition ("東京都は新しい 政策"). As CSS Text's segment break rule and Pandoc's `east_asian_line_breaks`.
 */
export function remarkEastAsianLineBreaks() {
  return (tree: Root, file?: VFile) => {
    if (file && !eastAsianWide.test(String(file.value))) return;
    visit(
      tree,
      (node) => blocks.has(node.type),
      (block) => {
        const texts: { value: string }[] = [];
        visit(block, 'text', (text) => {
          texts.push(text);
        });
        texts.forEach((text, index) => {
          if (!text.value.includes('\n')) return;
          text.value = text.value.replace(/[ \t]*\n[ \t]*/g, (lineBreak: string, offset: number, whole: string) => {
            const before = [...whole.slice(Math.max(0, offset - 2), offset)].at(-1) ?? [...(texts[index - 1]?.value ?? '')].at(-1) ?? '';
            const after = [...whole.slice(offset + lineBreak.length, offset + lineBreak.length + 2)][0] ?? [...(texts[index + 1]?.value ?? '')][0] ?? '';
            return eastAsianWide.test(before) && eastAsianWide.test(after) ? '' : lineBreak;
          });
        });
        return SKIP;
      },
    );
  };
}

/** Typographic quotes, dashes and ellipses in a line of front matter (a title, a description), in the marks of the article's language. */
export function smartenLine(value: string, lang: string): string {
  const typesetter = typesetterFor(lang);
  // Chinese and Japanese quotes are paired first, as the body's are; `line` then sets the rest (it changes the length).
  const paired =
    (value.includes('"') || (typesetter.eastAsianSingle && value.includes("'"))) && eastAsianWide.test(value)
      ? settleEastAsianQuotes(value, String(typesetter.quotes.processSync(value)), typesetter.double, typesetter.eastAsianSingle)
      : value;
  const quoted = hasLineMarks.test(paired) ? String(typesetter.line.processSync(paired)).replace(threeHyphens, '—') : paired;
  const settled = spacedDash(typesetter.single ? settleSingles(quoted, typesetter.single) : quoted, typesetter.dash);
  return typesetter.spaced ? frenchSpacing(settled) : numberSpacing(settled);
}
