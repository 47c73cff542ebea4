// End-to-end smoke test: playwright-core drives Debian's Chromium
// (/usr/bin/chromium, no browser download) against a running ExportScope
// server (BASE_URL) whose store holds the generated test data.
// Steps: sign up → sector dashboard with charts → listing search with a
// facet → market report to 100 % → switch language (remembered on reload).
// Screenshots of each step go to test-results/ (shared launch and step
// helpers: lib/suite.mjs).
import { openSuite } from './lib/suite.mjs';

const { base, page, check, runSteps } = await openSuite({ name: 'smoke' });

const chartsDrawn = async (n) => {
  await page.locator('[data-testid="market-report"]').waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('[role="img"][data-rendered="true"] canvas').length >= n, n);
};

await runSteps(async () => {
  await check('sign-up', async () => {
    await page.goto(base + '/');
    await page.waitForURL('**/signin');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    if ((await page.getAttribute('html', 'lang')) !== 'zh-CN') throw new Error('default language is not Chinese');
    await page.getByRole('link', { name: '还没有账号？注册' }).click();
    await page.getByLabel('邮箱').fill(`e2e-${Date.now()}@example.com`);
    await page.getByLabel('密码（至少 10 位）').fill('correct horse battery');
    await page.getByLabel('企业或机构名称').fill('营口镁业测试');
    await page.getByRole('button', { name: '注册' }).click();
    await page.getByRole('heading', { name: '行业看板' }).waitFor();
  });

  await check('dashboard', async () => {
    await page.getByRole('button', { name: '生成最新报告' }).click();
    await chartsDrawn(4);
    await page.getByText('机会评分排名（含构成）').waitFor();
  });

  await check('listings-search', async () => {
    await page.getByRole('link', { name: '商品检索' }).click();
    await page.getByRole('searchbox').fill('magnesia');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForFunction(() => /共 [\d,]+ 条结果/.test(document.querySelector('[data-testid="total"]')?.textContent ?? ''));
    const before = await page.getByTestId('total').textContent();
    const rows = await page.locator('tbody tr').count();
    if (rows === 0) throw new Error('no rows for "magnesia"');
    await page.locator('[data-facet="marketplace"] input[type="checkbox"]').first().check();
    await page.waitForFunction((b) => document.querySelector('[data-testid="total"]')?.textContent !== b, before);
    console.log(`       "magnesia": ${before} → with a marketplace facet: ${await page.getByTestId('total').textContent()}`);
  });

  await check('report', async () => {
    await page.getByRole('link', { name: '报告中心' }).click();
    await page.getByLabel('市场（两位国家代码，留空为全部）').fill('DE');
    await page.getByRole('button', { name: '生成市场报告' }).click();
    await page.waitForURL('**/reports/*');
    await page.waitForFunction(() => document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') === '100');
    await page.getByTestId('report-status').filter({ hasText: '已完成' }).waitFor();
    await chartsDrawn(4);
  });

  await check('switch-language', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByRole('heading', { name: 'Report centre' }).waitFor();
    if ((await page.getAttribute('html', 'lang')) !== 'en') throw new Error('html lang is not en');
    await page.reload();
    await page.getByRole('heading', { name: 'Report centre' }).waitFor();
    await page.getByRole('link', { name: 'Listings' }).click();
    await page.getByRole('heading', { name: 'Listing explorer' }).waitFor();
  });

});
