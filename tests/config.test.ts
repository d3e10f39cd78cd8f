import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveConfig } from '../src/config/load.js';
import { projectRoot } from './helpers/cases.js';

const configs = join(projectRoot, 'tests', 'configs');

async function loadError(name: string): Promise<ConfigError> {
  const error = await loadConfig(join(configs, name)).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  it('loads the project config, with folders relative to it', async () => {
    const config = await loadConfig(join(projectRoot, 'pipeline.config.ts'));
    expect(config.renderers.map((renderer) => renderer.name)).toEqual(['html', 'pdf', 'epub', 'text']);
    expect(config.source).toBe(join(projectRoot, 'source'));
    expect(config.outDir).toBe(join(projectRoot, 'outputs'));
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('resolves folders relative to the config file, not the working directory', async () => {
    const config = await loadConfig(join(configs, 'relative-folders.config.ts'));
    expect(config.source).toBe(join(projectRoot, 'tests', 'bad-input', 'crlf'));
    expect(config.outDir).toBe(join(configs, 'relative-out'));
  });

  const errors: [string, RegExp][] = [
    ['missing.config.ts', /config file not found; create it or pass an existing file to --config/],
    ['syntax-error.config.ts', /the config could not be loaded/],
    ['no-renderers.config.ts', /`renderers` must be a non-empty list/],
    ['duplicate-name.config.ts', /two renderers are named "html"; give each renderer a unique name/],
    ['duplicate-extension.config.ts', /two renderers write "\.txt" files; give each renderer its own extension/],
    ['factory-not-called.config.ts', /call its factory, e\.g\. `html\(\)` rather than `html`/],
    ['label-unknown-id.config.ts', /`labels.fr` has no label "signature"; use one of byline, tags, /],
    ['label-unknown-language.config.ts', /`labels` has no language "it"; use one of en, fr, es, de, pt, ar, /],
  ];
  for (const [name, message] of errors) {
    it(`${name}: names the file and says the fix`, async () => {
      const error = await loadError(name);
      expect(error.message).toContain(join(configs, name));
      expect(error.message).toMatch(message);
    });
  }
});

describe('resolveConfig', () => {
  it('rejects a renderer without a render function or with a bad extension', () => {
    expect(() => resolveConfig({ renderers: [{ name: 'json', extension: 'json', render: () => '' }] })).toThrow(/must start with a dot/);
    expect(() => resolveConfig({ renderers: [{ name: 'json', extension: '.json' } as never] })).toThrow(/render\(article, context\)` must be a function/);
    expect(() => resolveConfig({ renderers: [{ name: 'Not A Name', extension: '.json', render: () => '' }] })).toThrow(/lowercase letters/);
  });
});
