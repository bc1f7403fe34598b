import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import compiler from 'miniprogram-compiler';
import wcsc from 'miniprogram-compiler/src/wcsc';
import { miniprogramRoot } from '../../scripts/paths';

/** Every file of ours with the given extension, relative to the mini-program root. */
function ownFiles(extension: string, dir = miniprogramRoot): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'miniprogram_npm') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ownFiles(extension, path);
    return entry.name.endsWith(extension) ? [relative(miniprogramRoot, path)] : [];
  });
}

/** A style sheet with the sheets it imports (wcsc resolves `@import` only among the files it is given). */
function withImports(file: string): string[] {
  const imported = [...readFileSync(join(miniprogramRoot, file), 'utf8').matchAll(/@import\s+["']([^"']+)["']/g)].map((match) => join(dirname(file), match[1]));
  return [file, ...imported.flatMap(withImports)];
}

describe('official WXML and WXSS compilers', () => {
  const wxml = ownFiles('.wxml');
  const wxss = ownFiles('.wxss');

  test('the mini-program has pages to compile', () => {
    expect(wxml).toContain(join('pages', 'home', 'index.wxml'));
  });

  test.each(wxml)('%s compiles with wcc', (file) => {
    expect(() => compiler.wxmlToJs(miniprogramRoot, { wxmlList: [file] })).not.toThrow();
  });

  test.each(wxss)('%s compiles with wcsc', (file) => {
    // The package's wxssToJs hides failures; its wcsc runner returns them as an Error.
    expect(wcsc(miniprogramRoot, withImports(file).map((path) => path.replace(/\.wxss$/, '')))).not.toBeInstanceOf(Error);
  });

  test('a malformed style sheet is rejected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxss-'));
    try {
      writeFileSync(join(dir, 'broken.wxss'), '.a { color: red;\n');
      expect(wcsc(dir, ['broken'])).toBeInstanceOf(Error);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a malformed template is rejected with its file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxml-'));
    try {
      writeFileSync(join(dir, 'broken.wxml'), '<view>\n  <text>未闭合\n</view>\n');
      expect(() => compiler.wxmlToJs(dir, { wxmlList: ['broken.wxml'] })).toThrow(/broken\.wxml:3:\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
