// Bundle-size budget: the JavaScript the first page load needs (index.html's
// module script and its static imports) ≤ 170 KB gzipped; every lazily
// loaded chunk (ECharts) ≤ 250 KB gzipped. Prints the sizes, exits 1 over
// budget.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? '../server/web/dist/app';
const INITIAL_KB = 170;
const LAZY_KB = 250;

const html = readFileSync(join(dir, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)].map((m) => m[1]);
if (entries.length === 0) {
  console.error(`budget: no script in ${dir}/index.html`);
  process.exit(1);
}

const gz = (f) => gzipSync(readFileSync(join(dir, f)), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);

// Follow static imports (import ... from "./x.js" / import "./x.js") from the entries.
const initial = new Set();
const queue = [...entries];
while (queue.length) {
  const f = queue.pop();
  if (initial.has(f)) continue;
  initial.add(f);
  const src = readFileSync(join(dir, f), 'utf8');
  for (const m of src.matchAll(/(?:^|[;}\n])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    queue.push(join('assets', m[1]));
  }
}

const all = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => join('assets', f));
let failed = false;
let initialTotal = 0;
console.log('bundle sizes (gzip -9):');
for (const f of all.sort()) {
  const size = gz(f);
  const lazy = !initial.has(f);
  if (!lazy) initialTotal += size;
  const over = lazy && size > LAZY_KB * 1024;
  failed ||= over;
  console.log(`  ${lazy ? 'lazy   ' : 'initial'} ${kb(size).padStart(7)} KB  ${f}${over ? `  OVER ${LAZY_KB} KB` : ''}`);
}
const overInitial = initialTotal > INITIAL_KB * 1024;
failed ||= overInitial;
console.log(`initial JavaScript: ${kb(initialTotal)} KB gzipped (budget ${INITIAL_KB} KB)${overInitial ? '  OVER BUDGET' : ''}`);
console.log(`largest lazy chunk budget: ${LAZY_KB} KB gzipped`);
if (failed) {
  console.error('budget: over budget');
  process.exit(1);
}
