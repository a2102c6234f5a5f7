import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from '@parley/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { webchatTestApp } from '../webchat.testing';

// Debian's chromium package; CI installs it (.ci/run). Another browser build can be named in the environment.
const CHROMIUM = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? '/usr/bin/chromium';

/** The enabled choice with this title: older messages keep theirs, disabled. */
const chip = (page: Page, title: string) => page.locator('button.chip:not([disabled])', { hasText: title });

describe('the web chat in a real browser', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` or set PLAYWRIGHT_CHROMIUM_EXECUTABLE`);
    }
    t = await webchatTestApp();
    // With a delivery zone, checkout asks "Delivery or pickup?" first.
    const zone = await t.graphql('mutation { createDeliveryZone(input: { name: "Centro", postcodes: ["00186"], feeAmount: 250 }) { name } }');
    expect(zone.errors).toBeUndefined();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // The flags keep Chromium from reaching out to the network at start (this machine has none to give it).
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('takes an order on the hosted page, from typed words to a confirmed order, by tapping the choices', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 780 } });
    await page.goto(`${t.url}/chat/${t.store.slug}`);
    expect(await page.title()).toBe(`Store ${t.store.slug} · Chat`);

    const message = page.getByRole('textbox', { name: 'Message' });
    await message.fill('2 large margheritas');
    await message.press('Enter');
    await page.getByText('2 × Margherita (large)').first().waitFor();

    await chip(page, 'Checkout').click();
    await chip(page, 'Pickup').click();
    await page.getByText('When would you like to pick it up?').waitFor();
    await chip(page, 'As soon as possible').click();
    await chip(page, 'Pay at pickup').click();
    await page.getByText(/Order #\d+ \(€22\.00\) is confirmed/).waitFor();

    // Reloaded, the page shows the conversation again, from the history.
    await page.reload();
    await page.getByText(/is confirmed/).waitFor();
    expect(await page.locator('.message.visitor').allTextContents()).toEqual(['2 large margheritas', 'Checkout', 'Pickup', 'As soon as possible', 'Pay at pickup']);
    await page.close();
  });

  it('sends again what the server did not acknowledge, after reconnecting, and the store answers it once', async () => {
    const page = await browser.newPage();
    // Between the page and the server: loses the acknowledgement of the visitor's message, then the connection.
    let loseAcknowledgements = true;
    const pageSides: { close(): Promise<void> }[] = [];
    await page.routeWebSocket(/\/graphql$/, (pageSide) => {
      const serverSide = pageSide.connectToServer();
      pageSides.push(pageSide);
      pageSide.onMessage((message) => serverSide.send(message));
      serverSide.onMessage((message) => {
        if (!(loseAcknowledgements && String(message).includes('"webchatSend"'))) pageSide.send(message);
      });
    });
    await page.goto(`${t.url}/chat/${t.store.slug}`);
    const message = page.getByRole('textbox', { name: 'Message' });
    await message.fill('1 tiramisu');
    await message.press('Enter');
    await page.getByText('1 × Tiramisu').waitFor();
    expect(await page.locator('.message.visitor.pending').count()).toBe(1);

    loseAcknowledgements = false;
    await pageSides[0].close();
    await page.locator('.message.visitor.pending').waitFor({ state: 'detached', timeout: 15_000 });
    // Time enough for a second answer, had the resent message been taken as a new one.
    await page.waitForTimeout(1500);
    expect(await page.locator('.message.store', { hasText: '1 × Tiramisu' }).count()).toBe(1);
    expect(await page.locator('.message.visitor').allTextContents()).toEqual(['1 tiramisu']);
    // Still where it was sent: the server's copy of a resent message keeps the first one's time.
    const shown = await page.locator('.message').allTextContents();
    expect(shown.indexOf('1 tiramisu')).toBeLessThan(shown.findIndex((text) => text.includes('1 × Tiramisu')));
    expect(pageSides).toHaveLength(2);
    await page.close();
  });

  it("opens as a floating chat on another site's page, whose styles can't reach it", async () => {
    const site = await serve(`<!doctype html><html><head><style>* { color: lime !important; font-size: 40px !important }</style></head>
      <body><h1>Mario's</h1><script src="${t.url}/webchat/widget.js" data-store="${t.store.slug}" async></script></body></html>`);
    try {
      const page = await browser.newPage();
      await page.goto(site.url);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const message = page.getByRole('textbox', { name: 'Message' });
      await message.fill('hi');
      await message.press('Enter');
      await page.getByText(/Welcome to/).waitFor();
      await chip(page, 'Pizzas').waitFor();
      expect(await chip(page, 'Pizzas').evaluate((node) => getComputedStyle(node).color)).not.toBe('rgb(0, 255, 0)');
      await page.close();
    } finally {
      site.server.close();
    }
  });
});

/** A page of another site: its own origin on 127.0.0.1. */
async function serve(html: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}
