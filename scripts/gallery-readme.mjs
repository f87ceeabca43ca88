// (Re)writes the README's screenshot gallery from what tests/e2e/gallery.spec.ts saved in
// docs/gallery/<lang>-<width>/<screen>.png, so the table and the files cannot drift apart.
//   node scripts/gallery-readme.mjs            rewrite the section between the markers
//   node scripts/gallery-readme.mjs --check    exit 1 if the README is not what the files say
//   --root=<dir>                               another checkout (the unit test uses a copy)
import fs from 'node:fs';
import path from 'node:path';

const START = '<!-- gallery:start -->';
const END = '<!-- gallery:end -->';
const GALLERY = 'docs/gallery';
/** Column titles in the README, which is in English; a folder of another language must get one here. */
const LANGUAGE_NAMES = { nl: 'Nederlands', en: 'English' };
const THUMBNAIL_WIDTH = 240;

const args = process.argv.slice(2);
const root = args.find((arg) => arg.startsWith('--root='))?.slice('--root='.length) ?? '.';
const check = args.includes('--check');

function fail(message) {
  console.error(`gallery-readme: ${message}`);
  process.exit(1);
}

/** The folders (<lang>-<width>) and the screens; every screen must be in every folder. */
function readGallery() {
  const dir = path.join(root, GALLERY);
  if (!fs.existsSync(dir)) fail(`${GALLERY} does not exist: run the gallery e2e first (npx playwright test tests/e2e/gallery.spec.ts)`);
  const folders = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const match = /^([a-z]{2})-(\d+)$/.exec(entry.name);
      if (!match) fail(`${GALLERY}/${entry.name} is not named <language>-<width>`);
      if (!LANGUAGE_NAMES[match[1]]) fail(`${GALLERY}/${entry.name}: no column title for language "${match[1]}"`);
      return { name: entry.name, lang: match[1], width: Number(match[2]) };
    })
    .sort((a, b) => Object.keys(LANGUAGE_NAMES).indexOf(a.lang) - Object.keys(LANGUAGE_NAMES).indexOf(b.lang) || a.width - b.width);
  if (folders.length === 0) fail(`${GALLERY} has no <language>-<width> folders`);
  const stray = fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => !entry.isDirectory());
  if (stray.length > 0) fail(`${GALLERY} has files outside the <language>-<width> folders: ${stray.map((entry) => entry.name).join(', ')}`);
  const screensIn = (folder) => {
    const files = fs.readdirSync(path.join(dir, folder.name));
    const other = files.filter((file) => !file.endsWith('.png'));
    if (other.length > 0) fail(`${GALLERY}/${folder.name} holds files that are not screenshots: ${other.join(', ')}`);
    return files.map((file) => file.slice(0, -'.png'.length));
  };
  const screens = [...new Set(folders.flatMap(screensIn))].sort();
  for (const folder of folders) {
    const missing = screens.filter((screen) => !fs.existsSync(path.join(dir, folder.name, `${screen}.png`)));
    if (missing.length > 0) fail(`${GALLERY}/${folder.name} has no ${missing.map((screen) => `${screen}.png`).join(', ')} (every screen is taken in every language and size)`);
  }
  return { folders, screens };
}

/** "test-alarm-sender" reads as "Test alarm sender". */
const title = (screen) => screen.charAt(0).toUpperCase() + screen.slice(1).replaceAll('-', ' ');

function section({ folders, screens }) {
  const languages = [...new Set(folders.map((folder) => folder.lang))];
  const cell = (lang, screen) =>
    folders
      .filter((folder) => folder.lang === lang)
      .map((folder, index) => {
        const file = `${GALLERY}/${folder.name}/${screen}.png`;
        // The smallest size as a thumbnail, the others as links.
        return index === 0 ? `<a href="${file}"><img src="${file}" width="${THUMBNAIL_WIDTH}" alt="${title(screen)}, ${LANGUAGE_NAMES[lang]}, ${folder.width} px"></a>` : `<a href="${file}">${folder.width} px</a>`;
      })
      .join('<br>');
  const lines = [
    START,
    `<!-- Written by scripts/gallery-readme.mjs from ${GALLERY}; do not edit by hand. -->`,
    '',
    `| Screen | ${languages.map((lang) => LANGUAGE_NAMES[lang]).join(' | ')} |`,
    `| --- | ${languages.map(() => '---').join(' | ')} |`,
    ...screens.map((screen) => `| ${title(screen)} | ${languages.map((lang) => cell(lang, screen)).join(' | ')} |`),
    '',
    END,
  ];
  return lines.join('\n');
}

const readmePath = path.join(root, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) fail(`README.md has no ${START} … ${END} section`);
const updated = readme.slice(0, start) + section(readGallery()) + readme.slice(end + END.length);
if (check) {
  if (updated !== readme) fail('the README gallery does not match docs/gallery: run node scripts/gallery-readme.mjs');
} else if (updated !== readme) {
  fs.writeFileSync(readmePath, updated);
  console.log('gallery-readme: README.md updated');
}
