// Retakes the screenshots of docs/screenshots/ in one command, from the
// repository's root: node .ci/web/screenshots.mjs [OUT_DIR]
// Builds both bundled examples (release), then saves each handbook on a
// desktop and on a phone, the first pages of atlas-crm's handbook as
// Chromium prints it (A4), one quick reference card as printed, and
// plan measure's review report of tests/fixtures/measure/month.csv.
// Needs `npm ci` in .ci/web and Chromium (.ci/run installs both).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, open, printA4, readPdf, pdfPagePng } from './print.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.resolve(process.argv[2] || path.join(root, 'docs/screenshots'));
const site = path.join(root, 'target/screenshots-site');
const examples = ['atlas-crm', 'zh-cn'];
const PRINT_PAGES = 3;

for (const example of examples) {
  execFileSync('cargo', ['run', '--release', '--locked', '-q', '--', '--color', 'never', 'build',
    `examples/${example}/plan.yaml`, '-o', path.join(site, example)], { cwd: root, stdio: 'inherit' });
}
// plan measure's review report of a month of requests.
execFileSync('cargo', ['run', '--release', '--locked', '-q', '--', '--color', 'never', 'measure',
  'tests/fixtures/measure/plan.yaml', 'tests/fixtures/measure/month.csv', '--to', '2026-03-31',
  '-o', path.join(site, 'measure')], { cwd: root, stdio: 'inherit' });
mkdirSync(out, { recursive: true });

const saved = [];
const save = (name, bytes) => {
  writeFileSync(path.join(out, name), bytes);
  saved.push(name);
};

const browser = await launch();
try {
  const screens = [
    ['desktop', { viewport: { width: 1280, height: 900 } }, 2400],
    ['phone', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true }, 2000],
  ];
  for (const example of examples) {
    for (const [screen, options, height] of screens) {
      const { page } = await open(browser, path.join(site, example, 'index.html'), options);
      const { width } = options.viewport;
      save(`${example}-${screen}.png`, await page.screenshot({ fullPage: true, clip: { x: 0, y: 0, width, height } }));
      await page.close();
    }
  }
  {
    const { page } = await open(browser, path.join(site, 'measure/review.html'), screens[0][1]);
    save('measure-report.png', await page.screenshot({ fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 2400 } }));
    await page.close();
  }
  const handbook = await readPdf(await printA4(browser, path.join(site, 'atlas-crm/index.html')));
  for (let number = 1; number <= Math.min(PRINT_PAGES, handbook.numPages); number += 1) {
    save(`atlas-crm-print-${number}.png`, await pdfPagePng(handbook, number));
  }
  const card = await readPdf(await printA4(browser, path.join(site, 'atlas-crm/audiences/account-manager/card.html')));
  save('atlas-crm-card-a4.png', await pdfPagePng(card, 1));
  console.log(`atlas-crm prints on ${handbook.numPages} A4 pages, its account manager's card on ${card.numPages}`);
} finally {
  await browser.close();
}
console.log(`saved in ${path.relative(root, out) || '.'}: ${saved.join(', ')}`);
