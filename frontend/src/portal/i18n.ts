import { addTranslations } from '../i18n';

const zh = {
  nav: '协会门户',
  notForKind: '协会门户仅适用于行业协会和出口企业账号。',
  tabs: { settings: '门户设置', members: '会员与询盘', reports: '发布报告', profile: '企业资料', inbox: '询盘收件箱', invitations: '协会邀请', benchmarks: '同行对标' },
  settings: {
    title: '门户设置', slug: '门户标识（网址 /p/标识/）', host: '独立域名（可选，如 portal.example.org）', nameZh: '中文名称', nameEn: '英文名称',
    introZh: '中文简介', introEn: '英文简介', logoUrl: '标志网址（https，可选）', logoFile: '上传标志图片（PNG/JPEG/WebP，最大 64 KB）',
    primary: '主色', accent: '强调色', sectors: '重点行业', figures: '公开的数据图表', save: '保存设置', saved: '已保存。', open: '打开门户',
    figs: { IMPORTS: '各市场进口额', CHINA_SHARE: '中国份额', OPPORTUNITY: '市场机会评分', PRICES: '电商中位价' }, logoSaved: '标志已上传。',
  },
  members: {
    invite: '邀请会员企业', inviteEmail: '企业管理员邮箱', inviteBtn: '发送邀请', invited: '已邀请 {{name}}。', none: '还没有会员。', end: '结束',
    cols: { member: '企业', status: '状态', since: '日期', received: '收到询盘', responded: '已回复', rate: '回复率' },
    statuses: { INVITED: '已邀请', ACTIVE: '正式会员', DECLINED: '已拒绝', ENDED: '已结束' },
    stats: '询盘统计', total: '询盘总数', unrouted: '未匹配', deliveries: '转发次数', responseRate: '回复率', bySector: '按行业', privacy: '协会只能看到数量和回复率，看不到询盘内容和会员的私有数据。',
  },
  publish: { title: '向会员发布报告', reportId: '报告编号（报告中心里已完成的报告）', titleZh: '中文标题', titleEn: '英文标题', members: '发给（不选则发给全部会员）', btn: '发布', done: '已发布。', published: '已发布的报告', all: '全部会员', chosen: '{{n}} 家会员' },
  profile: {
    title: '企业资料（显示在所属协会门户上）', companyZh: '中文企业名称', companyEn: '英文企业名称', sectors: '所属行业', productsZh: '中文产品（逗号分隔）', productsEn: '英文产品（逗号分隔）',
    certs: '认证（逗号分隔）', markets: '出口市场（两位国家代码，逗号分隔）', capacityZh: '中文产能说明', capacityEn: '英文产能说明', price: 'FOB 价格（美元/吨，仅用于匿名对标，不公开）', save: '保存资料', saved: '已保存。',
  },
  inbox: { title: '询盘收件箱', empty: '还没有询盘。', mark: '标记为已回复', responded: '已回复', from: '来自 {{assoc}}', qty: '数量', dest: '目的市场', contact: '联系人' },
  invitations: { title: '协会邀请与会籍', empty: '没有邀请。', accept: '接受', decline: '拒绝', leave: '退出' },
  bench: {
    title: '同行对标（匿名）', empty: '加入协会后可查看同行对标。', price: 'FOB 价格（美元/吨）', spread: '出口市场数量', own: '本企业', p25: '25 分位', median: '中位数', p75: '75 分位',
    percentile: '低于本企业的同行比例约 {{p}}%', hidden: '参与企业不足 {{k}} 家（当前 {{n}} 家），为保护会员隐私不显示对比。', noOwn: '填写本企业数据后可查看对比。',
    reports: '协会发布给我的报告', noReports: '暂无报告。', read: '阅读',
  },
};

type Dict = typeof zh;

const en: Dict = {
  nav: 'Association portal',
  notForKind: 'The association portal is for industry associations and exporters.',
  tabs: { settings: 'Portal settings', members: 'Members & inquiries', reports: 'Publish reports', profile: 'Company profile', inbox: 'Inquiry inbox', invitations: 'Invitations', benchmarks: 'Peer benchmarks' },
  settings: {
    title: 'Portal settings', slug: 'Portal slug (address /p/slug/)', host: 'Own host name (optional, e.g. portal.example.org)', nameZh: 'Chinese name', nameEn: 'English name',
    introZh: 'Chinese introduction', introEn: 'English introduction', logoUrl: 'Logo URL (https, optional)', logoFile: 'Upload a logo (PNG/JPEG/WebP, at most 64 KB)',
    primary: 'Primary colour', accent: 'Accent colour', sectors: 'Featured sectors', figures: 'Figures shown publicly', save: 'Save settings', saved: 'Saved.', open: 'Open the portal',
    figs: { IMPORTS: 'Imports by market', CHINA_SHARE: "China's share", OPPORTUNITY: 'Opportunity score', PRICES: 'Marketplace median price' }, logoSaved: 'Logo uploaded.',
  },
  members: {
    invite: 'Invite a member company', inviteEmail: "Email of the company's owner or admin", inviteBtn: 'Send invitation', invited: 'Invited {{name}}.', none: 'No members yet.', end: 'End',
    cols: { member: 'Company', status: 'Status', since: 'Date', received: 'Inquiries', responded: 'Responded', rate: 'Response rate' },
    statuses: { INVITED: 'Invited', ACTIVE: 'Member', DECLINED: 'Declined', ENDED: 'Ended' },
    stats: 'Inquiry statistics', total: 'Inquiries', unrouted: 'Unmatched', deliveries: 'Deliveries', responseRate: 'Response rate', bySector: 'By sector', privacy: 'The association sees counts and response rates only, never inquiry contents or members’ private data.',
  },
  publish: { title: 'Publish a report to members', reportId: 'Report ID (a finished report of the report centre)', titleZh: 'Chinese title', titleEn: 'English title', members: 'To (none chosen: every member)', btn: 'Publish', done: 'Published.', published: 'Published reports', all: 'All members', chosen: '{{n}} members' },
  profile: {
    title: "Company profile (shown on your associations' portals)", companyZh: 'Company name (Chinese)', companyEn: 'Company name (English)', sectors: 'Sectors', productsZh: 'Products in Chinese (comma separated)', productsEn: 'Products in English (comma separated)',
    certs: 'Certifications (comma separated)', markets: 'Export markets (2-letter codes, comma separated)', capacityZh: 'Capacity (Chinese)', capacityEn: 'Capacity (English)', price: 'FOB price (USD/t, private: only for anonymous benchmarks)', save: 'Save profile', saved: 'Saved.',
  },
  inbox: { title: 'Inquiry inbox', empty: 'No inquiries yet.', mark: 'Mark as responded', responded: 'Responded', from: 'via {{assoc}}', qty: 'Quantity', dest: 'Destination', contact: 'Contact' },
  invitations: { title: 'Invitations and memberships', empty: 'No invitations.', accept: 'Accept', decline: 'Decline', leave: 'Leave' },
  bench: {
    title: 'Peer benchmarks (anonymous)', empty: 'Join an association to see peer benchmarks.', price: 'FOB price (USD/t)', spread: 'Number of export markets', own: 'You', p25: '25th percentile', median: 'Median', p75: '75th percentile',
    percentile: 'About {{p}}% of your peers are below you', hidden: 'Fewer than {{k}} members contribute ({{n}} now); comparisons stay hidden to protect members.', noOwn: 'Enter your own figure to see the comparison.',
    reports: 'Reports from my associations', noReports: 'No reports yet.', read: 'Read',
  },
};

addTranslations('portal', zh, en);
