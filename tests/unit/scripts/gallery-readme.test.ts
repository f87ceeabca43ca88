import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve('scripts/gallery-readme.mjs');
const START = '<!-- gallery:start -->';
const END = '<!-- gallery:end -->';

function run(root: string, ...args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [SCRIPT, `--root=${root}`, ...args], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

/** Every PNG under docs/gallery, as the README links it. */
function galleryFiles(root: string): string[] {
  const dir = path.join(root, 'docs/gallery');
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.png'))
    .map((file) => `docs/gallery/${file.split(path.sep).join('/')}`)
    .sort();
}

const fakeRoots: string[] = [];
afterAll(() => {
  for (const root of fakeRoots) fs.rmSync(root, { recursive: true, force: true });
});

/** A checkout with a README holding the markers and a gallery of (empty) screenshots. */
function fakeCheckout(screens: Record<string, readonly string[]>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vangnet-gallery-'));
  fakeRoots.push(root);
  fs.writeFileSync(path.join(root, 'README.md'), `# Vangnet\n\n## Every screen\n\n${START}\n${END}\n\n## After\n`);
  for (const [folder, files] of Object.entries(screens)) {
    fs.mkdirSync(path.join(root, 'docs/gallery', folder), { recursive: true });
    for (const file of files) fs.writeFileSync(path.join(root, 'docs/gallery', folder, `${file}.png`), '');
  }
  return root;
}

describe('the README gallery (scripts/gallery-readme.mjs)', () => {
  it('lists exactly the screenshots in docs/gallery, each linked, and is what the script writes', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf(START), readme.indexOf(END));
    expect(section.length).toBeGreaterThan(START.length);
    const linked = [...section.matchAll(/href="(docs\/gallery\/[^"]+)"/g)].map((match) => match[1] as string).sort();
    const files = galleryFiles('.');
    // Both languages at both sizes, and a screen in each.
    expect(new Set(files.map((file) => file.split('/')[2]))).toEqual(new Set(['nl-1366', 'nl-1920', 'en-1366', 'en-1920']));
    expect(files.length).toBeGreaterThanOrEqual(4 * 20);
    expect(linked).toEqual(files);
    expect(run('.', '--check')).toMatchObject({ status: 0, stderr: '' });
  });

  it('writes a row per screen with a thumbnail per language, and leaves the rest of the README alone', () => {
    const root = fakeCheckout({ 'nl-1366': ['home', 'test-alarm-sender'], 'nl-1920': ['home', 'test-alarm-sender'], 'en-1366': ['home', 'test-alarm-sender'], 'en-1920': ['home', 'test-alarm-sender'] });
    expect(run(root, '--check').status).toBe(1);
    expect(run(root).status).toBe(0);
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme.startsWith('# Vangnet\n\n## Every screen\n\n')).toBe(true);
    expect(readme.endsWith(`${END}\n\n## After\n`)).toBe(true);
    expect(readme).toContain('| Screen | Nederlands | English |');
    expect(readme).toContain('| Test alarm sender | <a href="docs/gallery/nl-1366/test-alarm-sender.png"><img src="docs/gallery/nl-1366/test-alarm-sender.png" width="240" alt="Test alarm sender, Nederlands, 1366 px"></a><br><a href="docs/gallery/nl-1920/test-alarm-sender.png">1920 px</a> |');
    expect(run(root, '--check')).toMatchObject({ status: 0, stderr: '' });
    // Written twice, the same README.
    expect(run(root).status).toBe(0);
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toBe(readme);
  });

  it('fails the check when a screenshot is added without the README, and refuses a screen missing from one size', () => {
    const folders = ['nl-1366', 'nl-1920', 'en-1366', 'en-1920'];
    const root = fakeCheckout(Object.fromEntries(folders.map((folder) => [folder, ['home']])));
    expect(run(root).status).toBe(0);
    for (const folder of folders) fs.writeFileSync(path.join(root, 'docs/gallery', folder, 'worklist.png'), '');
    expect(run(root, '--check')).toMatchObject({ status: 1, stderr: expect.stringContaining('does not match docs/gallery') });

    fs.rmSync(path.join(root, 'docs/gallery/en-1920/worklist.png'));
    const missing = run(root);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('docs/gallery/en-1920 has no worklist.png');
  });

  it('says what is wrong with a README without the markers, a badly named folder or a stray file', () => {
    const noMarkers = fakeCheckout({ 'nl-1366': ['home'] });
    fs.writeFileSync(path.join(noMarkers, 'README.md'), '# Vangnet\n');
    expect(run(noMarkers).stderr).toContain('README.md has no <!-- gallery:start -->');

    const badFolder = fakeCheckout({ 'nl-1366': ['home'], dutch: ['home'] });
    expect(run(badFolder).stderr).toContain('docs/gallery/dutch is not named <language>-<width>');

    const unknownLanguage = fakeCheckout({ 'nl-1366': ['home'], 'fr-1366': ['home'] });
    expect(run(unknownLanguage).stderr).toContain('no column title for language "fr"');

    const stray = fakeCheckout({ 'nl-1366': ['home'] });
    fs.writeFileSync(path.join(stray, 'docs/gallery/nl-1366/notes.txt'), '');
    expect(run(stray).stderr).toContain('holds files that are not screenshots: notes.txt');
  });
});
