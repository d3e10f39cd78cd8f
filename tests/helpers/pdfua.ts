/**
 * An independent check of the machine-checkable conditions of PDF/UA-1 (ISO 14289-1), numbered
 * as the Matterhorn Protocol 1.1 numbers its failure conditions and tested as veraPDF's PDF/UA-1
 * validation profile states them. It reads the file through qpdf's JSON (qpdf's parser, not
 * pdfkit's, which writes our PDFs), parses the content streams itself and walks the structure
 * tree, the ParentTree, the annotations, the fonts and the XMP metadata.
 *
 * A condition the Matterhorn Protocol does not number (it only covers clause 7) is named
 * `UA1:<clause>-<test>` after ISO 14289-1 and veraPDF's test, or `PDF:<clause>` after the
 * ISO 32000-1 rule PDF/UA builds on.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DOMParser } from '@xmldom/xmldom';

const execFileAsync = promisify(execFile);

/** A failed condition: its Matterhorn number, the object it concerns ("12 0 R", "page 2"), and what is wrong. */
export interface Failure {
  readonly condition: string;
  readonly object: string;
  readonly message: string;
}

/** Checks a PDF file; resolves with every failed condition (none for a conforming file). */
export async function checkPdfUa(path: string): Promise<Failure[]> {
  return checkQpdfJson(await readQpdfJson(path));
}

/** qpdf's JSON of a file: every object, with streams decoded (Flate and the like) and inlined as base64. */
export async function readQpdfJson(path: string): Promise<QpdfJson> {
  const { stdout } = await execFileAsync('qpdf', ['--json=2', '--json-key=qpdf', '--decode-level=generalized', '--json-stream-data=inline', path, '-'], {
    maxBuffer: 1024 * 1024 * 1024,
  });
  return JSON.parse(stdout) as QpdfJson;
}

// ——— qpdf's JSON object model ———

/** A value as qpdf's JSON v2 writes it: "12 0 R" references, "/Name" names, "u:" text and "b:" hex strings. */
type Value = null | boolean | number | string | Value[] | Dict;
type Dict = { [key: string]: Value };
interface Stream {
  readonly ref: string;
  readonly dict: Dict;
  readonly data: Buffer;
}
interface QpdfObject {
  value?: Value;
  stream?: { dict: Dict; data?: string };
}
export interface QpdfJson {
  qpdf: [unknown, Record<string, QpdfObject>];
}

const referencePattern = /^\d+ \d+ R$/;
const isRef = (value: Value | undefined): value is string => typeof value === 'string' && referencePattern.test(value);
const isDict = (value: Value | undefined): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value);

class Document {
  private readonly objects: Record<string, QpdfObject>;
  private readonly streams = new Map<string, Stream>();

  constructor(json: QpdfJson) {
    this.objects = json.qpdf[1];
  }

  get trailer(): Dict {
    const trailer = this.objects.trailer?.value;
    return isDict(trailer) ? trailer : {};
  }

  /** Follows references until a direct value. */
  resolve(value: Value | undefined): Value | undefined {
    let current = value;
    for (let hops = 0; isRef(current) && hops < 32; hops++) {
      const object: QpdfObject | undefined = this.objects[`obj:${current}`];
      current = object?.stream ? object.stream.dict : object?.value;
    }
    return current;
  }

  dict(value: Value | undefined): Dict | undefined {
    const resolved = this.resolve(value);
    return isDict(resolved) ? resolved : undefined;
  }

  array(value: Value | undefined): Value[] {
    const resolved = this.resolve(value);
    return Array.isArray(resolved) ? resolved : [];
  }

  name(value: Value | undefined): string | undefined {
    const resolved = this.resolve(value);
    return typeof resolved === 'string' && resolved.startsWith('/') ? resolved.slice(1) : undefined;
  }

  number(value: Value | undefined): number | undefined {
    const resolved = this.resolve(value);
    return typeof resolved === 'number' ? resolved : undefined;
  }

  /** A text string's text ("u:" strings), or its bytes read as Latin-1 ("b:" strings). */
  text(value: Value | undefined): string | undefined {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') return undefined;
    if (resolved.startsWith('u:')) return resolved.slice(2);
    if (resolved.startsWith('b:')) return Buffer.from(resolved.slice(2), 'hex').toString('latin1');
    return undefined;
  }

  stream(value: Value | undefined): Stream | undefined {
    if (!isRef(value)) return undefined;
    const cached = this.streams.get(value);
    if (cached) return cached;
    const object = this.objects[`obj:${value}`]?.stream;
    if (!object) return undefined;
    const stream = { ref: value, dict: object.dict, data: Buffer.from(object.data ?? '', 'base64') };
    this.streams.set(value, stream);
    return stream;
  }

  /** Every dictionary among the objects (and stream dictionaries), with its reference. */
  *everyDict(): Generator<[string, Dict]> {
    for (const [key, object] of Object.entries(this.objects)) {
      const dict = object.stream?.dict ?? object.value;
      if (key.startsWith('obj:') && isDict(dict)) yield [key.slice(4), dict];
    }
  }

  /** The page objects in order, following the page tree. */
  pages(): string[] {
    const pages: string[] = [];
    const visit = (ref: Value | undefined, depth: number) => {
      const node = this.dict(ref);
      if (!node || !isRef(ref) || depth > 64) return;
      if (this.name(node['/Type']) === 'Pages' || '/Kids' in node) for (const kid of this.array(node['/Kids'])) visit(kid, depth + 1);
      else pages.push(ref);
    };
    visit(this.dict(this.trailer['/Root'])?.['/Pages'], 0);
    return pages;
  }

  /** The values of a number tree (ParentTree), by key. */
  numberTree(root: Value | undefined): Map<number, Value> {
    const entries = new Map<number, Value>();
    const visit = (node: Dict | undefined, depth: number) => {
      if (!node || depth > 64) return;
      const nums = this.array(node['/Nums']);
      for (let index = 0; index + 1 < nums.length; index += 2) {
        const key = nums[index];
        if (typeof key === 'number') entries.set(key, nums[index + 1] ?? null);
      }
      for (const kid of this.array(node['/Kids'])) visit(this.dict(kid), depth + 1);
    };
    visit(this.dict(root), 0);
    return entries;
  }
}

// ——— Structure types (ISO 32000-1, 14.8.4) ———

const standardTypes = new Set(
  (
    'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody ' +
    'Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'
  ).split(' '),
);

/** ISO 32000-1, 9.7.5.2, Table 118: the CMaps a reader knows by name. */
const predefinedCMaps = new Set(
  (
    'GB-EUC-H GB-EUC-V GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V GBKp-EUC-H GBKp-EUC-V GBK2K-H GBK2K-V UniGB-UCS2-H UniGB-UCS2-V ' +
    'UniGB-UTF16-H UniGB-UTF16-V B5pc-H B5pc-V HKscs-B5-H HKscs-B5-V ETen-B5-H ETen-B5-V ETenms-B5-H ETenms-B5-V CNS-EUC-H CNS-EUC-V ' +
    'UniCNS-UCS2-H UniCNS-UCS2-V UniCNS-UTF16-H UniCNS-UTF16-V 83pv-RKSJ-H 90ms-RKSJ-H 90ms-RKSJ-V 90msp-RKSJ-H 90msp-RKSJ-V ' +
    '90pv-RKSJ-H Add-RKSJ-H Add-RKSJ-V EUC-H EUC-V Ext-RKSJ-H Ext-RKSJ-V H V UniJIS-UCS2-H UniJIS-UCS2-V UniJIS-UCS2-HW-H ' +
    'UniJIS-UCS2-HW-V UniJIS-UTF16-H UniJIS-UTF16-V KSC-EUC-H KSC-EUC-V KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H KSCms-UHC-HW-V ' +
    'KSCpc-EUC-H UniKS-UCS2-H UniKS-UCS2-V UniKS-UTF16-H UniKS-UTF16-V Identity-H Identity-V'
  ).split(' '),
);

/** BCP 47-shaped, as veraPDF tests a Lang value (UA1:7.2-29). */
const languageTag = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

// ——— The structure tree ———

interface Element {
  readonly ref: string;
  readonly dict: Dict;
  /** The type after the RoleMap (the element's own type if it is standard or unmapped). */
  readonly type: string;
  readonly parent: Element | undefined;
  readonly children: Element[];
  /** Its kids in order: child elements and the keys (owner#mcid) of its marked content. */
  readonly kids: (Element | string)[];
  /** Language declared on the element or inherited from an ancestor. */
  readonly lang: string | undefined;
}

/** Where a marked-content sequence lives: a page, or a form XObject with its own StructParents. */
type Owner = string;
const mcidKey = (owner: Owner, mcid: number) => `${owner}#${mcid}`;

interface Tree {
  readonly elements: Element[];
  /** Marked content the structure tree refers to: owner#mcid → the elements that list it. */
  readonly markedContent: Map<string, Element[]>;
  /** Annotations and XObjects the structure tree refers to (OBJR): object → element. */
  readonly objects: Map<string, Element>;
}

class Checker {
  readonly failures: Failure[] = [];
  private readonly catalog: Dict;
  private readonly roleMap: Dict;
  private readonly catalogLang: string | undefined;
  private tree: Tree = { elements: [], markedContent: new Map(), objects: new Map() };
  private readonly parentTree: Map<number, Value>;
  /** Marked content met in the content streams: owner#mcid → where. */
  private readonly contentMcids = new Map<string, string>();
  /** Per font object: the character codes shown with it (rendering mode other than 3 only for the font program checks). */
  private readonly shownCodes = new Map<string, { codes: Set<number>; rendered: Set<number> }>();
  /** Form XObjects drawn, with how often and whether they hold MCIDs. */
  private readonly forms = new Map<string, { uses: number; hasMcids: boolean }>();
  private readonly reported = new Set<string>();
  /** The text of each marked-content sequence (owner#mcid), read through the fonts' ToUnicode and ActualText. */
  private readonly mcidTexts = new Map<string, string>();
  private readonly toUnicodes = new Map<string, Map<number, string>>();

  constructor(private readonly doc: Document) {
    this.catalog = doc.dict(doc.trailer['/Root']) ?? {};
    const structTreeRoot = doc.dict(this.catalog['/StructTreeRoot']);
    this.roleMap = doc.dict(structTreeRoot?.['/RoleMap']) ?? {};
    const lang = doc.text(this.catalog['/Lang']);
    this.catalogLang = lang === '' ? undefined : lang;
    this.parentTree = doc.numberTree(structTreeRoot?.['/ParentTree']);
  }

  fail(condition: string, object: string, message: string): void {
    const key = `${condition}|${object}|${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.failures.push({ condition, object, message });
  }

  run(): Failure[] {
    this.checkDocument();
    this.checkMetadata();
    this.readStructureTree();
    this.checkRoleMap();
    this.checkElements();
    this.checkHeadings();
    const pages = this.doc.pages();
    pages.forEach((page, index) => {
      this.checkContent(page, index + 1);
      this.checkAnnotations(page, index + 1);
    });
    this.checkMarkedContentLinks();
    this.checkFonts();
    this.checkForms();
    return this.failures;
  }

  // ——— Catalog, viewer preferences, optional content, embedded files, security ———

  private checkDocument(): void {
    const { doc, catalog } = this;
    const markInfo = doc.dict(catalog['/MarkInfo']);
    if (doc.resolve(markInfo?.['/Marked']) !== true) this.fail('UA1:6.2-1', 'catalog', 'The catalog has no MarkInfo dictionary with Marked true.');
    if (doc.resolve(markInfo?.['/Suspects']) === true) this.fail('01-007', 'catalog', 'MarkInfo has Suspects true.');
    if (!doc.dict(catalog['/StructTreeRoot'])) this.fail('UA1:7.1-11', 'catalog', 'The catalog has no StructTreeRoot: the file is not tagged.');
    const viewerPreferences = doc.dict(catalog['/ViewerPreferences']);
    const displayDocTitle = doc.resolve(viewerPreferences?.['/DisplayDocTitle']);
    if (displayDocTitle === undefined) this.fail('07-001', 'catalog', 'ViewerPreferences has no DisplayDocTitle entry.');
    else if (displayDocTitle !== true) this.fail('07-002', 'catalog', 'ViewerPreferences has DisplayDocTitle false.');
    const lang = doc.text(catalog['/Lang']);
    if (lang !== undefined && lang !== '' && !languageTag.test(lang)) this.fail('UA1:7.2-29', 'catalog', `The catalog's Lang "${lang}" is not a language tag.`);
    if (!this.catalogLang && doc.dict(catalog['/Outlines'])?.['/First'] !== undefined)
      this.fail('11-003', 'catalog', 'The document has an outline but no Lang in the catalog, so the language of the outline entries is unknown.');

    const ocProperties = doc.dict(catalog['/OCProperties']);
    if (ocProperties) {
      const hasName = (config: Dict | undefined) => (doc.text(config?.['/Name']) ?? '') !== '';
      const configs = doc.array(ocProperties['/Configs']).map((config) => doc.dict(config));
      const defaultConfig = doc.dict(ocProperties['/D']);
      if (!hasName(defaultConfig)) this.fail('20-002', 'catalog', 'The default optional content configuration (D) has no Name.');
      if (configs.some((config) => !hasName(config))) this.fail('20-001', 'catalog', 'An optional content configuration in Configs has no Name.');
      if ([defaultConfig, ...configs].some((config) => config && '/AS' in config))
        this.fail('20-003', 'catalog', 'An optional content configuration has an AS entry.');
    }
    for (const [ref, dict] of doc.everyDict()) {
      if ('/EF' in dict && ((doc.text(dict['/F']) ?? '') === '' || (doc.text(dict['/UF']) ?? '') === ''))
        this.fail('21-001', ref, 'The file specification of an embedded file lacks F or UF.');
      if (this.doc.name(dict['/Subtype']) === 'Form' && this.doc.name(dict['/Type']) !== 'Annot' && '/Ref' in dict)
        this.fail('30-001', ref, 'A reference XObject is present.');
    }
    const encrypt = doc.dict(doc.trailer['/Encrypt']);
    if (encrypt) {
      const permissions = doc.number(encrypt['/P']);
      if (permissions === undefined) this.fail('26-001', 'trailer', 'The file is encrypted but its encryption dictionary has no P entry.');
      else if ((permissions & 512) === 0)
        this.fail('26-002', 'trailer', 'The file is encrypted and forbids extracting content for accessibility (bit 10 of P).');
    }
    const xfa = doc.dict(catalog['/AcroForm'])?.['/XFA'];
    const xfaStreams = Array.isArray(doc.resolve(xfa)) ? doc.array(xfa).filter(isRef) : isRef(xfa) ? [xfa] : [];
    if (xfaStreams.some((ref) => /<dynamicRender>\s*required\s*<\/dynamicRender>/.test(doc.stream(ref)?.data.toString('utf8') ?? '')))
      this.fail('25-001', 'catalog', 'The XFA form has dynamicRender "required".');
  }

  // ——— XMP metadata ———

  private checkMetadata(): void {
    const metadata = this.doc.stream(this.catalog['/Metadata']);
    if (!metadata) {
      this.fail('06-001', 'catalog', 'The catalog has no XMP metadata stream.');
      return;
    }
    const xml = metadata.data.toString('utf8');
    const parsed = new DOMParser({ onError: () => {} }).parseFromString(xml.replace(/^\uFEFF/, ''), 'text/xml');
    const pdfuaNs = 'http://www.aiim.org/pdfua/ns/id/';
    const dcNs = 'http://purl.org/dc/elements/1.1/';
    const descriptions = [...parsed.getElementsByTagNameNS('http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'Description')];
    const parts = [
      ...[...parsed.getElementsByTagNameNS(pdfuaNs, 'part')].map((element) => ({ value: element.textContent ?? '', prefix: element.prefix })),
      ...descriptions.flatMap((element) => {
        const attribute = element.getAttributeNodeNS(pdfuaNs, 'part');
        return attribute ? [{ value: attribute.value, prefix: attribute.prefix }] : [];
      }),
    ];
    const part = parts[0];
    if (!part) this.fail('06-002', metadata.ref, 'The XMP metadata has no PDF/UA identifier (pdfuaid:part).');
    else {
      if (part.value.trim() !== '1') this.fail('UA1:5-2', metadata.ref, `pdfuaid:part is "${part.value.trim()}", not 1.`);
      if (part.prefix !== 'pdfuaid') this.fail('UA1:5-3', metadata.ref, `The PDF/UA identifier's prefix is "${part.prefix}", not pdfuaid.`);
    }
    const titles = [...parsed.getElementsByTagNameNS(dcNs, 'title')].filter((element) => (element.textContent ?? '').trim() !== '');
    if (titles.length === 0) this.fail('06-003', metadata.ref, 'The XMP metadata has no dc:title.');
    if (!this.catalogLang && /xml:lang\s*=\s*["']x-default["']/.test(xml))
      this.fail('11-006', metadata.ref, 'The XMP metadata has x-default language alternatives but the catalog has no Lang.');
  }

  // ——— The structure tree ———

  /** The type an element's /S has after the RoleMap, following chains (where a circular or unterminated chain stops). */
  private mappedType(type: string): string {
    let current = type;
    const seen = new Set<string>();
    while (!standardTypes.has(current) && !seen.has(current)) {
      seen.add(current);
      const next = this.doc.name(this.roleMap[`/${current}`]);
      if (!next) break;
      current = next;
    }
    return current;
  }

  private checkRoleMap(): void {
    for (const [key, value] of Object.entries(this.roleMap)) {
      const type = key.slice(1);
      if (standardTypes.has(type)) {
        this.fail('02-004', 'RoleMap', `The standard type ${type} is remapped to ${this.doc.name(value)}.`);
        continue;
      }
      const seen = new Set<string>([type]);
      let current = this.doc.name(value);
      while (current && !standardTypes.has(current) && !seen.has(current)) {
        seen.add(current);
        current = this.doc.name(this.roleMap[`/${current}`]);
      }
      if (current && seen.has(current)) this.fail('02-003', 'RoleMap', `The mapping of ${type} is circular (through ${current}).`);
    }
  }

  private readStructureTree(): void {
    const { doc } = this;
    const root = doc.dict(this.catalog['/StructTreeRoot']);
    if (!root) return;
    const elements: Element[] = [];
    const byRef = new Map<string, Element>();
    const markedContent = new Map<string, Element[]>();
    const objects = new Map<string, Element>();
    const addMarkedContent = (key: string, element: Element) => {
      const list = markedContent.get(key) ?? [];
      list.push(element);
      markedContent.set(key, list);
    };
    const visit = (ref: Value, parent: Element | undefined, page: string | undefined, depth: number) => {
      const dict = doc.dict(ref);
      if (!dict || !isRef(ref) || depth > 256) return;
      if (byRef.has(ref)) {
        this.fail('PDF:14.7.2', ref, 'The structure element is the child of more than one element.');
        return;
      }
      const ownType = doc.name(dict['/S']) ?? '';
      const ownLang = doc.text(dict['/Lang']);
      if (ownLang !== undefined && ownLang !== '' && !languageTag.test(ownLang)) this.fail('UA1:7.2-29', ref, `Lang "${ownLang}" is not a language tag.`);
      const element: Element = {
        ref,
        dict,
        type: this.mappedType(ownType),
        parent,
        children: [],
        kids: [],
        lang: ownLang || parent?.lang,
      };
      elements.push(element);
      byRef.set(ref, element);
      parent?.children.push(element);
      parent?.kids.push(element);
      if (!('/P' in dict)) this.fail('UA1:7.1-12', ref, `The ${ownType} element has no P (parent) entry.`);
      if (!standardTypes.has(element.type)) this.fail('02-001', ref, `The type ${ownType} is not standard and the RoleMap does not map it to a standard type.`);
      const elementPage = isRef(dict['/Pg']) ? dict['/Pg'] : page;
      const kids = doc.resolve(dict['/K']);
      for (const kid of Array.isArray(kids) ? kids : kids === undefined ? [] : [dict['/K'] as Value]) {
        const resolved = doc.resolve(kid);
        if (typeof resolved === 'number') {
          if (elementPage) {
            addMarkedContent(mcidKey(elementPage, resolved), element);
            element.kids.push(mcidKey(elementPage, resolved));
          } else this.fail('PDF:14.7.4.4', ref, `The element lists MCID ${resolved} but neither it nor an ancestor has a Pg.`);
        } else if (isDict(resolved) && doc.name(resolved['/Type']) === 'MCR') {
          const owner = isRef(resolved['/Stm']) ? resolved['/Stm'] : isRef(resolved['/Pg']) ? resolved['/Pg'] : elementPage;
          const mcid = doc.number(resolved['/MCID']);
          if (owner && mcid !== undefined) {
            addMarkedContent(mcidKey(owner, mcid), element);
            element.kids.push(mcidKey(owner, mcid));
          }
        } else if (isDict(resolved) && doc.name(resolved['/Type']) === 'OBJR') {
          const target = resolved['/Obj'];
          if (isRef(target)) objects.set(target, element);
        } else if (isDict(resolved) && isRef(kid)) {
          visit(kid, element, elementPage, depth + 1);
        }
      }
    };
    const rootKids = doc.resolve(root['/K']);
    for (const kid of Array.isArray(rootKids) ? rootKids : rootKids === undefined ? [] : [root['/K'] as Value]) visit(kid, undefined, undefined, 0);
    this.tree = { elements, markedContent, objects };
  }

  // ——— Element rules: tables, lists, TOC, figures, formulas, notes ———

  /** The attribute value of an element's owner (Table, List…) attributes, from A or from its classes (C). */
  private attribute(element: Element, owner: string, key: string): Value | undefined {
    const { doc } = this;
    const classMap = doc.dict(doc.dict(this.catalog['/StructTreeRoot'])?.['/ClassMap']) ?? {};
    const fromList = (list: Value | undefined): Dict[] => {
      const resolved = doc.resolve(list);
      return (Array.isArray(resolved) ? resolved : [list ?? null]).flatMap((item) => {
        const dict = doc.dict(item);
        return dict ? [dict] : [];
      });
    };
    const classes = doc.resolve(element.dict['/C']);
    const classNames = (Array.isArray(classes) ? classes : [element.dict['/C'] ?? null]).flatMap((name) => {
      const className = doc.name(name);
      return className ? [className] : [];
    });
    const attributes = [...fromList(element.dict['/A']), ...classNames.flatMap((name) => fromList(classMap[`/${name}`]))];
    return attributes.find((attributes) => doc.name(attributes['/O']) === owner && key in attributes)?.[key];
  }

  private kidTypes(element: Element): string[] {
    return element.children.map((child) => child.type);
  }

  private checkElements(): void {
    const { doc } = this;
    const noteIds = new Map<string, number>();
    for (const element of this.tree.elements) {
      const { ref, type } = element;
      const kids = this.kidTypes(element);
      const parentType = element.parent?.type;
      const table = (message: string) => this.fail('09-004', ref, message);
      const list = (message: string) => this.fail('09-005', ref, message);
      switch (type) {
        case 'Table': {
          const others = kids.filter((kid) => !['TR', 'THead', 'TBody', 'TFoot', 'Caption'].includes(kid));
          if (others.length > 0) table(`Table contains ${others.join(', ')}; it may contain only TR, THead, TBody, TFoot and Caption.`);
          const count = (kind: string) => kids.filter((kid) => kid === kind).length;
          if (count('THead') > 1) table('Table contains more than one THead.');
          if (count('TFoot') > 1) table('Table contains more than one TFoot.');
          if ((count('THead') > 0 || count('TFoot') > 0) && count('TBody') === 0) table('Table has a THead or TFoot but no TBody.');
          if (count('Caption') > 1) table('Table contains more than one Caption.');
          if (kids.slice(1, -1).includes('Caption')) table('Table has a Caption that is neither its first nor its last kid.');
          this.checkTableHeaders(element);
          this.checkTableGrid(element);
          break;
        }
        case 'TR':
          if (!['Table', 'THead', 'TBody', 'TFoot'].includes(parentType ?? ''))
            table(`TR is inside ${parentType ?? 'nothing'}, not a Table, THead, TBody or TFoot.`);
          if (kids.some((kid) => kid !== 'TH' && kid !== 'TD'))
            table(`TR contains ${kids.filter((kid) => kid !== 'TH' && kid !== 'TD').join(', ')}; it may contain only TH and TD.`);
          break;
        case 'THead':
        case 'TBody':
        case 'TFoot':
          if (parentType !== 'Table') table(`${type} is inside ${parentType ?? 'nothing'}, not a Table.`);
          if (kids.some((kid) => kid !== 'TR')) table(`${type} contains ${kids.filter((kid) => kid !== 'TR').join(', ')}; it may contain only TR.`);
          break;
        case 'TH':
        case 'TD':
          if (parentType !== 'TR') table(`${type} is inside ${parentType ?? 'nothing'}, not a TR.`);
          break;
        case 'L': {
          const others = kids.filter((kid) => !['L', 'LI', 'Caption'].includes(kid));
          if (others.length > 0) list(`L contains ${others.join(', ')}; it may contain only L, LI and Caption.`);
          if (kids.slice(1).includes('Caption')) list('L has a Caption that is not its first kid.');
          break;
        }
        case 'LI':
          if (parentType !== 'L') list(`LI is inside ${parentType ?? 'nothing'}, not an L.`);
          if (kids.some((kid) => kid !== 'Lbl' && kid !== 'LBody'))
            list(`LI contains ${kids.filter((kid) => kid !== 'Lbl' && kid !== 'LBody').join(', ')}; it may contain only Lbl and LBody.`);
          break;
        case 'LBody':
          if (parentType !== 'LI') list(`LBody is inside ${parentType ?? 'nothing'}, not an LI.`);
          break;
        case 'TOC':
          if (kids.some((kid) => !['TOC', 'TOCI', 'Caption'].includes(kid))) this.fail('09-006', ref, 'TOC may contain only TOC, TOCI and Caption.');
          if (kids.slice(1).includes('Caption')) this.fail('09-006', ref, 'TOC has a Caption that is not its first kid.');
          break;
        case 'TOCI':
          if (parentType !== 'TOC') this.fail('09-006', ref, `TOCI is inside ${parentType ?? 'nothing'}, not a TOC.`);
          break;
        case 'Figure':
        case 'Formula': {
          const alt = doc.text(element.dict['/Alt']);
          if ((alt === undefined || alt === '') && doc.text(element.dict['/ActualText']) === undefined)
            this.fail(type === 'Figure' ? '13-004' : '17-002', ref, `${type} has neither Alt nor ActualText.`);
          break;
        }
        case 'Note': {
          const id = doc.text(element.dict['/ID']);
          if (!id) this.fail('19-003', ref, 'Note has no ID.');
          else noteIds.set(id, (noteIds.get(id) ?? 0) + 1);
          break;
        }
      }
      if (kids.filter((kid) => kid === 'H').length > 1) this.fail('14-006', ref, 'The element has more than one H child.');
      if (!this.catalogLang && !element.lang)
        for (const key of ['/Alt', '/ActualText', '/E'])
          if (doc.text(element.dict[key]) !== undefined)
            this.fail('11-002', ref, `The language of ${key.slice(1)} cannot be determined (no Lang on it, an ancestor or the catalog).`);
    }
    for (const [id, count] of noteIds) if (count > 1) this.fail('19-004', 'structure tree', `${count} Note elements share the ID "${id}".`);
  }

  /** 09-004 as veraPDF tests it (UA1:7.2-41, 7.2-42): with their row and column spans, the cells fill a rectangle. */
  private checkTableGrid(table: Element): void {
    const rows = table.children.flatMap((child) =>
      child.type === 'TR' ? [child] : ['THead', 'TBody', 'TFoot'].includes(child.type) ? child.children.filter((row) => row.type === 'TR') : [],
    );
    const span = (cell: Element, key: string) => Math.max(1, Math.floor(this.doc.number(this.attribute(cell, 'Table', key)) ?? 1));
    const taken: Set<number>[] = rows.map(() => new Set<number>());
    rows.forEach((row, rowIndex) => {
      let column = 0;
      for (const cell of row.children.filter((child) => child.type === 'TH' || child.type === 'TD')) {
        while (taken[rowIndex]?.has(column)) column++;
        const rowSpan = span(cell, '/RowSpan');
        const colSpan = span(cell, '/ColSpan');
        if (rowIndex + rowSpan > rows.length) this.fail('09-004', cell.ref, `The cell spans ${rowSpan} rows from row ${rowIndex + 1} of ${rows.length}.`);
        for (let down = rowIndex; down < Math.min(rows.length, rowIndex + rowSpan); down++)
          for (let across = column; across < column + colSpan; across++) taken[down]?.add(across);
        column += colSpan;
      }
    });
    const widths = taken.map((columns) => (columns.size === 0 ? 0 : Math.max(...columns) + 1));
    const holes = taken.findIndex((columns, index) => columns.size !== widths[index]);
    if (holes >= 0) this.fail('09-004', rows[holes]?.ref ?? table.ref, `Row ${holes + 1} of the table has a gap between its cells.`);
    const uneven = widths.findIndex((width) => width !== widths[0]);
    if (uneven >= 0)
      this.fail('09-004', rows[uneven]?.ref ?? table.ref, `Row ${uneven + 1} of the table has ${widths[uneven]} columns, row 1 has ${widths[0]}.`);
  }

  /** 15-003: in a table whose cells do not name their headers (Headers), every TH has a Scope. */
  private checkTableHeaders(table: Element): void {
    const cells: Element[] = [];
    const collect = (element: Element, depth: number) => {
      for (const child of element.children) {
        if (child.type === 'TH' || child.type === 'TD') cells.push(child);
        else if (child.type !== 'Table' && depth < 8) collect(child, depth + 1);
      }
    };
    collect(table, 0);
    if (cells.some((cell) => this.attribute(cell, 'Table', '/Headers') !== undefined)) return;
    for (const cell of cells) {
      if (cell.type !== 'TH') continue;
      const scope = this.doc.name(this.attribute(cell, 'Table', '/Scope'));
      if (!scope || !['Row', 'Column', 'Both'].includes(scope))
        this.fail('15-003', cell.ref, 'TH has no Scope attribute (Row, Column or Both), and the table does not use Headers.');
    }
  }

  /** Heading levels in reading (tree) order: the first is H1, none skips a level, H and Hn are not mixed. */
  private checkHeadings(): void {
    let previous = 0;
    let usesH = false;
    let usesHn = false;
    for (const element of this.tree.elements) {
      if (element.type === 'H') usesH = true;
      const level = /^H([1-6])$/.exec(element.type)?.[1];
      if (!level) continue;
      usesHn = true;
      const current = Number(level);
      if (previous === 0 && current !== 1) this.fail('14-002', element.ref, `The first numbered heading is H${current}, not H1.`);
      else if (current > previous + 1) this.fail('14-003', element.ref, `H${current} follows H${previous}: level ${previous + 1} is skipped.`);
      previous = current;
    }
    if (usesH && usesHn) this.fail('14-007', 'structure tree', 'The document uses both H and H1–H6 headings.');
  }

  // ——— Content streams ———

  private checkContent(page: string, pageNumber: number): void {
    const pageDict = this.doc.dict(page) ?? {};
    const contents = this.doc.resolve(pageDict['/Contents']);
    const streams = (Array.isArray(contents) ? contents : [pageDict['/Contents'] ?? null]).flatMap((ref) => {
      const stream = this.doc.stream(ref ?? null);
      return stream ? [stream.data] : [];
    });
    const data = Buffer.concat(streams.flatMap((stream) => [stream, Buffer.from('\n')]));
    const resources = this.inheritedResources(page);
    new ContentWalker(this, { owner: page, where: `page ${pageNumber}`, structParents: this.doc.number(pageDict['/StructParents']) }).walk(data, resources, []);
  }

  private inheritedResources(page: string): Dict {
    let node = this.doc.dict(page);
    for (let depth = 0; node && depth < 64; depth++) {
      const resources = this.doc.dict(node['/Resources']);
      if (resources) return resources;
      node = this.doc.dict(node['/Parent']);
    }
    return {};
  }

  /** Called by the content walker for each marked-content identifier it meets. */
  noteMcid(owner: Owner, mcid: number, where: string, structParents: number | undefined): void {
    const key = mcidKey(owner, mcid);
    if (this.contentMcids.has(key)) this.fail('PDF:14.7.4.4', where, `MCID ${mcid} marks more than one marked-content sequence.`);
    this.contentMcids.set(key, where);
    const entries = structParents === undefined ? undefined : this.doc.resolve(this.parentTree.get(structParents));
    const fromParentTree = Array.isArray(entries) ? entries[mcid] : undefined;
    const listing = this.tree.markedContent.get(key) ?? [];
    if (structParents === undefined) this.fail('01-005', where, `MCID ${mcid} is used but its page or form XObject has no StructParents.`);
    else if (!isRef(fromParentTree)) this.fail('01-005', where, `MCID ${mcid} has no entry in the ParentTree (StructParents ${structParents}).`);
    else if (!listing.some((element) => element.ref === fromParentTree))
      this.fail('01-005', where, `MCID ${mcid}: the ParentTree names ${fromParentTree}, which is not an element of the structure tree that lists this MCID.`);
  }

  /** The element a marked-content sequence belongs to, for its language. */
  elementOf(owner: Owner, mcid: number): Element | undefined {
    return this.tree.markedContent.get(mcidKey(owner, mcid))?.[0];
  }

  /** Adds text shown (or an ActualText met) inside the marked-content sequence `mcid` of `owner`. */
  noteText(owner: Owner, mcid: number, text: string): void {
    const key = mcidKey(owner, mcid);
    this.mcidTexts.set(key, (this.mcidTexts.get(key) ?? '') + text);
  }

  /** The text a font's codes stand for, by its ToUnicode CMap ('' for a code it does not map). */
  unicodeOf(font: string, codes: readonly number[]): string {
    let map = this.toUnicodes.get(font);
    if (!map) {
      map = parseToUnicode(this.doc.stream(this.doc.dict(font)?.['/ToUnicode'])?.data.toString('latin1') ?? '');
      this.toUnicodes.set(font, map);
    }
    return codes.map((code) => map.get(code) ?? '').join('');
  }

  /**
   * The structure tree in reading order: each element with the text read through it, as a screen reader
   * reads it (an element's ActualText stands for everything inside it; marked content's ActualText for its glyphs).
   */
  readingOrder(): ReadingOrderEntry[] {
    const entries: ReadingOrderEntry[] = [];
    const textOf = (element: Element, depth: number): string => {
      const entry = { type: element.type, depth, text: '' };
      entries.push(entry);
      const kidsText = element.kids.map((kid) => (typeof kid === 'string' ? (this.mcidTexts.get(kid) ?? '') : textOf(kid, depth + 1))).join('');
      entry.text = this.doc.text(element.dict['/ActualText']) ?? kidsText;
      return entry.text;
    };
    for (const element of this.tree.elements) if (!element.parent) textOf(element, 0);
    return entries;
  }

  get documentLang(): string | undefined {
    return this.catalogLang;
  }

  noteCodes(font: string, codes: number[], rendered: boolean): void {
    const entry = this.shownCodes.get(font) ?? { codes: new Set<number>(), rendered: new Set<number>() };
    for (const code of codes) {
      entry.codes.add(code);
      if (rendered) entry.rendered.add(code);
    }
    this.shownCodes.set(font, entry);
  }

  noteForm(form: string, hasMcids: boolean): void {
    const entry = this.forms.get(form) ?? { uses: 0, hasMcids: false };
    entry.uses += 1;
    entry.hasMcids ||= hasMcids;
    this.forms.set(form, entry);
  }

  stream(ref: Value | undefined): Stream | undefined {
    return this.doc.stream(ref);
  }

  get document(): Document {
    return this.doc;
  }

  private checkForms(): void {
    for (const [form, { uses, hasMcids }] of this.forms)
      if (hasMcids && uses > 1) this.fail('30-002', form, `The form XObject holds MCIDs and is drawn ${uses} times.`);
  }

  /** Marked content the structure tree lists must exist, once. */
  private checkMarkedContentLinks(): void {
    for (const [key, elements] of this.tree.markedContent) {
      const [owner, mcid] = key.split('#');
      if (elements.length > 1)
        this.fail(
          'PDF:14.7.4.4',
          elements[1]?.ref ?? '',
          `MCID ${mcid} of ${owner} is listed by ${elements.length} elements (${elements.map((element) => element.ref).join(', ')}).`,
        );
      if (!this.contentMcids.has(key))
        this.fail('PDF:14.7.4.4', elements[0]?.ref ?? '', `The element lists MCID ${mcid} of ${owner}, which no marked content has.`);
    }
  }

  // ——— Annotations ———

  private checkAnnotations(page: string, pageNumber: number): void {
    const { doc } = this;
    const pageDict = doc.dict(page) ?? {};
    const annotations = doc.array(pageDict['/Annots']).filter(isRef);
    if (annotations.length === 0) return;
    const tabs = doc.name(pageDict['/Tabs']);
    if (tabs === undefined) this.fail('28-008', page, `Page ${pageNumber} has annotations but no Tabs entry.`);
    else if (tabs !== 'S') this.fail('28-009', page, `Page ${pageNumber} has annotations and Tabs /${tabs}, not /S.`);
    const cropBox = doc.array(pageDict['/CropBox'] ?? pageDict['/MediaBox']).map((value) => doc.number(value) ?? 0);
    for (const ref of annotations) {
      const annotation = doc.dict(ref) ?? {};
      const subtype = doc.name(annotation['/Subtype']) ?? '';
      const hidden = ((doc.number(annotation['/F']) ?? 0) & 2) === 2;
      const rect = doc.array(annotation['/Rect']).map((value) => doc.number(value) ?? 0);
      const outside =
        cropBox.length === 4 &&
        rect.length === 4 &&
        (Math.max(rect[0] ?? 0, rect[2] ?? 0) < Math.min(cropBox[0] ?? 0, cropBox[2] ?? 0) ||
          Math.min(rect[0] ?? 0, rect[2] ?? 0) > Math.max(cropBox[0] ?? 0, cropBox[2] ?? 0) ||
          Math.max(rect[1] ?? 0, rect[3] ?? 0) < Math.min(cropBox[1] ?? 0, cropBox[3] ?? 0) ||
          Math.min(rect[1] ?? 0, rect[3] ?? 0) > Math.max(cropBox[1] ?? 0, cropBox[3] ?? 0));
      if (subtype === 'TrapNet' && !hidden && !outside) this.fail('28-007', ref, 'An annotation of subtype TrapNet is present.');
      if (hidden || outside) continue;
      const element = this.annotationElement(ref, annotation);
      const contents = doc.text(annotation['/Contents']);
      const described = (contents ?? '') !== '' || (doc.text(element?.dict['/Alt']) ?? '') !== '';
      if (contents && !this.catalogLang && !element?.lang && !doc.text(annotation['/Lang']))
        this.fail('11-004', ref, 'The language of the annotation Contents cannot be determined.');
      if (subtype === 'Link') {
        if (element?.type !== 'Link')
          this.fail(
            '28-011',
            ref,
            element
              ? `The link annotation belongs to a ${element.type} element, not a Link.`
              : 'The link annotation is not in a Link element (no OBJR and StructParent to one).',
          );
        if ((contents ?? '') === '') this.fail('28-012', ref, 'The link annotation has no Contents (alternate description).');
      } else if (subtype === 'Widget') {
        if (element?.type !== 'Form') this.fail('28-010', ref, 'The widget annotation is not in a Form element.');
      } else if (subtype === 'PrinterMark') {
        if (element || '/StructParent' in annotation) this.fail('28-017', ref, 'A PrinterMark annotation is in the logical structure.');
      } else {
        if (element?.type !== 'Annot') this.fail('28-002', ref, `The ${subtype} annotation is not a direct child of an Annot element.`);
        if (!described) this.fail('28-004', ref, `The ${subtype} annotation has neither Contents nor an Alt on its element.`);
      }
    }
  }

  /** The element an annotation belongs to: its StructParent's entry in the ParentTree, which must list it with an OBJR. */
  private annotationElement(ref: string, annotation: Dict): Element | undefined {
    const key = this.doc.number(annotation['/StructParent']);
    const fromParentTree = key === undefined ? undefined : this.parentTree.get(key);
    const viaObjr = this.tree.objects.get(ref);
    if (!viaObjr || !isRef(fromParentTree) || fromParentTree !== viaObjr.ref) return undefined;
    return viaObjr;
  }

  // ——— Fonts ———

  private checkFonts(): void {
    for (const [ref, { codes, rendered }] of this.shownCodes) new FontCheck(this, ref).run(codes, rendered);
  }
}

// ——— Content stream parsing ———

type Operand = number | boolean | null | { name: string } | { bytes: Buffer } | Operand[] | { dict: Record<string, Operand> };

const whitespace = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const delimiters = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** A tokenizer for content streams (ISO 32000-1, 7.2 and 7.8.2): operands, then their operator. */
class ContentLexer {
  position = 0;
  constructor(private readonly data: Buffer) {}

  private skipSpace(): void {
    const { data } = this;
    while (this.position < data.length) {
      const byte = data[this.position] ?? 0;
      if (whitespace.has(byte)) this.position++;
      else if (byte === 0x25) while (this.position < data.length && data[this.position] !== 0x0a && data[this.position] !== 0x0d) this.position++;
      else break;
    }
  }

  /** The next operand, or the next operator as a string; undefined at the end. */
  next(): Operand | string | undefined {
    this.skipSpace();
    const { data } = this;
    if (this.position >= data.length) return undefined;
    const byte = data[this.position] ?? 0;
    if (byte === 0x2f) {
      const start = ++this.position;
      while (this.position < data.length && !whitespace.has(data[this.position] ?? 0) && !delimiters.has(data[this.position] ?? 0)) this.position++;
      return {
        name: data
          .subarray(start, this.position)
          .toString('latin1')
          .replace(/#([0-9a-fA-F]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16))),
      };
    }
    if (byte === 0x28) return { bytes: this.literalString() };
    if (byte === 0x3c && data[this.position + 1] === 0x3c) {
      this.position += 2;
      const dict: Record<string, Operand> = {};
      for (;;) {
        this.skipSpace();
        if (this.position >= data.length) break;
        if (data[this.position] === 0x3e && data[this.position + 1] === 0x3e) {
          this.position += 2;
          break;
        }
        const key = this.next();
        const value = this.next();
        if (typeof key === 'object' && key !== null && 'name' in key && typeof value !== 'string' && value !== undefined) dict[key.name] = value;
      }
      return { dict };
    }
    if (byte === 0x3c) {
      const end = data.indexOf(0x3e, this.position);
      const hex = data
        .subarray(this.position + 1, end < 0 ? data.length : end)
        .toString('latin1')
        .replace(/[^0-9a-fA-F]/g, '');
      this.position = end < 0 ? data.length : end + 1;
      return { bytes: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex') };
    }
    if (byte === 0x5b) {
      this.position++;
      const array: Operand[] = [];
      for (;;) {
        this.skipSpace();
        if (this.position >= data.length) break;
        if (data[this.position] === 0x5d) {
          this.position++;
          break;
        }
        const item = this.next();
        if (item !== undefined && typeof item !== 'string') array.push(item);
      }
      return array;
    }
    if (byte === 0x5d || byte === 0x3e || byte === 0x7b || byte === 0x7d || byte === 0x29) {
      this.position++;
      return this.next();
    }
    const start = this.position;
    while (this.position < data.length && !whitespace.has(data[this.position] ?? 0) && !delimiters.has(data[this.position] ?? 0)) this.position++;
    const word = data.subarray(start, this.position).toString('latin1');
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return Number(word);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return word;
  }

  private literalString(): Buffer {
    const { data } = this;
    const bytes: number[] = [];
    let depth = 0;
    this.position++;
    while (this.position < data.length) {
      const byte = data[this.position++] ?? 0;
      if (byte === 0x5c) {
        const escaped = data[this.position++] ?? 0;
        const simple: Record<number, number> = { 110: 0x0a, 114: 0x0d, 116: 0x09, 98: 0x08, 102: 0x0c };
        if (escaped >= 0x30 && escaped <= 0x37) {
          let octal = escaped - 0x30;
          for (let digits = 1; digits < 3 && (data[this.position] ?? 0) >= 0x30 && (data[this.position] ?? 0) <= 0x37; digits++)
            octal = octal * 8 + ((data[this.position++] ?? 0) - 0x30);
          bytes.push(octal & 0xff);
        } else if (escaped === 0x0d) {
          if (data[this.position] === 0x0a) this.position++;
        } else if (escaped !== 0x0a) bytes.push(simple[escaped] ?? escaped);
      } else if (byte === 0x28) {
        depth++;
        bytes.push(byte);
      } else if (byte === 0x29) {
        if (depth === 0) break;
        depth--;
        bytes.push(byte);
      } else bytes.push(byte);
    }
    return Buffer.from(bytes);
  }

  /** Skips an inline image's data, after its ID operator, to just past EI. */
  skipInlineImage(): void {
    const { data } = this;
    let position = this.position + 1;
    for (;;) {
      const found = data.indexOf('EI', position, 'latin1');
      if (found < 0) {
        this.position = data.length;
        return;
      }
      const before = data[found - 1] ?? 0x20;
      const after = data[found + 2];
      if (whitespace.has(before) && (after === undefined || whitespace.has(after))) {
        this.position = found + 2;
        return;
      }
      position = found + 1;
    }
  }
}

const paintingOperators = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh']);
const textShowingOperators = new Set(['Tj', 'TJ', "'", '"']);

interface MarkedContent {
  readonly tag: string;
  readonly mcid: number | undefined;
  readonly lang: string | undefined;
  /** Its ActualText, which stands for the glyphs shown inside it. */
  readonly actualText: string | undefined;
}

interface Context {
  /** Whose MCIDs these are: the page, or a form XObject with StructParents. */
  readonly owner: Owner;
  readonly where: string;
  readonly structParents: number | undefined;
}

/** Walks a content stream: marked-content nesting, text, paths, images and forms. */
class ContentWalker {
  private graphics: { font: string | undefined; renderingMode: number }[] = [{ font: undefined, renderingMode: 0 }];
  private hasMcids = false;

  constructor(
    private readonly checker: Checker,
    private readonly context: Context,
    private readonly depth = 0,
  ) {}

  /** Walks `data` with `resources`, inside the marked content `outer`; returns whether it met an MCID. */
  walk(data: Buffer, resources: Dict, outer: readonly MarkedContent[]): boolean {
    const { checker } = this;
    const doc = checker.document;
    const lexer = new ContentLexer(data);
    const stack: MarkedContent[] = [...outer];
    let operands: Operand[] = [];
    for (let token = lexer.next(); token !== undefined; token = lexer.next()) {
      if (typeof token !== 'string') {
        operands.push(token);
        continue;
      }
      const operator = token;
      const state = this.graphics[this.graphics.length - 1] ?? { font: undefined, renderingMode: 0 };
      switch (operator) {
        case 'q':
          this.graphics.push({ ...state });
          break;
        case 'Q':
          if (this.graphics.length > 1) this.graphics.pop();
          break;
        case 'Tf': {
          const name = operands[0];
          const font = typeof name === 'object' && name !== null && 'name' in name ? doc.dict(resources['/Font'])?.[`/${name.name}`] : undefined;
          state.font = isRef(font) ? font : undefined;
          break;
        }
        case 'Tr':
          state.renderingMode = typeof operands[0] === 'number' ? operands[0] : 0;
          break;
        case 'BMC':
        case 'BDC':
          stack.push(this.openMarkedContent(operator, operands, resources, stack));
          break;
        case 'EMC':
          if (stack.length > outer.length) stack.pop();
          break;
        case 'BI':
          break;
        case 'ID':
          lexer.skipInlineImage();
          this.contentItem('an inline image', stack);
          break;
        case 'Do':
          this.drawXObject(operands[0], resources, stack);
          break;
        default:
          if (paintingOperators.has(operator)) this.contentItem(operator === 'sh' ? 'a shading' : 'a path', stack);
          else if (textShowingOperators.has(operator)) this.showText(operator, operands, state, stack);
      }
      operands = [];
    }
    return this.hasMcids;
  }

  private openMarkedContent(operator: string, operands: Operand[], resources: Dict, stack: readonly MarkedContent[]): MarkedContent {
    const { checker, context } = this;
    const doc = checker.document;
    const tagOperand = operands[0];
    const tag = typeof tagOperand === 'object' && tagOperand !== null && 'name' in tagOperand ? tagOperand.name : '';
    let mcid: number | undefined;
    let lang: string | undefined;
    let actualText: string | undefined;
    const properties = operator === 'BDC' ? operands[1] : undefined;
    if (typeof properties === 'object' && properties !== null && 'dict' in properties) {
      const value = properties.dict.MCID;
      mcid = typeof value === 'number' ? value : undefined;
      const textEntry = (entry: Operand | undefined) =>
        typeof entry === 'object' && entry !== null && 'bytes' in entry ? decodeTextString(entry.bytes) : undefined;
      lang = textEntry(properties.dict.Lang);
      actualText = textEntry(properties.dict.ActualText);
    } else if (typeof properties === 'object' && properties !== null && 'name' in properties) {
      const named = doc.dict(doc.dict(resources['/Properties'])?.[`/${properties.name}`]);
      mcid = doc.number(named?.['/MCID']);
      lang = doc.text(named?.['/Lang']);
      actualText = doc.text(named?.['/ActualText']);
    }
    const inArtifact = stack.some((entry) => entry.tag === 'Artifact');
    const inTagged = stack.some((entry) => entry.mcid !== undefined);
    if (tag === 'Artifact' && inTagged) checker.fail('01-003', context.where, 'An Artifact sequence is inside tagged content.');
    if (mcid !== undefined) {
      this.hasMcids = true;
      if (inArtifact) checker.fail('01-004', context.where, `Tagged content (MCID ${mcid}) is inside an Artifact sequence.`);
      checker.noteMcid(context.owner, mcid, context.where, context.structParents);
    }
    const entry = { tag, mcid, lang, actualText };
    // An ActualText is read once, where its sequence opens, in the tagged content around it (unless an outer one replaces it).
    const tagged = [...stack, entry].reverse().find((open) => open.mcid !== undefined);
    if (actualText !== undefined && tagged?.mcid !== undefined && !stack.some((open) => open.actualText !== undefined))
      checker.noteText(context.owner, tagged.mcid, actualText);
    return entry;
  }

  /** 01-005: a content item must be in an Artifact sequence or in tagged content. */
  private contentItem(what: string, stack: readonly MarkedContent[]): void {
    if (stack.some((entry) => entry.tag === 'Artifact' || entry.mcid !== undefined)) return;
    this.checker.fail('01-005', this.context.where, `${what[0]?.toUpperCase()}${what.slice(1)} is neither tagged nor an Artifact.`);
  }

  private showText(operator: string, operands: Operand[], state: { font: string | undefined; renderingMode: number }, stack: readonly MarkedContent[]): void {
    const { checker, context } = this;
    const strings = (operator === 'TJ' ? (Array.isArray(operands[0]) ? operands[0] : []) : [operands[operands.length - 1] ?? null]).flatMap((item) =>
      typeof item === 'object' && item !== null && 'bytes' in item ? [item.bytes] : [],
    );
    if (strings.every((bytes) => bytes.length === 0)) return;
    this.contentItem('text', stack);
    const markedLang = [...stack].reverse().find((entry) => entry.lang)?.lang;
    const tagged = [...stack].reverse().find((entry) => entry.mcid !== undefined);
    const elementLang = tagged?.mcid === undefined ? undefined : checker.elementOf(context.owner, tagged.mcid)?.lang;
    if (!checker.documentLang && !markedLang && !elementLang)
      checker.fail('11-001', context.where, 'The language of text cannot be determined (no Lang on its content, element or catalog).');
    if (!state.font) return;
    const codes = strings.flatMap((bytes) => characterCodes(checker.document, state.font as string, bytes));
    checker.noteCodes(state.font, codes, state.renderingMode !== 3);
    if (tagged?.mcid !== undefined && !stack.some((open) => open.actualText !== undefined))
      checker.noteText(context.owner, tagged.mcid, checker.unicodeOf(state.font, codes));
  }

  private drawXObject(nameOperand: Operand | undefined, resources: Dict, stack: readonly MarkedContent[]): void {
    const { checker } = this;
    const doc = checker.document;
    if (typeof nameOperand !== 'object' || nameOperand === null || !('name' in nameOperand)) return;
    const ref = doc.dict(resources['/XObject'])?.[`/${nameOperand.name}`];
    const xobject = checker.stream(ref);
    if (!xobject || !isRef(ref)) return;
    const subtype = doc.name(xobject.dict['/Subtype']);
    if (subtype === 'Image') this.contentItem('an image', stack);
    if (subtype !== 'Form' || this.depth > 16) return;
    const structParents = doc.number(xobject.dict['/StructParents']);
    const context: Context = structParents === undefined ? this.context : { owner: ref, where: `${this.context.where}, form ${ref}`, structParents };
    const walker = new ContentWalker(checker, context, this.depth + 1);
    const formResources = doc.dict(xobject.dict['/Resources']) ?? resources;
    checker.noteForm(ref, walker.walk(xobject.data, formResources, stack));
  }
}

/** A text string in a property list: UTF-16BE with its byte order mark, else PDFDocEncoding (read as Latin-1). */
function decodeTextString(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

/** The character codes of a shown string: two bytes each in an Identity-H/V Type 0 font, else one. */
function characterCodes(doc: Document, fontRef: string, bytes: Buffer): number[] {
  const font = doc.dict(fontRef);
  const twoByte = doc.name(font?.['/Subtype']) === 'Type0';
  if (!twoByte) return [...bytes];
  const codes: number[] = [];
  for (let index = 0; index + 1 < bytes.length; index += 2) codes.push(((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0));
  return codes;
}

// ——— Font checks (Matterhorn checkpoint 31, and 10-001) ———

/** The code → Unicode map of a ToUnicode CMap (bfchar and bfrange). */
function parseToUnicode(text: string): Map<number, string> {
  const map = new Map<number, string>();
  // Hex strings may hold white space (PostScript, as in PDF); ligatures map to several UTF-16 units.
  const bytes = (hex: string | undefined) => Buffer.from((hex ?? '').replace(/\s+/g, ''), 'hex');
  const utf16 = (hex: string | undefined) => Buffer.from(bytes(hex)).swap16().toString('utf16le');
  const code = (hex: string | undefined) => Number.parseInt((hex ?? '0').replace(/\s+/g, '') || '0', 16);
  const hexString = '<([0-9a-fA-F\\s]*)>';
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const pair of (block[1] ?? '').matchAll(new RegExp(`${hexString}\\s*${hexString}`, 'g'))) map.set(code(pair[1]), utf16(pair[2]));
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const range of (block[1] ?? '').matchAll(new RegExp(`${hexString}\\s*${hexString}\\s*(<[0-9a-fA-F\\s]*>|\\[[^\\]]*\\])`, 'g'))) {
      const low = code(range[1]);
      const high = code(range[2]);
      const target = range[3] ?? '';
      if (target.startsWith('[')) {
        const items = [...target.matchAll(new RegExp(hexString, 'g'))].map((item) => item[1]);
        for (let value = low; value <= high && value - low < items.length; value++) map.set(value, utf16(items[value - low]));
      } else {
        const start = bytes(target.slice(1, -1));
        if (start.length < 2) continue;
        for (let value = low; value <= high && value - low < 65536; value++) {
          const unicode = Buffer.from(start);
          unicode.writeUInt16BE((unicode.readUInt16BE(unicode.length - 2) + (value - low)) & 0xffff, unicode.length - 2);
          map.set(value, unicode.swap16().toString('utf16le'));
        }
      }
    }
  }
  return map;
}

/** What this check needs of an embedded TrueType program: its glyph count, units per em and advance widths. */
interface TrueType {
  readonly numGlyphs: number;
  readonly unitsPerEm: number;
  readonly advances: number[];
}

function parseTrueType(data: Buffer): TrueType | undefined {
  if (data.length < 12) return undefined;
  const tables = new Map<string, { offset: number; length: number }>();
  const count = data.readUInt16BE(4);
  for (let index = 0; index < count && 12 + index * 16 + 16 <= data.length; index++) {
    const entry = 12 + index * 16;
    tables.set(data.toString('latin1', entry, entry + 4), { offset: data.readUInt32BE(entry + 8), length: data.readUInt32BE(entry + 12) });
  }
  const maxp = tables.get('maxp');
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const hmtx = tables.get('hmtx');
  if (!maxp || !head || !hhea || !hmtx || maxp.offset + 6 > data.length || head.offset + 20 > data.length || hhea.offset + 36 > data.length) return undefined;
  const numGlyphs = data.readUInt16BE(maxp.offset + 4);
  const unitsPerEm = data.readUInt16BE(head.offset + 18);
  const metrics = data.readUInt16BE(hhea.offset + 34);
  const advances: number[] = [];
  for (let glyph = 0; glyph < numGlyphs; glyph++) {
    const index = Math.min(glyph, metrics - 1);
    const offset = hmtx.offset + index * 4;
    advances.push(offset + 2 <= data.length ? data.readUInt16BE(offset) : 0);
  }
  return { numGlyphs, unitsPerEm, advances };
}

/** The widths a CIDFont's W array gives, by CID. */
function cidWidths(doc: Document, w: Value | undefined): Map<number, number> {
  const widths = new Map<number, number>();
  const items = doc.array(w);
  for (let index = 0; index < items.length; ) {
    const first = doc.number(items[index]);
    const second = doc.resolve(items[index + 1]);
    if (first === undefined) break;
    if (Array.isArray(second)) {
      doc.array(items[index + 1]).forEach((width, offset) => {
        widths.set(first + offset, doc.number(width) ?? 0);
      });
      index += 2;
    } else {
      const last = doc.number(second as Value) ?? first;
      const width = doc.number(items[index + 2]) ?? 0;
      for (let cid = first; cid <= last && cid - first < 65536; cid++) widths.set(cid, width);
      index += 3;
    }
  }
  return widths;
}

class FontCheck {
  private readonly doc: Document;
  private readonly font: Dict;

  constructor(
    private readonly checker: Checker,
    private readonly ref: string,
  ) {
    this.doc = checker.document;
    this.font = this.doc.dict(ref) ?? {};
  }

  run(codes: Set<number>, rendered: Set<number>): void {
    const { doc, font, ref } = this;
    const subtype = doc.name(font['/Subtype']);
    const descendant = subtype === 'Type0' ? doc.dict(doc.array(font['/DescendantFonts'])[0]) : undefined;
    const fontName = doc.name(font['/BaseFont']) ?? ref;
    if (subtype === 'Type0') this.checkComposite(descendant);
    const descriptor = doc.dict((descendant ?? font)['/FontDescriptor']);
    const program = descriptor ? (['/FontFile', '/FontFile2', '/FontFile3'].map((key) => doc.stream(descriptor[key])).find(Boolean) ?? undefined) : undefined;
    if (subtype !== 'Type3' && rendered.size > 0 && !program) this.checker.fail('31-009', ref, `The font ${fontName} is used for rendering but not embedded.`);
    this.checkUnicode(subtype, descendant, descriptor, codes, fontName);
    if (subtype === 'Type0' && descendant && doc.name(descendant['/Subtype']) === 'CIDFontType2' && program && doc.stream(descriptor?.['/FontFile2']))
      this.checkTrueTypeCidFont(descendant, descriptor ?? {}, program.data, rendered, fontName, codes);
  }

  private checkComposite(descendant: Dict | undefined): void {
    const { doc, font, ref } = this;
    if (!descendant) return;
    const encodingName = doc.name(font['/Encoding']);
    const cmap = doc.stream(font['/Encoding']);
    if (encodingName !== undefined && !predefinedCMaps.has(encodingName))
      this.checker.fail('31-006', ref, `The CMap ${encodingName} is neither predefined nor embedded.`);
    if (cmap) {
      const info = (dict: Dict | undefined) => doc.dict(dict?.['/CIDSystemInfo']);
      const fontInfo = info(descendant);
      const cmapInfo = info(cmap.dict);
      if (doc.text(fontInfo?.['/Registry']) !== doc.text(cmapInfo?.['/Registry']))
        this.checker.fail('31-001', ref, 'The CIDFont and CMap CIDSystemInfo Registry differ.');
      if (doc.text(fontInfo?.['/Ordering']) !== doc.text(cmapInfo?.['/Ordering']))
        this.checker.fail('31-002', ref, 'The CIDFont and CMap CIDSystemInfo Ordering differ.');
      if ((doc.number(fontInfo?.['/Supplement']) ?? 0) < (doc.number(cmapInfo?.['/Supplement']) ?? 0))
        this.checker.fail('31-003', ref, "The CIDFont's Supplement is lower than the CMap's.");
      const streamWMode = /\/WMode\s+(\d)/.exec(cmap.data.toString('latin1'))?.[1];
      if (streamWMode !== undefined && Number(streamWMode) !== (doc.number(cmap.dict['/WMode']) ?? 0))
        this.checker.fail('31-007', cmap.ref, 'The WMode of the CMap dictionary differs from the one in the CMap stream.');
      const used = doc.name(cmap.dict['/UseCMap']);
      if (used !== undefined && !predefinedCMaps.has(used)) this.checker.fail('31-008', cmap.ref, `The CMap uses ${used}, which is not a predefined CMap.`);
    }
    if (doc.name(descendant['/Subtype']) === 'CIDFontType2' && doc.dict(descendant['/FontDescriptor'])) {
      const map = descendant['/CIDToGIDMap'];
      if (map === undefined) this.checker.fail('31-005', ref, 'The Type 2 CIDFont has no CIDToGIDMap.');
      else if (doc.name(map) !== 'Identity' && !doc.stream(map))
        this.checker.fail('31-004', ref, 'The Type 2 CIDFont CIDToGIDMap is neither a stream nor /Identity.');
    }
  }

  private checkUnicode(subtype: string | undefined, descendant: Dict | undefined, descriptor: Dict | undefined, codes: Set<number>, fontName: string): void {
    const { doc, font, ref } = this;
    const toUnicode = doc.stream(font['/ToUnicode']);
    if (!toUnicode) {
      const encoding = doc.name(font['/Encoding']) ?? doc.name(doc.dict(font['/Encoding'])?.['/BaseEncoding']);
      const ordering = doc.text(doc.dict(descendant?.['/CIDSystemInfo'])?.['/Ordering']);
      const nonSymbolic = ((doc.number(descriptor?.['/Flags']) ?? 0) & 32) === 32;
      const exempt =
        (encoding !== undefined && ['MacRomanEncoding', 'MacExpertEncoding', 'WinAnsiEncoding'].includes(encoding)) ||
        (subtype === 'Type0' && ['GB1', 'CNS1', 'Japan1', 'Korea1'].includes(ordering ?? '')) ||
        (subtype === 'TrueType' && nonSymbolic) ||
        // Type 1 and Type 3 glyph names would have to be in the Adobe Glyph List; not checked here.
        subtype === 'Type1' ||
        subtype === 'Type3';
      if (!exempt) this.checker.fail('31-027', ref, `The font ${fontName} has no ToUnicode and nothing else maps its codes to Unicode.`);
      return;
    }
    const map = parseToUnicode(toUnicode.data.toString('latin1'));
    const hex = (code: number) => code.toString(16).padStart(subtype === 'Type0' ? 4 : 2, '0');
    const unmapped = [...codes].filter((code) => !map.has(code));
    if (unmapped.length > 0) this.checker.fail('10-001', ref, `In ${fontName}, shown codes ${unmapped.map(hex).join(' ')} are not in the ToUnicode CMap.`);
    // A code mapped to <> is mapped (veraPDF 7.21.7-1 asks for a mapping, not a non-empty one): a shaped cluster's
    // later glyphs (an Arabic ligature's parts, a Devanagari conjunct's) carry no text, its first glyph carries it all.
    const zero = [...codes].filter((code) => map.get(code)?.includes('\u0000'));
    if (zero.length > 0) this.checker.fail('31-028', ref, `In ${fontName}, ToUnicode maps shown codes ${zero.map(hex).join(' ')} to U+0000.`);
    const noncharacters = [...codes].filter((code) => /[\uFEFF\uFFFE]/.test(map.get(code) ?? ''));
    if (noncharacters.length > 0)
      this.checker.fail('31-029', ref, `In ${fontName}, ToUnicode maps shown codes ${noncharacters.map(hex).join(' ')} to U+FEFF or U+FFFE.`);
  }

  /** Glyphs present, CIDSet, widths and .notdef of an embedded TrueType CIDFont (Identity-H codes are CIDs). */
  private checkTrueTypeCidFont(descendant: Dict, descriptor: Dict, program: Buffer, rendered: Set<number>, fontName: string, shown: Set<number>): void {
    const { doc, ref } = this;
    const trueType = parseTrueType(program);
    if (!trueType) return;
    const mapStream = doc.stream(descendant['/CIDToGIDMap']);
    const gidOf = (cid: number) => (mapStream ? (mapStream.data.length >= cid * 2 + 2 ? mapStream.data.readUInt16BE(cid * 2) : 0) : cid);
    const notdef = [...shown].filter((cid) => gidOf(cid) === 0);
    if (notdef.length > 0) this.checker.fail('31-030', ref, `In ${fontName}, shown CIDs ${notdef.join(' ')} are the .notdef glyph.`);
    const missing = [...rendered].filter((cid) => gidOf(cid) >= trueType.numGlyphs);
    if (missing.length > 0) this.checker.fail('31-011', ref, `In ${fontName}, rendered CIDs ${missing.join(' ')} have no glyph in the embedded program.`);
    const widths = cidWidths(doc, descendant['/W']);
    const defaultWidth = doc.number(descendant['/DW']) ?? 1000;
    const wrongWidths = [...rendered].filter((cid) => {
      const advance = trueType.advances[gidOf(cid)];
      return advance !== undefined && Math.abs((widths.get(cid) ?? defaultWidth) - (advance * 1000) / trueType.unitsPerEm) > 1;
    });
    if (wrongWidths.length > 0)
      this.checker.fail('31-016', ref, `In ${fontName}, the widths of CIDs ${wrongWidths.join(' ')} differ from the font program's by more than 1/1000 em.`);
    const cidSet = doc.stream(descriptor['/CIDSet']);
    const subset = /^[A-Z]{6}\+/.test(doc.name(descriptor['/FontName']) ?? '');
    if (!cidSet || !subset || mapStream) return;
    const listed = (cid: number) => (((cidSet.data[cid >> 3] ?? 0) >> (7 - (cid & 7))) & 1) === 1;
    const unlisted = Array.from({ length: trueType.numGlyphs }, (_, cid) => cid).filter((cid) => !listed(cid));
    if (unlisted.length > 0) this.checker.fail('31-014', ref, `In ${fontName}, CIDs ${unlisted.join(' ')} are in the font program but not in the CIDSet.`);
    const absent: number[] = [];
    for (let cid = trueType.numGlyphs; cid < cidSet.data.length * 8; cid++) if (listed(cid)) absent.push(cid);
    if (absent.length > 0) this.checker.fail('31-015', ref, `In ${fontName}, the CIDSet lists CIDs ${absent.join(' ')} that the font program does not have.`);
  }
}

/** A structure element in reading order: its type (after the RoleMap), its depth in the tree, and the text read through it. */
export interface ReadingOrderEntry {
  readonly type: string;
  readonly depth: number;
  text: string;
}

/** The structure tree of a PDF file in reading order, each element with its text (see `Checker.readingOrder`). */
export async function readingOrder(path: string): Promise<ReadingOrderEntry[]> {
  const checker = new Checker(new Document(await readQpdfJson(path)));
  checker.run();
  return checker.readingOrder();
}

/** Checks qpdf's JSON of a file (see `readQpdfJson`). */
export function checkQpdfJson(json: QpdfJson): Failure[] {
  return new Checker(new Document(json)).run();
}
