#!/usr/bin/env node
// Usage: node run-axe.js PAGE.html [SCREENSHOT.png]
// Opens the page in headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM), runs axe-core
// with every WCAG 2.x A/AA rule and best practice, prints the result as JSON and exits 0.
// Exit 2 means the runner itself failed (no browser, page not found).
const path = require("path");
const { chromium } = require("playwright-core");
const axeSource = require("axe-core").source;

async function main() {
  const [page, shot] = process.argv.slice(2);
  if (!page) { console.error("usage: run-axe.js PAGE.html [SCREENSHOT.png]"); process.exit(2); }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 1200 } });
    const tab = await context.newPage();
    await tab.goto("file://" + path.resolve(page), { waitUntil: "load" });
    await tab.addScriptTag({ content: axeSource });
    const results = await tab.evaluate(async () => await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    }));
    if (shot) await tab.screenshot({ path: shot, fullPage: true });
    const summary = {
      axe: results.testEngine.version,
      browser: browser.version(),
      lang: await tab.evaluate(() => document.documentElement.lang),
      title: await tab.title(),
      passes: results.passes.length,
      violations: results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({ target: n.target, summary: n.failureSummary })),
      })),
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  } finally {
    await browser.close();
  }
}

main().catch(err => { console.error(String(err && err.stack || err)); process.exit(2); });
