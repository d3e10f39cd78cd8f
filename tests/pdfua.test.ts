import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { cases } from './helpers/cases.js';
import { publish } from './helpers/cli.js';
import { checkPdfUa, checkQpdfJson, type QpdfJson, readQpdfJson } from './helpers/pdfua.js';
import { describeWithTools, run } from './helpers/tools.js';

const scratch = mkdtempSync(join(tmpdir(), 'editions-pdfua-'));

/** Publishes a case's PDFs with the compiled CLI, as users do; resolves with their paths. */
async function publishPdfs(name: string, source: string): Promise<string[]> {
  const out = join(scratch, name);
  const { code, stderr } = await publish(['--source', source, '--out', out, '--only', 'pdf']);
  const pdfs = readdirSync(out)
    .filter((file) => file.endsWith('.pdf'))
    .map((file) => join(out, file));
  if (pdfs.length === 0) throw new Error(`${name}: no PDF written (exit ${code}): ${stderr}`);
  return pdfs;
}

describeWithTools(['qpdf'], 'PDF/UA-1: every fixture PDF passes the independent check (Matterhorn 1.1)', () => {
  for (const testCase of cases) {
    it(`${testCase.name}: no failed condition`, async () => {
      for (const pdf of await publishPdfs(testCase.name, testCase.source)) expect(await checkPdfUa(pdf), pdf).toEqual([]);
    });
  }
});

// ——— The checker's own tests: a good PDF edited with qpdf to carry one fault ———

type Objects = QpdfJson['qpdf'][1];
type Dict = Record<string, unknown>;

const caseSource = (name: string) => {
  const found = cases.find((testCase) => testCase.name === name);
  if (!found) throw new Error(`No fixture case ${name}`);
  return found.source;
};

let faultCount = 0;

/** Writes a copy of `pdf` with `edit` applied to its objects (qpdf JSON, --update-from-json); resolves with its path. */
async function withFault(pdf: string, edit: (find: Finder) => void): Promise<string> {
  const json = await readQpdfJson(pdf);
  const objects = json.qpdf[1];
  const before = new Map(Object.entries(objects).map(([key, value]) => [key, JSON.stringify(value)]));
  edit(finder(objects));
  const changed = Object.fromEntries(Object.entries(objects).filter(([key, value]) => key !== 'trailer' && before.get(key) !== JSON.stringify(value)));
  const header = { ...(json.qpdf[0] as Dict), maxobjectid: Math.max(...Object.keys(objects).map((key) => Number(/^obj:(\d+)/.exec(key)?.[1] ?? 0))) };
  const patch = join(scratch, `fault-${++faultCount}.json`);
  const out = join(scratch, `fault-${faultCount}.pdf`);
  writeFileSync(patch, JSON.stringify({ qpdf: [header, changed] }));
  await run('qpdf', [pdf, `--update-from-json=${patch}`, out]);
  return out;
}

/** The distinct conditions a file fails. */
async function conditions(pdf: string): Promise<string[]> {
  return [...new Set((await checkPdfUa(pdf)).map((failure) => failure.condition))].sort();
}

interface Finder {
  readonly objects: Objects;
  /** The key ("obj:12 0 R") of the first object whose value matches. */
  (predicate: (value: Dict) => boolean): string;
  value(key: string): Dict;
  stream(key: string): { dict: Dict; data?: string };
  catalog(): Dict;
  /** A reference ("12 0 R") of the first structure element of a type. */
  element(type: string, nth?: number): string;
  firstPage(): Dict;
}

function finder(objects: Objects): Finder {
  const keyOf = (ref: unknown) => `obj:${String(ref)}`;
  const dictAt = (key: string): Dict => {
    const value = objects[key]?.value ?? objects[key]?.stream?.dict;
    if (typeof value !== 'object' || value === null) throw new Error(`${key} is not a dictionary`);
    return value as Dict;
  };
  const find = ((predicate: (value: Dict) => boolean) => {
    const found = Object.keys(objects).find((key) => {
      const value = objects[key]?.value;
      return key !== 'trailer' && typeof value === 'object' && value !== null && !Array.isArray(value) && predicate(value as Dict);
    });
    if (!found) throw new Error('No such object');
    return found;
  }) as Finder;
  Object.assign(find, { objects });
  find.value = dictAt;
  find.stream = (key) => {
    const stream = objects[key]?.stream;
    if (!stream) throw new Error(`${key} is not a stream`);
    return stream as { dict: Dict; data?: string };
  };
  find.catalog = () => dictAt(keyOf(dictAt('trailer')['/Root']));
  find.element = (type, nth = 0) => {
    const keys = Object.keys(objects).filter((key) => {
      const value = objects[key]?.value as Dict | undefined;
      return typeof value === 'object' && value !== null && value['/S'] === `/${type}` && '/P' in value;
    });
    const key = keys[nth];
    if (!key) throw new Error(`No ${type} element number ${nth}`);
    return key.slice(4);
  };
  find.firstPage = () => dictAt(find((value) => value['/Type'] === '/Page'));
  return find;
}

const decoded = (stream: { data?: string }) => Buffer.from(stream.data ?? '', 'base64').toString('latin1');
const encode = (text: string) => Buffer.from(text, 'latin1').toString('base64');

describeWithTools(['qpdf'], 'the PDF/UA-1 checker reports exactly the fault a file was given', () => {
  let canonical = '';
  let tables = '';

  beforeAll(async () => {
    canonical = (await publishPdfs('fault-base-canonical', caseSource('canonical')))[0] ?? '';
    tables = (await publishPdfs('fault-base-tables', caseSource('pandoc-pipe-tables')))[0] ?? '';
  });

  it('the unedited files pass, and a file rewritten by qpdf with no edit still passes', async () => {
    expect(await conditions(canonical)).toEqual([]);
    expect(await conditions(tables)).toEqual([]);
    expect(await conditions(await withFault(canonical, () => {}))).toEqual([]);
  });

  /** The first page's content stream, edited by `change`. */
  const editContent = (change: (content: string) => string) => (find: Finder) => {
    const stream = find.stream(`obj:${String(find.firstPage()['/Contents'])}`);
    stream.data = encode(change(decoded(stream)));
  };

  it('01-005: text outside any marked content (a copy of the first text object, untagged)', async () => {
    const faulty = await withFault(
      canonical,
      editContent((content) => `${content}\n${/BT[\s\S]*?ET/.exec(content)?.[0]}\n`),
    );
    expect(await conditions(faulty)).toEqual(['01-005']);
  });

  it('01-005: a path painted outside any marked content', async () => {
    expect(
      await conditions(
        await withFault(
          canonical,
          editContent((content) => `${content}\n0 0 10 10 re f\n`),
        ),
      ),
    ).toEqual(['01-005']);
  });

  it('31-028 and 31-030: a tagged glyph whose code is the .notdef glyph, which ToUnicode maps to U+0000', async () => {
    const faulty = await withFault(
      canonical,
      editContent((content) => content.replace(/BDC\n/, `BDC\nBT /${/\/(\w+) [\d.]+ Tf/.exec(content)?.[1]} 10 Tf <0000> Tj ET\n`)),
    );
    expect(await conditions(faulty)).toEqual(['31-028', '31-030']);
  });

  it('01-005: marked content whose MCID the ParentTree assigns to another element', async () => {
    const faulty = await withFault(canonical, (find) => {
      const root = find.value(`obj:${String(find.catalog()['/StructTreeRoot'])}`);
      const nums = (root['/ParentTree'] as Dict)['/Nums'] as unknown[];
      const firstPageMcids = nums[1] as string[];
      firstPageMcids[0] = firstPageMcids[firstPageMcids.length - 1] as string;
    });
    expect(await conditions(faulty)).toEqual(['01-005']);
  });

  it('01-003 and 01-004: an Artifact inside tagged content, and tagged content inside an Artifact', async () => {
    const artifactInside = await withFault(
      canonical,
      editContent((content) => content.replace(/BDC\n/, 'BDC\n/Artifact BMC\nEMC\n')),
    );
    expect(await conditions(artifactInside)).toEqual(['01-003']);
    const taggedInside = await withFault(
      canonical,
      editContent((content) => content.replace(/(\/\w+ <<\s*\/MCID 0\s*>> BDC[\s\S]*?EMC)/, '/Artifact BMC\n$1\nEMC')),
    );
    expect(await conditions(taggedInside)).toEqual(['01-004']);
  });

  it('PDF 14.7.4.4: one marked-content sequence listed by two structure elements', async () => {
    const faulty = await withFault(canonical, (find) => {
      const first = find.value(`obj:${find.element('H1')}`);
      const other = find.value(`obj:${find.element('P', 1)}`);
      (other['/K'] as unknown[]).push((first['/K'] as unknown[])[0]);
    });
    expect(await conditions(faulty)).toEqual(['PDF:14.7.4.4']);
  });

  it('01-007 and UA1:6.2-1: MarkInfo with Suspects true, or without Marked true', async () => {
    const markInfo = (value: Dict) => (find: Finder) => {
      Object.assign(find.value(`obj:${String(find.catalog()['/MarkInfo'])}`), value);
    };
    expect(await conditions(await withFault(canonical, markInfo({ '/Suspects': true })))).toEqual(['01-007']);
    expect(await conditions(await withFault(canonical, markInfo({ '/Marked': false })))).toEqual(['UA1:6.2-1']);
  });

  it('02-001, 02-003, 02-004: a non-standard type without a RoleMap, a circular RoleMap, a remapped standard type', async () => {
    const retype = (roleMap: Dict | undefined) => (find: Finder) => {
      find.value(`obj:${find.element('P')}`)['/S'] = '/Para';
      if (roleMap) find.value(`obj:${String(find.catalog()['/StructTreeRoot'])}`)['/RoleMap'] = roleMap;
    };
    expect(await conditions(await withFault(canonical, retype({ '/Para': '/P' })))).toEqual([]);
    expect(await conditions(await withFault(canonical, retype(undefined)))).toEqual(['02-001']);
    expect(await conditions(await withFault(canonical, retype({ '/Para': '/Paragraph', '/Paragraph': '/Para' })))).toEqual(['02-001', '02-003']);
    const remapped = await withFault(canonical, (find) => {
      find.value(`obj:${String(find.catalog()['/StructTreeRoot'])}`)['/RoleMap'] = { '/P': '/Span' };
    });
    expect(await conditions(remapped)).toEqual(['02-004']);
  });

  it('06-001, 06-002, 06-003, UA1:5-2: XMP missing, without pdfuaid:part, without dc:title, or declaring part 2', async () => {
    const xmp = (change: (xml: string) => string) => (find: Finder) => {
      const stream = find.stream(`obj:${String(find.catalog()['/Metadata'])}`);
      stream.data = Buffer.from(change(Buffer.from(stream.data ?? '', 'base64').toString('utf8'))).toString('base64');
    };
    const noMetadata = await withFault(canonical, (find) => {
      delete find.catalog()['/Metadata'];
    });
    expect(await conditions(noMetadata)).toEqual(['06-001']);
    expect(
      await conditions(
        await withFault(
          canonical,
          xmp((xml) => xml.replace(/<rdf:Description[^>]*pdfuaid[\s\S]*?<\/rdf:Description>/, '')),
        ),
      ),
    ).toEqual(['06-002']);
    expect(
      await conditions(
        await withFault(
          canonical,
          xmp((xml) => xml.replace(/<dc:title>[\s\S]*?<\/dc:title>/, '')),
        ),
      ),
    ).toEqual(['06-003']);
    expect(
      await conditions(
        await withFault(
          canonical,
          xmp((xml) => xml.replace('<pdfuaid:part>1<', '<pdfuaid:part>2<')),
        ),
      ),
    ).toEqual(['UA1:5-2']);
  });

  it('07-001 and 07-002: no DisplayDocTitle, or DisplayDocTitle false', async () => {
    const viewerPreferences = (change: (dict: Dict) => void) => (find: Finder) => {
      change(find.value(`obj:${String(find.catalog()['/ViewerPreferences'])}`));
    };
    const missing = await withFault(
      canonical,
      viewerPreferences((dict) => {
        delete dict['/DisplayDocTitle'];
      }),
    );
    expect(await conditions(missing)).toEqual(['07-001']);
    const off = await withFault(
      canonical,
      viewerPreferences((dict) => {
        dict['/DisplayDocTitle'] = false;
      }),
    );
    expect(await conditions(off)).toEqual(['07-002']);
  });

  it('09-004 and 09-005: a TD outside a TR, an LI outside an L', async () => {
    const retype = (type: string) => (find: Finder) => {
      find.value(`obj:${find.element('P')}`)['/S'] = `/${type}`;
    };
    expect(await conditions(await withFault(canonical, retype('TD')))).toEqual(['09-004']);
    expect(await conditions(await withFault(canonical, retype('LI')))).toEqual(['09-005']);
  });

  it('09-004: a table row wider than the others (a cell with ColSpan 2)', async () => {
    const faulty = await withFault(tables, (find) => {
      find.value(`obj:${find.element('TD')}`)['/A'] = { '/O': '/Table', '/ColSpan': 2 };
    });
    expect(await conditions(faulty)).toEqual(['09-004']);
  });

  it('14-006, 14-007, 17-002, 19-003, 19-004: two H in one node beside H1, a Formula without Alt, Notes without or sharing an ID', async () => {
    /** Gives the first paragraphs these types (and attributes). */
    const retype =
      (...elements: Dict[]) =>
      (find: Finder) => {
        elements.forEach((change, index) => {
          Object.assign(find.value(`obj:${find.element('P', index)}`), change);
        });
      };
    expect(await conditions(await withFault(canonical, retype({ '/S': '/H' })))).toEqual(['14-007']);
    expect(await conditions(await withFault(canonical, retype({ '/S': '/H' }, { '/S': '/H' })))).toEqual(['14-006', '14-007']);
    expect(await conditions(await withFault(canonical, retype({ '/S': '/Formula' })))).toEqual(['17-002']);
    expect(await conditions(await withFault(canonical, retype({ '/S': '/Note' })))).toEqual(['19-003']);
    const sameId = { '/S': '/Note', '/ID': 'b:6e31' };
    expect(await conditions(await withFault(canonical, retype(sameId, { ...sameId })))).toEqual(['19-004']);
  });

  it('10-001: a shown glyph the ToUnicode CMap does not map', async () => {
    const faulty = await withFault(canonical, (find) => {
      const font = find.value(find((value) => value['/Subtype'] === '/Type0'));
      const toUnicode = find.stream(`obj:${String(font['/ToUnicode'])}`);
      toUnicode.data = encode(decoded(toUnicode).replace(/\d+ beginbfrange[\s\S]*?endbfrange/, '1 beginbfrange\n<0000> <0001> [<0000> <0041>]\nendbfrange'));
    });
    expect(await conditions(faulty)).toEqual(['10-001']);
  });

  it('11-001, 11-003, 11-006: no Lang in the catalog, so the language of the text, outline and metadata is unknown', async () => {
    const faulty = await withFault(canonical, (find) => {
      delete find.catalog()['/Lang'];
    });
    expect(await conditions(faulty)).toEqual(['11-001', '11-003', '11-006']);
  });

  it('13-004: a Figure without Alt (and with Alt, none)', async () => {
    const figure = (alt: string | undefined) => (find: Finder) => {
      const element = find.value(`obj:${find.element('P')}`);
      element['/S'] = '/Figure';
      if (alt) element['/Alt'] = `u:${alt}`;
    };
    expect(await conditions(await withFault(canonical, figure(undefined)))).toEqual(['13-004']);
    expect(await conditions(await withFault(canonical, figure('A map of Syria')))).toEqual([]);
  });

  it('14-002 and 14-003: the first heading is not H1, a heading level is skipped', async () => {
    expect(
      await conditions(
        await withFault(canonical, (find) => {
          find.value(`obj:${find.element('H1')}`)['/S'] = '/H2';
        }),
      ),
    ).toEqual(['14-002']);
    expect(
      await conditions(
        await withFault(canonical, (find) => {
          find.value(`obj:${find.element('P')}`)['/S'] = '/H3';
        }),
      ),
    ).toEqual(['14-003']);
  });

  it('15-003: a TH without Scope in a table without Headers', async () => {
    const faulty = await withFault(tables, (find) => {
      delete find.value(`obj:${find.element('TH')}`)['/A'];
    });
    expect(await conditions(faulty)).toEqual(['15-003']);
  });

  /** Adds a link annotation on the first page, in a Link element (OBJR, StructParent) unless told otherwise. */
  const link =
    (options: { tabs?: string | null; contents?: boolean; objr?: boolean } = {}) =>
    (find: Finder) => {
      const { objects } = find;
      const numbers = Object.keys(objects).map((key) => Number(/^obj:(\d+)/.exec(key)?.[1] ?? 0));
      const annotation = `${Math.max(...numbers) + 1} 0 R`;
      const element = `${Math.max(...numbers) + 2} 0 R`;
      const pageKey = find((value) => value['/Type'] === '/Page');
      const page = find.value(pageKey);
      const root = find.value(`obj:${String(find.catalog()['/StructTreeRoot'])}`);
      const document = find.value(`obj:${find.element('Document')}`);
      const key = root['/ParentTreeNextKey'] as number;
      objects[`obj:${annotation}`] = {
        value: {
          '/Type': '/Annot',
          '/Subtype': '/Link',
          '/Rect': [64, 700, 200, 720],
          '/Border': [0, 0, 0],
          '/A': { '/S': '/URI', '/URI': 'u:https://news.example/' },
          '/StructParent': key,
          ...(options.contents === false ? {} : { '/Contents': 'u:The newsroom' }),
        },
      };
      objects[`obj:${element}`] = {
        value: {
          '/S': '/Link',
          '/P': find.element('Document'),
          '/Pg': pageKey.slice(4),
          '/K': options.objr === false ? [] : [{ '/Type': '/OBJR', '/Obj': annotation, '/Pg': pageKey.slice(4) }],
        },
      };
      (document['/K'] as unknown[]).push(element);
      ((root['/ParentTree'] as Dict)['/Nums'] as unknown[]).push(key, element);
      root['/ParentTreeNextKey'] = key + 1;
      page['/Annots'] = [annotation];
      if (options.tabs === null) delete page['/Tabs'];
      else if (options.tabs) page['/Tabs'] = options.tabs;
    };

  it('28-008, 28-009, 28-011, 28-012: a link annotation without Tabs /S on its page, outside a Link element, without Contents', async () => {
    expect(await conditions(await withFault(canonical, link()))).toEqual([]);
    expect(await conditions(await withFault(canonical, link({ tabs: null })))).toEqual(['28-008']);
    expect(await conditions(await withFault(canonical, link({ tabs: '/R' })))).toEqual(['28-009']);
    expect(await conditions(await withFault(canonical, link({ objr: false })))).toEqual(['28-011']);
    expect(await conditions(await withFault(canonical, link({ contents: false })))).toEqual(['28-012']);
  });

  /** The descendant CIDFont and font descriptor of the first composite font. */
  const cidFont = (find: Finder) => {
    const font = find.value(find((value) => value['/Subtype'] === '/Type0'));
    const descendant = find.value(`obj:${String((font['/DescendantFonts'] as unknown[])[0])}`);
    return { descendant, descriptor: find.value(`obj:${String(descendant['/FontDescriptor'])}`) };
  };

  it('31-009, 31-005, 31-014, 31-016: a font not embedded, no CIDToGIDMap, a CIDSet short of the program, a wrong width', async () => {
    const notEmbedded = await withFault(canonical, (find) => {
      const { descriptor } = cidFont(find);
      delete descriptor['/FontFile2'];
      delete descriptor['/CIDSet'];
    });
    expect(await conditions(notEmbedded)).toEqual(['31-009']);
    const noMap = await withFault(canonical, (find) => {
      delete cidFont(find).descendant['/CIDToGIDMap'];
    });
    expect(await conditions(noMap)).toEqual(['31-005']);
    const shortCidSet = await withFault(canonical, (find) => {
      find.stream(`obj:${String(cidFont(find).descriptor['/CIDSet'])}`).data = Buffer.from([0xff]).toString('base64');
    });
    expect(await conditions(shortCidSet)).toEqual(['31-014']);
    const wrongWidth = await withFault(canonical, (find) => {
      const widths = (cidFont(find).descendant['/W'] as unknown[])[1] as number[];
      widths[1] = (widths[1] ?? 0) + 100;
    });
    expect(await conditions(wrongWidth)).toEqual(['31-016']);
  });

  it('a bare catalog fails the document-level conditions (no MarkInfo, structure tree, DisplayDocTitle or XMP)', () => {
    const failures = checkQpdfJson({ qpdf: [{}, { trailer: { value: { '/Root': '1 0 R' } }, 'obj:1 0 R': { value: { '/Type': '/Catalog' } } }] });
    expect([...new Set(failures.map((failure) => failure.condition))].sort()).toEqual(['06-001', '07-001', 'UA1:6.2-1', 'UA1:7.1-11']);
  });
});
