// End-to-end suite of the product pages: playwright-core in Debian's
// Chromium against the real server (BASE_URL) on the seeded store.
// Steps: sign up → a listing's price/rank history chart → a market report
// followed live to 100 % (WebSocket subscription) → its XLSX download
// (a ZIP: starts with "PK") → print view → brand watch, billing and
// settings (CSV upload with row errors, an invitation over the seat limit) → switch language → a second
// tenant gets NOT_FOUND for the first tenant's report. Screenshots go to
// test-results/app-*.png.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSuite } from './lib/suite.mjs';

const { base, page, check, runSteps, downloadDir, shots, stepNo } = await openSuite({ name: 'app', prefix: 'app-', downloads: true, expectedConsoleError: (t) => /404|Not Found/i.test(t) });

// WebSocket frames of the report subscription, to show the progress came through it.
const wsFrames = [];
page.on('websocket', (ws) => {
  ws.on('framereceived', (f) => wsFrames.push(String(f.payload)));
});

async function signUp(email, org) {
  await page.goto(base + '/signup');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码（至少 10 位）').fill('correct horse battery');
  await page.getByLabel('企业或机构名称').fill(org);
  await page.getByRole('button', { name: '注册' }).click();
  await page.getByRole('heading', { name: '行业看板' }).waitFor();
}

let reportURL = '';
await runSteps(async () => {
  await check('sign-up', async () => {
    await page.goto(base + '/');
    await page.waitForURL('**/signin');
    await signUp(`app-a-${Date.now()}@example.com`, '甲公司');
  });

  await check('listing-history', async () => {
    await page.getByRole('link', { name: '商品检索' }).click();
    await page.getByTestId('listing-link').first().waitFor();
    // Price range facet: an upside-down range is named and not applied; a valid one narrows the results.
    const all = await page.getByTestId('total').textContent();
    await page.getByLabel('最低价（美元）').fill('50');
    await page.getByLabel('最高价（美元）').fill('10');
    await page.getByTestId('price-error').filter({ hasText: '最低价高于最高价' }).waitFor();
    await page.getByLabel('最高价（美元）').fill('60');
    await page.waitForFunction((b) => { const t = document.querySelector('[data-testid="total"]')?.textContent; return t && t !== b; }, all);
    await page.getByLabel('最低评分').selectOption('4');
    await page.getByTestId('listing-link').first().waitFor();
    const prices = await page.locator('tbody tr td:nth-child(5)').allTextContents();
    for (const p of prices) {
      const v = Number(p.replace(/[^\d.]/g, ''));
      if (!(v >= 50 && v <= 60)) throw new Error(`a USD price ${p} outside 50–60 with the range set`);
    }
    const title = await page.getByTestId('listing-link').first().textContent();
    await page.getByTestId('listing-link').first().click();
    await page.waitForURL('**/listings/*');
    await page.getByRole('heading', { name: title.trim() }).waitFor();
    await page.getByRole('heading', { name: '价格与销售排名走势' }).waitFor();
    // Not every generated listing has observations: open one that has two or more.
    const id = await page.evaluate(async () => {
      const gql = async (query, variables) => {
        const r = await fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${localStorage.getItem('exportscope.token')}` }, body: JSON.stringify({ query, variables }) });
        return (await r.json()).data;
      };
      const { listings } = await gql('query($q:String){listings(query:$q, first:40){edges{node{id}}}}', { q: 'magnesium' });
      for (const { node } of listings.edges) {
        const { listing } = await gql('query($id:ID!){listing(id:$id){history{time}}}', { id: node.id });
        if (listing.history.length >= 2) return node.id;
      }
      return null;
    });
    if (!id) throw new Error('no listing with two observations among the first 40 for "magnesium"');
    await page.goto(`${base}/listings/${encodeURIComponent(id)}`);
    await page.getByTestId('listing-history').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="listing-history"] [role="img"][data-rendered="true"] canvas') != null);
  });

  await check('report-live', async () => {
    await page.getByRole('link', { name: '报告中心' }).click();
    await page.getByRole('heading', { name: '全部报告' }).waitFor();
    await page.getByRole('button', { name: '生成市场报告' }).click();
    await page.waitForURL('**/reports/*');
    reportURL = page.url();
    await page.waitForFunction(() => document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') === '100');
    await page.getByTestId('report-status').filter({ hasText: '已完成' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="market-report"] [role="img"][data-rendered="true"] canvas').length >= 6);
    await page.getByTestId('provenance').waitFor();
    const progress = wsFrames.filter((f) => f.includes('"reportProgress"'));
    const via = await page.getByTestId('report-via').getAttribute('data-via').catch(() => 'none');
    if (progress.length === 0) throw new Error(`no reportProgress message over the WebSocket (page followed it by ${via})`);
    if (!progress.some((f) => f.includes('"DONE"'))) throw new Error('the subscription never sent DONE');
    console.log(`       ${progress.length} progress messages over the socket; the page followed it by ${via}`);
  });

  await check('report-list', async () => {
    await page.getByRole('link', { name: '← 全部报告' }).click();
    await page.getByTestId('report-list').locator('tbody tr').first().waitFor();
    await page.getByTestId('report-list').getByText('已完成').first().waitFor();
    await page.goto(reportURL);
    await page.getByTestId('download-xlsx').waitFor();
  });

  await check('empty-market-hint', async () => {
    await page.getByRole('link', { name: '报告中心' }).click();
    await page.getByLabel('市场（两位国家代码，留空为全部）').fill('PE');
    await page.getByRole('button', { name: '生成市场报告' }).click();
    await page.waitForURL('**/reports/*');
    await page.getByTestId('markets-hint').waitFor();
    const hint = await page.getByTestId('markets-hint').textContent();
    if (!/\(DE\)/.test(hint)) throw new Error(`the hint does not name the markets with data: ${hint}`);
    // The build refuses a market without data and its reason names the ones that have some.
    await page.getByTestId('report-status').filter({ hasText: '失败' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'PE' }).waitFor();
    await page.goto(reportURL);
    await page.getByTestId('download-xlsx').waitFor();
  });

  await check('download-xlsx', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
    const path = join(downloadDir, download.suggestedFilename());
    await download.saveAs(path);
    const head = readFileSync(path).subarray(0, 2).toString('latin1');
    if (head !== 'PK') throw new Error(`the XLSX starts with ${JSON.stringify(head)}, not PK`);
    if (!download.suggestedFilename().endsWith('.xlsx')) throw new Error(`file name ${download.suggestedFilename()}`);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    const csvPath = join(downloadDir, csv.suggestedFilename());
    await csv.saveAs(csvPath);
    if (readFileSync(csvPath).length < 20) throw new Error('the CSV is empty');
  });

  await check('print-view', async () => {
    await page.emulateMedia({ media: 'print' });
    if (await page.locator('header.topbar').isVisible()) throw new Error('the top bar shows in print');
    await page.getByRole('heading', { name: '市场报告 · Market report' }).waitFor();
    await page.screenshot({ path: join(shots, `app-${String(stepNo()).padStart(2, '0')}-print.png`), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  await check('brand-watch', async () => {
    await page.getByRole('link', { name: '品牌监测' }).click();
    await page.getByRole('heading', { name: '品牌监测' }).waitFor();
    await page.getByLabel('品牌', { exact: true }).fill('MagPro');
    await page.getByLabel('角色').selectOption('own');
    await page.getByRole('button', { name: '添加监测' }).click();
    await page.getByTestId('watchlists').getByText('MagPro').waitFor();
    await page.getByRole('button', { name: '关注' }).first().click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="watchlists"] tr').length >= 2);
    await page.getByRole('button', { name: '立即检查' }).click();
    await page.getByText('检查完成').waitFor();
  });

  await check('billing', async () => {
    await page.getByRole('link', { name: '订阅' }).click();
    await page.getByTestId('billing-plan').getByText('免费版').waitFor();
    await page.getByRole('button', { name: '升级到专业版' }).waitFor();
  });

  await check('settings-upload', async () => {
    await page.getByRole('link', { name: '设置' }).click();
    await page.getByTestId('members').locator('tbody tr').first().waitFor();
    const csv = 'brand,seller,marketplace\nMagPro,Good Seller,amazon\n,Missing Brand,amazon\nMagPro,Second Seller,\n';
    await page.locator('#file-sellers').setInputFiles({ name: 'sellers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('upload-sellers').getByRole('button', { name: '上传 CSV' }).click();
    await page.getByTestId('upload-sellers').getByTestId('row-errors').waitFor();
    const rows = await page.getByTestId('upload-sellers').getByTestId('row-errors').locator('tbody tr').allTextContents();
    if (!rows.some((r) => r.startsWith('3'))) throw new Error(`row 3 (no brand) is not among the errors: ${rows.join(' | ')}`);
    await page.getByTestId('upload-sellers').getByText('已保存 2 行。').waitFor();
  });

  await check('invite-over-seat-limit', async () => {
    // The Free plan has one seat: the invitation is refused with the API's QUOTA_EXCEEDED message.
    await page.getByLabel('邮箱').fill(`app-a2-${Date.now()}@example.com`);
    await page.getByRole('button', { name: '发送邀请' }).click();
    await page.getByTestId('members').getByRole('alert').filter({ hasText: 'seat limit' }).waitFor();
    if (await page.getByTestId('invite-link').count()) throw new Error('an invitation link is shown although the invitation was refused');
    await page.goto(base + '/accept?token=esi_not-a-real-token');
    await page.getByRole('heading', { name: '接受邀请' }).waitFor();
    if ((await page.getByLabel('邀请令牌').inputValue()) !== 'esi_not-a-real-token') throw new Error('the token from the link is not filled in');
    await page.goto(base + '/settings');
    await page.getByTestId('members').waitFor();
  });

  await check('switch-language', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.goto(reportURL);
    await page.getByRole('heading', { name: 'Report centre' }).waitFor();
    await page.getByRole('button', { name: 'Download XLSX' }).waitFor();
    await page.getByTestId('lang-switch').click();
    await page.getByRole('heading', { name: '报告中心' }).waitFor();
  });

  await check('other-tenant-not-found', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL('**/signin');
    await signUp(`app-b-${Date.now()}@example.com`, '乙公司');
    await page.goto(reportURL);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    if (!/no report/.test(text)) throw new Error(`expected the API's NOT_FOUND message, got ${JSON.stringify(text)}`);
    if (await page.getByTestId('market-report').count()) throw new Error("the other tenant's report is shown");
    const id = decodeURIComponent(new URL(reportURL).pathname.split('/').pop());
    const status = await page.evaluate(async (id) => {
      const r = await fetch(`/api/reports/${encodeURIComponent(id)}/export.xlsx`, { headers: { Authorization: `Bearer ${localStorage.getItem('exportscope.token')}` } });
      return r.status;
    }, id);
    if (status !== 404) throw new Error(`the other tenant's XLSX answered ${status}, not 404`);
    await page.getByRole('link', { name: '报告中心' }).click();
    await page.getByText('还没有报告').waitFor();
  });

});
