// Chromium and PDF helpers shared by check-pages.mjs, check-print.mjs and screenshots.mjs:
// pages printed as Chromium prints them (A4, print CSS, margin boxes), and
// the PDF read back with pdf.js.
import { chromium } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

/** Headless Chromium as .ci/run installs it, with no network of its own. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page of `browser` on a local file, refusing every request off the disk. */
export async function open(browser, file, options = {}) {
  const page = await browser.newPage({ colorScheme: 'light', ...options });
  const requests = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(path.resolve(file)).href);
  return { page, requests };
}

/** The page printed as Chromium prints it on A4: the page's own @page
 *  rules (margins, margin boxes) apply. */
export async function printA4(browser, file) {
  const { page } = await open(browser, file);
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  await page.close();
  return new Uint8Array(pdf);
}

/** The PDF as pdf.js reads it. */
export async function readPdf(bytes) {
  return getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
}

/** Page `number` (1-based) of a PDF as a PNG, `scale` times 72 dpi. */
export async function pdfPagePng(pdf, number, scale = 1.5) {
  const page = await pdf.getPage(number);
  const viewport = page.getViewport({ scale });
  const factory = pdf.canvasFactory;
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: context, viewport, canvas }).promise;
  return canvas.toBuffer('image/png');
}
