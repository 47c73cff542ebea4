import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from './format';

const LANG_KEY = 'exportscope.lang';

const zh = {
  app: { name: 'ExportScope 出口情报', tagline: '面向出口企业的市场情报', skip: '跳到主要内容' },
  nav: { dashboard: '行业看板', listings: '商品检索', reports: '报告中心', watch: '品牌监测', billing: '订阅', settings: '设置', signOut: '退出登录', language: 'English', languageLabel: '切换语言' },
  auth: {
    signIn: '登录', signUp: '注册', email: '邮箱', password: '密码（至少 10 位）', tenantName: '企业或机构名称', tenantKind: '机构类型',
    kinds: { EXPORTER: '出口企业', ASSOCIATION: '行业协会', TRAINING_BASE: '培训基地' },
    toSignUp: '还没有账号？注册', toSignIn: '已有账号？登录', accept: '接受邀请', inviteToken: '邀请令牌', toAccept: '收到邀请？接受邀请', working: '请稍候…',
  },
  listings: {
    title: '商品检索', search: '搜索商品标题、品牌、卖家', searchButton: '搜索', total: '共 {{n}} 条结果',
    sort: '排序', sorts: { RELEVANCE: '相关度', NEWEST: '最新', PRICE_ASC: '价格从低到高', PRICE_DESC: '价格从高到低', RATING_DESC: '评分最高', REVIEWS_DESC: '评论最多' },
    facets: { marketplace: '电商平台', country: '站点国家', brand: '品牌', sellerCountry: '卖家国家', sectors: '行业' },
    minPrice: '最低价（美元）', maxPrice: '最高价（美元）', minRating: '最低评分', clear: '清除筛选', priceBad: '价格须为不小于 0 的数字，此条件未生效。', priceOrder: '最低价高于最高价，价格区间未生效。',
    cols: { title: '商品', brand: '品牌', seller: '卖家', market: '平台 / 站点', price: '价格', priceUSD: '美元价', rating: '评分', reviews: '评论数' },
    empty: '没有找到匹配的商品。试试更短的关键词或清除筛选。', more: '下一页', first: '第一页', page: '第 {{n}} 页',
  },
  reports: {
    title: '报告中心', create: '生成市场报告', sector: '行业', market: '市场（两位国家代码，留空为全部）', status: '状态', progress: '进度',
    statuses: { QUEUED: '排队中', RUNNING: '生成中', DONE: '已完成', FAILED: '失败', CANCELLED: '已取消' },
    empty: '还没有报告。选择行业后生成第一份市场报告。', recent: '本次会话的报告', open: '查看',
  },
  dash: {
    title: '行业看板', pick: '选择行业', build: '生成最新报告', rebuild: '重新生成', none: '{{sector}} 还没有市场报告。生成一份即可看到图表。',
    generated: '生成于 {{date}} · 数据期间 {{from}}–{{to}} · {{flows}} 条贸易流, {{listings}} 条商品',
    sizes: '各市场进口规模（{{year}} 年）', opportunity: '机会评分排名（含构成）', trend: '进口趋势', share: '中国份额',
    parts: { size: '规模', growth: '增长', gap: '份额差距' }, marketplace: '电商价格分布（美元）',
    cols: { market: '市场', size: '进口额', cagr: '年均增长', chinaShare: '中国份额', unitValue: '单价 美元/千克', hhi: '供应集中度 HHI', score: '机会评分' },
    noTrade: '该行业在所选期间没有贸易数据。',
    noTradeFor: '{{sector}} 在 {{market}} 还没有贸易数据。', allMarkets: '任何市场', marketsWithData: '有数据的市场：',
    unitValues: '进口单价：市场整体 vs 中国（美元/千克）', unitMarket: '市场平均', unitChina: '来自中国',
    hhi: '供应商集中度（HHI）', hhiHint: 'HHI 低于 1,500 为分散，高于 2,500 为高度集中（10,000 = 单一供应国）。',
    gap: '零售价与海关单价差距（美元/千克）', gapRetail: '电商零售价', gapCustoms: '海关进口单价', noGap: '商品标题中没有可解析的净重，无法比较零售价与海关单价。',
    provenance: '数据来源与定义', records: '本报告读取了 {{flows}} 条贸易流、{{listings}} 条商品、{{reviews}} 条评论。', recordsN: '{{n}} 条记录',
  },
  state: { loading: '加载中…', error: '出错了：{{message}}', retry: '重试', network: '无法连接服务器' },
};

type Dict = typeof zh;

const en: Dict = {
  app: { name: 'ExportScope', tagline: 'Market intelligence for exporters', skip: 'Skip to main content' },
  nav: { dashboard: 'Sector dashboard', listings: 'Listings', reports: 'Reports', watch: 'Brand watch', billing: 'Billing', settings: 'Settings', signOut: 'Sign out', language: '中文', languageLabel: 'Switch language' },
  auth: {
    signIn: 'Sign in', signUp: 'Sign up', email: 'Email', password: 'Password (at least 10 characters)', tenantName: 'Company or organisation', tenantKind: 'Kind',
    kinds: { EXPORTER: 'Exporter', ASSOCIATION: 'Industry association', TRAINING_BASE: 'Training base' },
    toSignUp: 'No account yet? Sign up', toSignIn: 'Have an account? Sign in', accept: 'Accept invitation', inviteToken: 'Invitation token', toAccept: 'Invited? Accept the invitation', working: 'Please wait…',
  },
  listings: {
    title: 'Listing explorer', search: 'Search titles, brands, sellers', searchButton: 'Search', total: '{{n}} results',
    sort: 'Sort', sorts: { RELEVANCE: 'Relevance', NEWEST: 'Newest', PRICE_ASC: 'Price: low to high', PRICE_DESC: 'Price: high to low', RATING_DESC: 'Top rated', REVIEWS_DESC: 'Most reviews' },
    facets: { marketplace: 'Marketplace', country: 'Storefront country', brand: 'Brand', sellerCountry: 'Seller country', sectors: 'Sector' },
    minPrice: 'Min price (USD)', maxPrice: 'Max price (USD)', minRating: 'Min rating', clear: 'Clear filters', priceBad: 'A price must be a number of 0 or more; that bound is ignored.', priceOrder: 'The minimum price is above the maximum; the price range is ignored.',
    cols: { title: 'Listing', brand: 'Brand', seller: 'Seller', market: 'Marketplace / country', price: 'Price', priceUSD: 'USD', rating: 'Rating', reviews: 'Reviews' },
    empty: 'No listings match. Try a shorter query or clear the filters.', more: 'Next page', first: 'First page', page: 'Page {{n}}',
  },
  reports: {
    title: 'Report centre', create: 'Create market report', sector: 'Sector', market: 'Market (2-letter country code, empty for all)', status: 'Status', progress: 'Progress',
    statuses: { QUEUED: 'Queued', RUNNING: 'Running', DONE: 'Done', FAILED: 'Failed', CANCELLED: 'Cancelled' },
    empty: 'No reports yet. Pick a sector and create the first market report.', recent: 'Reports of this session', open: 'Open',
  },
  dash: {
    title: 'Sector dashboard', pick: 'Sector', build: 'Build latest report', rebuild: 'Rebuild', none: 'No market report for {{sector}} yet. Build one to see the charts.',
    generated: 'Made {{date}} · period {{from}}–{{to}} · {{flows}} trade flows, {{listings}} listings',
    sizes: 'Import market size by market ({{year}})', opportunity: 'Opportunity ranking (with its parts)', trend: 'Import trend', share: "China's share",
    parts: { size: 'Size', growth: 'Growth', gap: 'Share gap' }, marketplace: 'Marketplace prices (USD)',
    cols: { market: 'Market', size: 'Imports', cagr: 'CAGR', chinaShare: "China's share", unitValue: 'USD/kg', hhi: 'Supplier HHI', score: 'Score' },
    noTrade: 'No trade data for this sector in the period.',
    noTradeFor: 'No trade data for {{sector}} in {{market}} yet.', allMarkets: 'any market', marketsWithData: 'Markets with data:',
    unitValues: 'Import unit value: market vs China (USD/kg)', unitMarket: 'Market average', unitChina: 'From China',
    hhi: 'Supplier concentration (HHI)', hhiHint: 'HHI below 1,500 is unconcentrated, above 2,500 highly concentrated (10,000 = one supplier).',
    gap: 'Retail vs customs unit value (USD/kg)', gapRetail: 'Marketplace retail', gapCustoms: 'Customs import', noGap: 'No listing title states a net weight, so retail and customs prices cannot be compared.',
    provenance: 'Sources and definitions', records: 'This report read {{flows}} trade flows, {{listings}} listings and {{reviews}} reviews.', recordsN: '{{n}} records',
  },
  state: { loading: 'Loading…', error: 'Something went wrong: {{message}}', retry: 'Retry', network: 'Cannot reach the server' },
};

export function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function setLang(lang: Lang) {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  void i18n.changeLanguage(lang);
}

/**
 * Adds a feature's strings (e.g. portal, teaching) under its own top-level
 * key, so features keep their dictionaries next to their code. Call it at
 * module load, before the feature renders.
 */
export function addTranslations(key: string, zhStrings: object, enStrings: object) {
  if (i18n.isInitialized) addBundle(key, zhStrings, enStrings);
  else pending.push([key, zhStrings, enStrings]);
}

const pending: [string, object, object][] = [];

function addBundle(key: string, zhStrings: object, enStrings: object) {
  i18n.addResourceBundle('zh', 'translation', { [key]: zhStrings }, true, true);
  i18n.addResourceBundle('en', 'translation', { [key]: enStrings }, true, true);
}

export function initI18n(lang?: Lang) {
  const lng = lang ?? storedLang();
  if (typeof document !== 'undefined') document.documentElement.lang = lng === 'zh' ? 'zh-CN' : 'en';
  void i18n.use(initReactI18next).init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    lng,
    fallbackLng: 'zh',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  for (const [key, zhStrings, enStrings] of pending.splice(0)) addBundle(key, zhStrings, enStrings);
  return i18n;
}
