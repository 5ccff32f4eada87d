// The snippet's cost to a host page, in headless Chromium against a real server on loopback:
// 1. first chunk: dist/parley.iife.js gzipped (the budget, 10 KB, is also checked by npm test);
// 2. time from the snippet's script starting to the launcher painted;
// 3. Total Blocking Time (long tasks over 50 ms) in the 8 s after load, with the snippet (which also
//    loads the full widget when the browser is idle) and without it.
// Run: npm run build && node --import tsx bench/support-launcher.ts   (RUNS=n to change the sample size)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../test/support/browser.js';
import { siteRoot } from '../test/support/site-root.js';
import { startTestServer } from '../test/support/test-server.js';
import { ms, summary } from './support/stats.js';

const RUNS = Number(process.env.RUNS ?? 10);

// Long tasks from the start; the launcher polled every frame inside the shadow root.
const PROBE = `<script>
  window.longTasks = [];
  new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
  window.painted = new Promise((resolve) => {
    const check = () => {
      const launcher = document.querySelector('support-chat')?.shadowRoot?.querySelector('.launcher');
      if (launcher && launcher.getBoundingClientRect().width > 0) requestAnimationFrame(() => setTimeout(() => resolve(performance.now())));
      else requestAnimationFrame(check);
    };
    check();
  });
</script>`;
const CONTENT = '<h1>Shop</h1>' + '<p>Some text of the page.</p>'.repeat(50);
const PAGES = {
  'with.html': `<!doctype html><title>with</title>${PROBE}${CONTENT}<script>performance.mark('snippet')</script><script src="/dist/parley.iife.js" data-server="/" async></script>`,
  'without.html': `<!doctype html><title>without</title>${PROBE}${CONTENT}`,
};

const site = siteRoot(PAGES);
const server = await startTestServer({ staticRoot: site.root });
const browser = await chromium.launch({ executablePath: findChrome(), args: CHROME_ARGS });
const gz = gzipSync(readFileSync('dist/parley.iife.js'), { level: 9 }).length;
console.log(`first chunk (dist/parley.iife.js): ${(gz / 1024).toFixed(2)} KB gzip; full widget (dist/parley.js): ${(gzipSync(readFileSync('dist/parley.js'), { level: 9 }).length / 1024).toFixed(1)} KB gzip, loaded later`);

interface LongTask {
  start: number;
  duration: number;
}
const tbt = (tasks: LongTask[]) => tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0);
const blockingLoader: number[] = [];
const paint: number[] = [];
const fetched: number[] = [];
const blockingWith: number[] = [];
const blockingWithout: number[] = [];
for (let i = 0; i < RUNS; i++) {
  for (const name of ['with', 'without'] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/${name}.html`, { waitUntil: 'load' });
    if (name === 'with') {
      paint.push(await page.evaluate(`window.painted.then((t) => t - performance.getEntriesByName('snippet')[0].startTime)`));
      fetched.push(await page.evaluate(`performance.getEntriesByType('resource').find((e) => e.name.endsWith('parley.iife.js')).responseEnd - performance.getEntriesByName('snippet')[0].startTime`));
      // Wait until the idle load brought the full widget.
      await page.waitForFunction(`customElements.get('support-chat') !== undefined`, undefined, { timeout: 20_000 });
    }
    await page.waitForTimeout(8000);
    const tasks = (await page.evaluate('window.longTasks')) as LongTask[];
    (name === 'with' ? blockingWith : blockingWithout).push(tbt(tasks));
    if (name === 'with') {
      // The loader alone: long tasks before it started loading the full widget.
      const widgetLoad = (await page.evaluate(`performance.getEntriesByName('parley:widget-load')[0]?.startTime ?? Infinity`)) as number;
      blockingLoader.push(tbt(tasks.filter((t) => t.start < widgetLoad)));
    }
    await context.close();
  }
}
const s = summary(paint);
const f = summary(fetched);
console.log(`script start -> launcher painted: p50 ${ms(s.p50)}, max ${ms(s.max)}; of which fetching the first chunk p50 ${ms(f.p50)} (${RUNS} runs)`);
const w = summary(blockingWith);
const wo = summary(blockingWithout);
const l = summary(blockingLoader);
console.log(`Total Blocking Time, 8 s after load: with the snippet p50 ${ms(w.p50)} (max ${ms(w.max)}); without p50 ${ms(wo.p50)} (max ${ms(wo.max)})`);
console.log(`  of which before the full widget started loading (the loader alone): p50 ${ms(l.p50)} (max ${ms(l.max)})`);
await browser.close();
await server.close();
site.remove();
