// Prints handbook pages to PDF as Chromium prints them (A4) and counts the
// pages: a handbook must fit its budget with its tables printed as tables
// (not the stacked phone layout), a quick reference card exactly one page.
// Usage: node check-print.mjs [--max-pages N HANDBOOK.html]... [--one-page CARD.html...]
import { launch, open, printA4, readPdf } from './print.mjs';

const handbooks = [];
const cards = [];
const args = process.argv.slice(2);
for (let index = 0; index < args.length; index += 1) {
  if (args[index] === '--max-pages') {
    handbooks.push({ file: args[index + 2], max: Number(args[index + 1]) });
    index += 2;
  } else if (args[index] === '--one-page') {
    // The rest are cards.
    cards.push(...args.slice(index + 1));
    break;
  } else {
    console.error(`unexpected argument ${args[index]}`);
    process.exit(2);
  }
}

/** How the matrix prints, at the width of A4's printable area: its rows
 *  laid out as table rows, its header repeated on every page. */
async function matrixLayout(browser, file) {
  const { page } = await open(browser, file, { viewport: { width: 700, height: 1000 } });
  await page.emulateMedia({ media: 'print' });
  const layout = await page.evaluate(() => {
    const table = document.querySelector('#matrix table');
    if (!table) return null;
    const display = (selector) => getComputedStyle(table.querySelector(selector)).display;
    return { table: getComputedStyle(table).display, head: display('thead'), row: display('tbody tr') };
  });
  await page.close();
  return layout;
}

let failed = 0;
const browser = await launch();
try {
  for (const { file, max } of handbooks) {
    const pages = (await readPdf(await printA4(browser, file))).numPages;
    const layout = await matrixLayout(browser, file);
    const asTable = layout && layout.table === 'table' && layout.head === 'table-header-group'
      && layout.row === 'table-row';
    const ok = pages <= max && asTable;
    if (!ok) failed += 1;
    console.log(`${file}: ${pages} A4 pages (at most ${max}), matrix printed ${asTable ? 'as a table' : `as ${JSON.stringify(layout)}`}${ok ? '' : ': FAILED'}`);
  }
  for (const file of cards) {
    const pages = (await readPdf(await printA4(browser, file))).numPages;
    if (pages !== 1) failed += 1;
    console.log(`${file}: ${pages} A4 page${pages === 1 ? '' : 's: FAILED, a card is one page'}`);
  }
} finally {
  await browser.close();
}
console.log(`${handbooks.length + cards.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
