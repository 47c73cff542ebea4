// End-to-end test of the association portals: playwright-core drives
// Debian's Chromium against a running ExportScope server (BASE_URL).
// The association and its members are created through the GraphQL API;
// then a visitor opens the portal by its host name (Chromium maps
// *.portal.test to 127.0.0.1), searches the members and sends an inquiry;
// the matching member signs in and finds it in the inbox, a member of
// another sector does not; a member reads a report the association
// published and edits its profile; the association edits its portal and
// sees the inquiry counts. Screenshots go to test-results/portal-*.png.
import { openSuite } from './lib/suite.mjs';

const { base, page, check, runSteps } = await openSuite({ name: 'portal', prefix: 'portal-', args: ['--host-resolver-rules=MAP *.portal.test 127.0.0.1'] });
const run = Date.now().toString(36);
const host = `e2e${run}.portal.test`;
const portalURL = `http://${host}:${new URL(base).port}`;
const password = 'correct horse battery';

async function gql(token, query, variables) {
  const res = await fetch(base + '/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const signUpQ = `mutation($in: SignUpInput!) { signUp(input: $in) { token } }`;
async function signUp(email, name, kind) {
  return (await gql('', signUpQ, { in: { email, password, tenantName: name, tenantKind: kind } })).signUp.token;
}

// The association, its portal and two members of different sectors.
const assocEmail = `assoc-${run}@example.org`;
const oxideEmail = `oxide-${run}@example.com`;
const seaEmail = `sea-${run}@example.com`;
const assoc = await signUp(assocEmail, '营口镁质材料协会', 'ASSOCIATION');
await gql(assoc, `mutation($in: PortalInput!) { savePortal(input: $in) { slug } }`, { in: {
  slug: `e2e-${run}`, hostName: host, nameZh: '营口镁质材料协会', nameEn: 'Yingkou Magnesia Association',
  introZh: '面向海外采购商的镁质材料企业门户。', introEn: 'Magnesia makers for overseas buyers.',
  primaryColor: '#0b5d57', accentColor: '#d4572a', featuredSectors: ['magnesium', 'seafood'], publicFigures: ['IMPORTS', 'OPPORTUNITY'],
} });
const members = [
  { email: oxideEmail, profile: { companyZh: '营口氧化镁厂', companyEn: 'Yingkou Oxide Works', sectors: ['magnesium'], productsZh: ['氧化镁'], productsEn: ['magnesium oxide'], certifications: ['ISO 9001'], exportMarkets: ['DE', 'JP'], priceUsdPerTon: 450 } },
  { email: seaEmail, profile: { companyZh: '盘锦海蜇食品', companyEn: 'Panjin Jellyfish Foods', sectors: ['seafood'], productsZh: ['海蜇'], productsEn: ['salted jellyfish'], exportMarkets: ['KR'] } },
];
for (const m of members) {
  const token = await signUp(m.email, m.profile.companyZh, 'EXPORTER');
  await gql(token, `mutation($in: MemberProfileInput!) { saveMemberProfile(input: $in) { companyZh } }`, { in: m.profile });
  const inv = await gql(assoc, `mutation($e: String!) { invitePortalMember(email: $e) { id } }`, { e: m.email });
  await gql(token, `mutation($id: ID!) { answerPortalInvitation(id: $id, accept: true) { status } }`, { id: inv.invitePortalMember.id });
}

// A market report of the association, published to every member.
const built = await gql(assoc, `mutation { createReport(input: { kind: MARKET, sector: "magnesium" }) { id } }`);
const reportId = built.createReport.id;
for (let i = 0; ; i++) {
  const { report } = await gql(assoc, `query($id: ID!) { report(id: $id) { status } }`, { id: reportId });
  if (report.status === 'DONE') break;
  if (report.status === 'FAILED' || report.status === 'CANCELLED' || i > 240) throw new Error(`association report ${reportId}: ${report.status}`);
  await new Promise((r) => setTimeout(r, 250));
}
await gql(assoc, `mutation($in: PublishPortalReportInput!) { publishPortalReport(input: $in) { id } }`,
  { in: { reportId, titleZh: '镁质材料市场月报', titleEn: 'Magnesia markets, monthly' } });

async function signIn(email) {
  await page.goto(base + '/signin');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码（至少 10 位）').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '行业看板' }).waitFor();
}

async function signOut() {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL('**/signin');
}

await runSteps(async () => {
  await check('home-by-host', async () => {
    const res = await page.goto(portalURL + '/');
    if (res.status() !== 200) throw new Error(`portal home: HTTP ${res.status()}`);
    await page.getByRole('heading', { level: 1, name: '营口镁质材料协会' }).waitFor();
    if ((await page.getAttribute('html', 'lang')) !== 'zh-CN') throw new Error('portal default language is not Chinese');
    if (!res.headers()['content-security-policy']) throw new Error('no Content-Security-Policy header');
  });

  await check('english', async () => {
    await page.getByTestId('lang').click();
    await page.getByRole('heading', { level: 1, name: 'Yingkou Magnesia Association' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Yingkou Magnesia Association' }).waitFor();
    await page.getByTestId('lang').click(); // back to Chinese
    await page.getByRole('heading', { level: 1, name: '营口镁质材料协会' }).waitFor();
  });

  await check('members-search', async () => {
    await page.getByRole('searchbox').fill('氧化镁');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL('**/members?**');
    await page.getByRole('link', { name: '营口氧化镁厂' }).waitFor();
    if (await page.getByRole('link', { name: '盘锦海蜇食品' }).count()) throw new Error('the search shows a seafood member for 氧化镁');
    if ((await page.content()).includes('450')) throw new Error('a member page shows the private price');
  });

  await check('inquiry', async () => {
    await page.getByRole('link', { name: '营口氧化镁厂' }).click();
    await page.getByRole('link', { name: '发送询盘' }).last().click();
    await page.getByRole('heading', { name: '发送采购询盘' }).waitFor();
    await page.getByLabel('行业').selectOption('magnesium');
    await page.getByLabel('产品').fill('magnesium oxide 92%');
    await page.getByLabel('数量（如 200 吨/月）').fill('200 t per month');
    await page.getByLabel('目的市场').selectOption('DE');
    await page.getByLabel('联系人').fill('Anna Keller');
    await page.getByLabel('邮箱').fill('anna.keller@example.de');
    await page.getByLabel('留言（可选）').fill(`Please quote CIF Hamburg (run ${run}).`);
    await page.getByRole('button', { name: '提交询盘' }).click();
    await page.getByTestId('thanks').waitFor();
  });

  await check('inbox-matching-member', async () => {
    await signIn(oxideEmail);
    await page.getByRole('link', { name: '协会门户' }).click();
    const card = page.locator('[data-testid="inbox"] article').filter({ hasText: 'magnesium oxide 92%' });
    await card.waitFor();
    if (!(await card.textContent()).includes('anna.keller@example.de')) throw new Error('the inquiry has no contact');
    await card.getByRole('button', { name: '标记为已回复' }).click();
    await card.getByText('已回复').waitFor();
  });

  await check('benchmarks-hidden-below-k', async () => {
    await page.getByRole('link', { name: '同行对标' }).click();
    await page.getByText('参与企业不足 5 家').first().waitFor();
  });

  await check('published-report', async () => {
    await page.getByRole('listitem').filter({ hasText: '镁质材料市场月报' }).getByRole('button', { name: '阅读' }).click();
    await page.getByTestId('market-report').waitFor();
  });

  await check('member-profile', async () => {
    await page.getByRole('link', { name: '企业资料' }).click();
    const certs = page.getByLabel('认证（逗号分隔）');
    await certs.fill('ISO 9001, ISO 14001');
    await page.getByRole('button', { name: '保存资料' }).click();
    await page.getByRole('status').filter({ hasText: '已保存。' }).waitFor();
    const res = await page.request.get(`${base}/p/e2e-${run}/members?q=` + encodeURIComponent('ISO 14001'));
    if (!(await res.text()).includes('营口氧化镁厂')) throw new Error('the saved certification is not searchable on the portal');
    await signOut();
  });

  await check('inbox-other-member-empty', async () => {
    await signIn(seaEmail);
    await page.getByRole('link', { name: '协会门户' }).click();
    await page.getByText('还没有询盘。').waitFor();
    if (await page.getByText('magnesium oxide 92%').count()) throw new Error('a seafood member sees the magnesium inquiry');
    await signOut();
  });

  await check('association-settings', async () => {
    await signIn(assocEmail);
    await page.getByRole('link', { name: '协会门户' }).click();
    const form = page.getByTestId('portal-settings');
    await form.waitFor();
    if ((await page.getByLabel('门户标识（网址 /p/标识/）').inputValue()) !== `e2e-${run}`) throw new Error('settings do not show the slug');
    await page.getByLabel('英文简介').fill('Magnesia makers of Yingkou, for overseas buyers.');
    await page.getByRole('button', { name: '保存设置' }).click();
    await page.getByRole('status').filter({ hasText: '已保存。' }).waitFor();
    const res = await page.request.get(`${base}/p/e2e-${run}/?lang=en`);
    if (!(await res.text()).includes('Magnesia makers of Yingkou, for overseas buyers.')) throw new Error('the portal does not show the saved introduction');
  });

  await check('association-stats', async () => {
    await page.getByRole('link', { name: '会员与询盘' }).click();
    const stats = page.getByTestId('inquiry-stats');
    await stats.getByText('100%').waitFor(); // one delivery, responded
    if ((await page.content()).includes('anna.keller@example.de')) throw new Error('the association sees an inquiry contact');
  });

});
