import { addTranslations } from '../i18n';

// The teaching mode's strings, under the "teach" key.

const zh = {
  nav: '教学',
  classes: '我的班级', newClass: '新建班级', className: '班级名称', sectors: '行业', create: '创建', noClasses: '还没有班级。',
  students: '{{n}} 名学生', closed: '已结课', open: '进行中', openClass: '进入',
  joinCode: '加入码', rotate: '更换加入码', close: '结课', closeConfirm: '结课后学生不能再加入或作答，成绩保留。确定结课？',
  joinTitle: '用加入码加入班级', code: '加入码', yourName: '姓名', email: '邮箱', password: '密码（至少 10 位）', join: '加入班级',
  haveAccount: '已有账号？登录',
  assignments: '作业', newAssignment: '布置作业', template: '作业模板', title: '标题', params: '参数', dueAt: '截止时间（可不填）',
  param: { sector: '行业', marketplace: '电商平台（如 amazon.de）', country: '站点国家（两位代码）', market: '市场（两位代码）', store: '练习商店（jp、ru 或 kr）', keyword: '搜索关键词' },
  question: '题目', expected: '标准答案', tolerance: '允许误差', unit: '单位', addQuestion: '再加一题', removeQuestion: '删除此题',
  dashboard: '学习进度', done: '已完成', started: '已开始', average: '平均分',
  gradebook: '成绩册', downloadCsv: '导出 CSV', total: '总评', student: '学生',
  roster: '学生名单', resetPassword: '重置密码', tempPassword: '{{name}} 的临时密码：{{password}}（只显示这一次）',
  reveal: '公布答案', revealed: '已公布答案',
  answer: '作答', submit: '提交', right: '正确', wrong: '错误', score: '得分 {{score}}%', expectedIs: '标准答案：{{value}}', tol: '（允许误差 ±{{tol}}）',
  yourAnswer: '你的答案：{{value}}', notAnswered: '未作答', rankingHint: '国家代码，以逗号分隔，最高在前', adapterHint: '在这里粘贴你的适配器 YAML',
  kinds: { NUMERIC: '数值题', RANKING: '排序题', ADAPTER: '适配器题' },
  snapshot: '本班数据为冻结快照（{{date}}），所有同学看到的数字相同。',
  lab: '爬虫实验室', labIntro: '编辑站点适配器 YAML，只能在练习市场上运行（沙箱：其他网站一律拒绝，有时间和页数限制）。',
  yaml: '适配器 YAML', startUrl: '起始网址（可不填）', run: '运行', running: '运行中…', rows: '提取结果（{{n}} 行，{{pages}} 页）', errors: '错误（{{n}}）', noErrors: '没有错误',
  cols: { page: '页面', title: '标题', brand: '品牌', seller: '卖家', price: '价格', currency: '币种', rating: '评分', reviews: '评论数', sku: 'SKU' },
  teacherOnly: '只有教师可以管理班级。', notTrainingBase: '教学模式仅适用于培训基地账号。',
  back: '返回班级列表',
  data: '快照数据（作答依据）', dataOf: '数据快照', classSnapshot: '班级快照', searchText: '关键词', searchListings: '检索商品', listingsTotal: '共 {{n}} 条（美元价格见最后一列）', buildReport: '生成市场报告（基于快照）',
};

const en: typeof zh = {
  nav: 'Teaching',
  classes: 'Classes', newClass: 'New class', className: 'Class name', sectors: 'Sectors', create: 'Create', noClasses: 'No classes yet.',
  students: '{{n}} students', closed: 'Closed', open: 'Open', openClass: 'Open',
  joinCode: 'Join code', rotate: 'New join code', close: 'Close class', closeConfirm: 'After closing, students can no longer join or answer; grades stay. Close the class?',
  joinTitle: 'Join a class with its code', code: 'Join code', yourName: 'Your name', email: 'Email', password: 'Password (at least 10 characters)', join: 'Join class',
  haveAccount: 'Have an account? Sign in',
  assignments: 'Assignments', newAssignment: 'New assignment', template: 'Template', title: 'Title', params: 'Parameters', dueAt: 'Due (optional)',
  param: { sector: 'Sector', marketplace: 'Marketplace (e.g. amazon.de)', country: 'Storefront country (2 letters)', market: 'Market (2 letters)', store: 'Practice store (jp, ru or kr)', keyword: 'Search keyword' },
  question: 'Question', expected: 'Expected answer', tolerance: 'Tolerance', unit: 'Unit', addQuestion: 'Add a question', removeQuestion: 'Remove',
  dashboard: 'Progress', done: 'Done', started: 'Started', average: 'Average',
  gradebook: 'Gradebook', downloadCsv: 'Export CSV', total: 'Total', student: 'Student',
  roster: 'Students', resetPassword: 'Reset password', tempPassword: "{{name}}'s temporary password: {{password}} (shown only now)",
  reveal: 'Reveal answers', revealed: 'Answers revealed',
  answer: 'Answer', submit: 'Submit', right: 'Right', wrong: 'Wrong', score: 'Score {{score}}%', expectedIs: 'Expected: {{value}}', tol: ' (tolerance ±{{tol}})',
  yourAnswer: 'Your answer: {{value}}', notAnswered: 'Not answered', rankingHint: 'Country codes, comma-separated, best first', adapterHint: 'Paste your adapter YAML here',
  kinds: { NUMERIC: 'Numeric', RANKING: 'Ranking', ADAPTER: 'Adapter' },
  snapshot: 'This class works on a frozen snapshot ({{date}}): everyone sees the same numbers.',
  lab: 'Crawler lab', labIntro: 'Edit a site adapter in YAML and run it against the practice marketplace only (sandboxed: every other site is refused; time and page limits).',
  yaml: 'Adapter YAML', startUrl: 'Start URL (optional)', run: 'Run', running: 'Running…', rows: 'Extracted rows ({{n}} rows, {{pages}} pages)', errors: 'Errors ({{n}})', noErrors: 'No errors',
  cols: { page: 'Page', title: 'Title', brand: 'Brand', seller: 'Seller', price: 'Price', currency: 'Currency', rating: 'Rating', reviews: 'Reviews', sku: 'SKU' },
  teacherOnly: 'Only teachers manage classes.', notTrainingBase: 'Teaching mode is for training-base accounts.',
  back: 'Back to classes',
  data: 'Snapshot data (what answers are checked against)', dataOf: 'Snapshot', classSnapshot: 'Class snapshot', searchText: 'Keywords', searchListings: 'Search listings', listingsTotal: '{{n}} listings (USD price in the last column)', buildReport: 'Market report on the snapshot',
};

addTranslations('teach', zh, en);
