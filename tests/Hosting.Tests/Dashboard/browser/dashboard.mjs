// Drives Debian's chromium (through playwright-core, no browser download) through the Aspire dashboard of a running
// Modelplane AppHost: logs in with the printed token URL, checks the resources page, a trace through the gateway and
// a predictor, and the metrics page, and saves a screenshot of each view. One line per check; exits 1 naming what was
// missing (with a screenshot of the failing page, <check>-failed.png) when a check fails, 2 on bad arguments.
//
//   node dashboard.mjs --login http://127.0.0.1:PORT/login?t=TOKEN --out DIR \
//     --resource sklearn-iris --resource sklearn-iris-predictor-default-0 ... \
//     --gateway gateway --predictor sklearn-iris-predictor-default-0 --predictor sklearn-iris-predictor-canary-0 \
//     [--metrics-resource gateway] [--metric-prefix modelplane.] [--trace-filter POST] [--timeout 30] [--chromium PATH]
//
// --login and --out may also come from DASHBOARD_LOGIN_URL and SCREENSHOT_DIR; CHROMIUM overrides /usr/bin/chromium.
// Options that take a list accept repeats or comma-separated values.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const usage = 'usage: node dashboard.mjs --login URL --out DIR --resource NAME... --predictor NAME... [--gateway NAME] ' +
  '[--metrics-resource NAME] [--metric-prefix PREFIX] [--trace-filter TEXT] [--timeout SECONDS] [--chromium PATH]';

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      login: { type: 'string', default: process.env.DASHBOARD_LOGIN_URL },
      out: { type: 'string', default: process.env.SCREENSHOT_DIR },
      resource: { type: 'string', multiple: true, default: [] },
      gateway: { type: 'string', default: 'gateway' },
      predictor: { type: 'string', multiple: true, default: [] },
      'metrics-resource': { type: 'string' },
      'metric-prefix': { type: 'string', default: 'modelplane.' },
      'trace-filter': { type: 'string', default: 'POST' },
      timeout: { type: 'string', default: '30' },
      chromium: { type: 'string', default: process.env.CHROMIUM ?? '/usr/bin/chromium' },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}

const list = (values) => values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
const resources = list(options.resource);
const predictors = list(options.predictor);
const gateway = options.gateway;
const metricsResource = options['metrics-resource'] ?? gateway;
const metricPrefix = options['metric-prefix'];
const timeoutMs = Number(options.timeout) * 1000;
if (!options.login || !options.out || resources.length === 0 || predictors.length === 0 || !(timeoutMs > 0)) {
  console.error(usage);
  process.exit(2);
}

if (!fs.existsSync(options.chromium)) {
  console.error(`FAIL setup: no chromium at ${options.chromium} (install Debian's: apt-get install -y chromium)`);
  process.exit(1);
}

const out = path.resolve(options.out);
fs.mkdirSync(out, { recursive: true });
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelplane-dashboard-chromium-'));
const origin = new URL(options.login).origin;

/** A check that failed, with what was missing. */
class CheckFailed extends Error {}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Polls `probe` until it returns something truthy or `timeoutMs` passes; gives the last value (falsy on timeout). */
async function poll(probe, { every = 1000, limit = timeoutMs } = {}) {
  const deadline = Date.now() + limit;
  for (;;) {
    const value = await probe();
    if (value || Date.now() > deadline) {
      return value;
    }

    await sleep(every);
  }
}

/** The index of the column headed `name` in `table`, as the grids' rows put their cells in the headers' order. */
async function columnIndex(table, name) {
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((text) => text.trim().split('\n')[0].trim());
  const index = headers.indexOf(name);
  if (index < 0) {
    throw new CheckFailed(`no '${name}' column in the grid (columns: ${headers.join(', ')})`);
  }

  return index;
}

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: options.chromium,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  locale: 'en-US',
  colorScheme: 'light',
});
context.setDefaultTimeout(15000);
const page = context.pages()[0] ?? await context.newPage();

let current = 'login';
let started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const next = (check) => {
  current = check;
  started = Date.now();
};
try {
  // Login: the token URL sets the dashboard's cookie and sends the browser on to the resources page.
  await page.goto(options.login);
  const loggedIn = await poll(async () => !new URL(page.url()).pathname.startsWith('/login')
    && await page.getByRole('heading', { name: 'Resources', level: 1 }).isVisible(), { every: 250, limit: 15000 });
  if (!loggedIn) {
    throw new CheckFailed(`the token was not accepted: the browser is still at ${page.url()}`);
  }

  console.log(`ok login: ${origin} took the token and shows the resources page (${elapsed()})`);

  next('resources');
  await checkResources();

  next('trace');
  await checkTrace();

  next('metrics');
  await checkMetrics();
} catch (error) {
  const shot = path.join(out, `${current}-failed.png`);
  await page.screenshot({ path: shot }).catch(() => {});
  const message = error instanceof CheckFailed ? error.message : (error.stack ?? String(error));
  console.error(`FAIL ${current}: ${message}\n  (page ${page.url()}, screenshot ${shot})`);
  process.exitCode = 1;
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

/** Every expected resource has a row on the resources page, with the state Running; children are shown expanded. */
async function checkResources() {
  const grid = page.getByRole('region', { name: 'Resources' }).getByRole('table');
  await grid.getByRole('row').nth(1).waitFor();

  // Children are nested under their parents; the view options offer to expand them when they are collapsed.
  await page.getByRole('button', { name: 'View options' }).click();
  const expand = page.locator('fluent-menu-item:visible', { hasText: /^\s*Expand child resources\s*$/ });
  if (await expand.count() > 0) {
    await expand.first().click();
    console.log('   (expanded child resources)');
  } else {
    await page.keyboard.press('Escape');
  }

  const stateColumn = await columnIndex(grid, 'State');
  const states = new Map();
  let missing = resources;
  await poll(async () => {
    const left = [];
    for (const name of resources) {
      const row = grid.getByRole('row').filter({ has: page.getByRole('gridcell', { name: new RegExp(`^(?:.+: )?${escapeRegExp(name)}$`) }) });
      const count = await row.count();
      const state = count === 1 ? (await row.getByRole('gridcell').nth(stateColumn).innerText()).trim() : undefined;
      states.set(name, count === 0 ? 'no row' : count > 1 ? `${count} rows` : state);
      if (state !== 'Running') {
        left.push(name);
      }
    }

    missing = left;
    return missing.length === 0;
  });
  if (missing.length > 0) {
    throw new CheckFailed(`not Running after ${timeoutMs / 1000} s: ${missing.map((name) => `${name} (${states.get(name)})`).join(', ')}`);
  }

  console.log(`ok resources: ${resources.length} Running (${elapsed()}): ${resources.join(', ')}`);

  await widenNameColumn(grid);
  await hideLocalPaths(grid);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(out, 'resources.png') });
  console.log(`   screenshot ${path.join(out, 'resources.png')}`);
}

/**
 * For the screenshot only: the Source column names each program by its full path on this machine; the picture keeps
 * the file names (node ...s3rver.js, Predictor.csproj) and drops the directories.
 */
async function hideLocalPaths(grid) {
  const sourceColumn = await columnIndex(grid, 'Source');
  await grid.getByRole('row').evaluateAll((rows, column) => {
    for (const row of rows) {
      const cell = row.querySelectorAll('[role="gridcell"]')[column];
      const walker = cell ? document.createTreeWalker(cell, NodeFilter.SHOW_TEXT) : null;
      for (let node = walker?.nextNode(); node; node = walker.nextNode()) {
        node.textContent = node.textContent.replace(/(?:[A-Za-z]:)?[\\/]\S*[\\/]([^\\/\s]+)/g, '$1');
      }
    }
  }, sourceColumn);
}

/** For the screenshot only: grows the Name column until no name is cut off, and shrinks Source to make room. */
async function widenNameColumn(grid) {
  try {
    const clipped = () => grid.locator('td.expand-col').evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth).length);
    const overflow = () => page.getByRole('region', { name: 'Resources' }).evaluate((region) => region.scrollWidth > region.clientWidth);
    const resize = async (column, button, until) => {
      await grid.getByRole('columnheader', { name: column }).getByRole('button', { name: column, exact: true }).click();
      const menuItem = page.locator('fluent-menu-item:visible', { hasText: /^\s*Resize\s*$/ });
      if (await menuItem.count() > 0) {
        await menuItem.first().click();
      }

      const control = page.getByLabel(button);
      for (let step = 0; step < 40 && !await until(); step++) {
        await control.click({ timeout: 2000 });
        await sleep(30);
      }

      // The width popup closes on Escape, or else on a click outside it (on the page's heading).
      await page.keyboard.press('Escape');
      if (!await poll(async () => !await control.isVisible(), { every: 100, limit: 1000 })) {
        await page.getByRole('banner').getByRole('heading', { level: 1 }).click();
        await control.waitFor({ state: 'hidden', timeout: 3000 });
      }
    };

    if (await clipped() > 0) {
      await resize('Name', 'Grow column width', async () => await clipped() === 0);
      await resize('Source', 'Shrink column width', async () => !await overflow());
    }
  } catch (error) {
    console.log(`   (could not widen the Name column for the screenshot: ${error.message.split('\n')[0]})`);
    await page.keyboard.press('Escape').catch(() => {});
  }
}

/**
 * A trace through the gateway and a predictor: the traces page, filtered by the request's method, lists it with the
 * gateway at its root; its detail must hold spans of both services. The list also counts a called resource that sent
 * no span of its own (e.g. the gateway's readiness probes of the replicas), so only the detail proves the predictor's.
 */
async function checkTrace() {
  const grid = page.getByRole('region', { name: 'Traces' }).getByRole('table');
  // Each row's name cell is labelled "Name: <service of the root span>: <span name>\nTrace Id: <id>".
  const nameCells = grid.getByRole('gridcell', { name: /^Name: / });
  const filter = options['trace-filter'];

  // The list, filtered: typed text counts once the page is live, so type until every row shown matches.
  const showFiltered = async () => {
    await page.getByRole('heading', { name: 'Traces', level: 1 }).waitFor();
    await grid.getByRole('columnheader').first().waitFor();
    const filtered = await poll(async () => {
      await page.getByRole('searchbox').fill(filter);
      await sleep(750);
      const labels = await nameCells.evaluateAll((cells) => cells.map((cell) => cell.getAttribute('aria-label') ?? ''));
      return labels.every((label) => label.toLowerCase().includes(filter.toLowerCase()));
    }, { every: 250, limit: 15000 });
    if (!filtered) {
      throw new CheckFailed(`the traces page did not apply the filter '${filter}'`);
    }
  };

  await page.getByRole('navigation').getByRole('link', { name: 'Traces' }).click();
  await page.waitForURL('**/traces');
  let seen = `no trace named '${filter}' with ${gateway} at its root`;
  const found = await poll(async () => {
    if (!page.url().endsWith('/traces')) {
      await page.goto(`${origin}/traces`);
    }

    await showFiltered();
    const labels = await grid.getByRole('gridcell', { name: new RegExp(`^Name: ${escapeRegExp(gateway)}: `) })
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('aria-label') ?? ''));
    const ids = labels.map((label) => /Trace Id: ([0-9a-f]+)/.exec(label)?.[1]).filter(Boolean);

    // Newest last in the list: look at the newest few.
    for (const id of ids.reverse().slice(0, 3)) {
      if (!page.url().endsWith('/traces')) {
        await page.goto(`${origin}/traces`);
        await showFiltered();
      }

      await grid.getByRole('gridcell', { name: new RegExp(`^Name: .*Trace Id: ${id}`, 's') }).click();
      await page.waitForURL(`**/traces/detail/${id}`);
      const detail = page.getByRole('region', { name: 'Trace detail' }).getByRole('table');
      await detail.getByRole('row').nth(1).waitFor();
      await sleep(500);
      const resourceColumn = await columnIndex(detail, 'Resource');
      const spans = [];
      for (const spanRow of await detail.getByRole('row').all()) {
        const cells = spanRow.getByRole('gridcell');
        if (await cells.count() > resourceColumn) {
          spans.push({ name: (await cells.first().getAttribute('aria-label')) ?? '', resource: (await cells.nth(resourceColumn).innerText()).trim() });
        }
      }

      const fromGateway = spans.filter((span) => span.resource === gateway);
      const fromPredictor = spans.filter((span) => predictors.includes(span.resource));
      if (fromGateway.length > 0 && fromPredictor.length > 0) {
        return { id, spans, fromGateway, fromPredictor };
      }

      seen = `trace ${id} has spans from ${[...new Set(spans.map((span) => span.resource))].join(', ') || 'nobody'}`;
    }

    await page.goto(`${origin}/traces`);
    return null;
  }, { every: 2000 });
  if (!found) {
    throw new CheckFailed(`no trace with spans from both ${gateway} and one of ${predictors.join(', ')} within ${timeoutMs / 1000} s ` +
      `(looked at the traces named '${filter}' with ${gateway} at the root; last seen: ${seen})`);
  }

  const describe = (spans) => spans.map((span) => `'${span.name}'`).join(', ');
  console.log(`ok trace (${elapsed()}): ${found.id} has ${found.spans.length} spans, from ${gateway}: ${describe(found.fromGateway)}; ` +
    `from ${found.fromPredictor[0].resource}: ${describe(found.fromPredictor)}`);

  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(out, 'trace.png') });
  console.log(`   screenshot ${path.join(out, 'trace.png')}`);
}

/** The metrics page, with the resource selected, lists instruments whose names start with the prefix; one is shown. */
async function checkMetrics() {
  await page.getByRole('navigation').getByRole('link', { name: 'Metrics' }).click();
  await page.waitForURL('**/metrics**');
  const selectResource = async () => {
    const combobox = page.getByRole('toolbar').getByRole('combobox').first();
    await combobox.click();
    const listbox = page.locator(`[id="${await combobox.getAttribute('aria-controls')}"]`);
    const option = listbox.locator(`fluent-option[text="${metricsResource}"]`);
    if (await option.count() === 0) {
      const offered = (await listbox.locator('fluent-option').evaluateAll((elements) => elements.map((element) => element.getAttribute('text')))).join(', ');
      await page.keyboard.press('Escape');
      return `no resource '${metricsResource}' to select (offered: ${offered})`;
    }

    await option.click();
    return null;
  };

  let problem = null;
  const instruments = await poll(async () => {
    problem = await selectResource();
    if (!problem) {
      await sleep(1000);
      const names = (await page.getByText(new RegExp(`^${escapeRegExp(metricPrefix)}`)).allInnerTexts()).map((text) => text.trim());
      if (names.length > 0) {
        return names;
      }

      problem = `no instrument of ${metricsResource} starts with '${metricPrefix}'`;
    }

    await page.reload();
    return null;
  }, { every: 2000 });
  if (!instruments) {
    throw new CheckFailed(`${problem} within ${timeoutMs / 1000} s`);
  }

  // Show the first one's chart for the screenshot.
  const shown = instruments[0];
  await page.locator(`[title="${shown}"]`).first().click();
  await page.getByRole('heading', { name: shown }).waitFor();
  await sleep(1500);
  console.log(`ok metrics (${elapsed()}): ${metricsResource} has ${instruments.join(', ')}`);

  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(out, 'metrics.png') });
  console.log(`   screenshot ${path.join(out, 'metrics.png')}`);
}
