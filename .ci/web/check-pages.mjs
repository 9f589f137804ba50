// Opens each handbook page in headless Chromium, runs axe-core, and fails on
// any serious or critical violation or any network request.
// Usage: node check-pages.mjs PAGE.html...
// (The screenshots of docs/screenshots/ are screenshots.mjs's.)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, open } from './print.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const browser = await launch();
let failed = 0;
let passed = 0;
try {
  for (const page_path of process.argv.slice(2)) {
    // Self-contained pages make no requests: `open` refuses any and lists them.
    const { page, requests } = await open(browser, page_path, { viewport: { width: 1280, height: 900 } });
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
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
