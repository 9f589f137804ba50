// Opens each handbook page in headless Chromium, runs axe-core, and fails on
// any serious or critical violation. With --screenshot DIR, saves a PNG of
// each page too. Usage: node check-pages.mjs [--screenshot OUT.png] PAGE.html...
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const args = process.argv.slice(2);
let screenshot = null;
if (args[0] === '--screenshot') {
  screenshot = args[1];
  args.splice(0, 2);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = 0;
let passed = 0;
try {
  for (const page_path of args) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Self-contained pages make no requests; refuse any, to prove it.
    const requests = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(path.resolve(page_path)).href);
    await page.addScriptTag({ content: axeSource });
    const results = await page.evaluate(async () => await window.axe.run(document));
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    if (bad.length > 0 || requests.length > 0) {
      failed += 1;
      console.log(`${page_path}: ${bad.length} serious or critical violations, ${requests.length} network requests`);
      for (const v of bad) console.log(`  ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes)`);
      for (const r of requests) console.log(`  request: ${r}`);
    } else {
      passed += 1;
      console.log(`${page_path}: no serious or critical violations`);
    }
    if (screenshot && passed + failed === 1) {
      await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 2400 } });
    }
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
