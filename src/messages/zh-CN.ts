/**
 * Every text a person reads, in plain simplified Chinese. Functions take plain data, so this
 * file depends on nothing and another language is another file of the same shape.
 */
import type { Priority } from '../domain/ledger';

/** A numbered choice as the resident sees it: "1. 团结村". */
export type Option = { n: number; text: string };

export type SummaryView = {
  description: string;
  categoryName: string;
  place: string;
  households: number | null;
  priority: { char: string; label: string };
  phone: string | null;
  attachments: number;
};

export type CaseLine = { caseNumber: string; status: string; categoryName: string; date: string; description: string };

export type CaseView = CaseLine & { areaName: string; locationText: string; events: { time: string; what: string; note: string | null }[] };

const list = (options: Option[]) => options.map((o) => `${o.n}. ${o.text}`).join('\n');

/** Long lists (many villages) go several to a line so they stay readable on a phone. */
const compactList = (options: Option[]) => {
  const lines: string[] = [];
  for (let i = 0; i < options.length; i += 3) {
    lines.push(options.slice(i, i + 3).map((o) => `${o.n}. ${o.text}`).join('　'));
  }
  return lines.join('\n');
};

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** What each of 轻重缓急 means, in the resident's words. */
const PRIORITY_MEANING: Record<Priority, string> = {
  URGENT: '有人身或财产危险，当天就要处理',
  SERIOUS: '影响很多户或日常生活，几天内处理',
  DEFERRABLE: '要安排施工或资金，可以计划着办',
  MINOR: '小事，或者提意见建议',
};

const STATUS_TEXT: Record<string, string> = {
  FILED: '已登记',
  ASSIGNED: '已交给干部',
  ACCEPTED: '干部已受理',
  IN_PROGRESS: '正在办理',
  RESOLVED: '已办结',
  CLOSED: '已归档',
  REOPENED: '重新办理中',
  DUPLICATE: '已合并（重复反映）',
};

const EVENT_TEXT: Record<string, string> = {
  FILED: '登记',
  ASSIGNED: '交给干部',
  ACCEPTED: '干部受理',
  PROGRESS: '办理进展',
  TRANSFERRED: '转办',
  REMINDED: '催办',
  ESCALATED: '督办',
  RESOLVED: '办结',
  FOLLOW_UP: '回访',
  REOPENED: '重新办理',
  CLOSED: '归档',
  ATTACHMENT: '补充图片',
};

const UNSUPPORTED_TEXT = {
  voice: '暂时听不了语音，请打字告诉我。',
  video: '暂时看不了视频，可以发图片，或者打字告诉我。',
  file: '暂时收不了文件，请打字告诉我。',
  sticker: '收到表情啦。有什么事，请打字告诉我。',
  other: '暂时看不了这种消息，请打字告诉我。',
} as const;

const CANCEL_HINT = '不想继续了，回复“取消”就行。';

export const messages = {
  // —— channel and router ——
  slowDown: '您发得有点快，请稍等一会儿再发。',
  sorryTryAgain: '抱歉，系统刚才出了点问题，请稍后再发一次。',
  storeUnavailable: '抱歉，系统暂时出了故障，您刚才发的这条没有收到。请过几分钟再发一次。',
  continueInPrivate: '收到！反映问题请私聊我，家里的事、邻里的事不方便在群里说。',

  // —— opening ——
  welcome:
    '您好，这里是“连心桥”。村（社区）里的大事小事，比如阴沟堵了、灌溉缺水、邻里纠纷、生活困难，都可以在这里反映，我们会登记下来，交给负责的干部办理，办理进度也会告诉您。\n请直接说说遇到了什么问题。',
  describePrompt: '请用一两句话说说遇到了什么问题，比如“向阳社区花园路的阴沟堵了，污水流到路上”。',
  describeTooShort: '说得再具体一点吧：是什么问题、什么情况。比如“团结村3组的水渠垮了，田里放不进水”。',
  describeTooLong: (max: number) => `内容有点长了（最多${max}个字），请挑最要紧的说，一两句话就行。`,
  intakeExpired: '您上次反映的事情很久没有继续，已经作废，没有提交。',
  emergencyAdvice: '如果有人身危险或火情，请马上打电话：110（报警）、119（火警）、120（急救）！我们也会尽快转给干部。',

  // —— category ——
  categoryPrompt: (suggested: string | null, options: Option[]) =>
    suggested
      ? `这件事我归到“${suggested}”，对吗？\n对的话回复“是”；不对请回复序号改一下：\n${list(options)}`
      : `这件事属于哪一类？请回复序号：\n${list(options)}`,
  categoryChoose: (options: Option[]) => `好的，请回复序号选一个类别：\n${list(options)}`,
  categoryWrong: (max: number) => `请回复“是”，或者回复 1 到 ${max} 中的一个序号。`,

  // —— location ——
  locationPrompt: (known: string | null, options: Option[]) =>
    [
      '在哪里？请说村（社区）和组、小区或楼栋，比如“向阳社区花园路1栋”“团结村3组”。也可以发微信位置。',
      ...(known ? [`还是在“${known}”的话，回复 0。`] : []),
      `或者回复序号：\n${compactList(options)}`,
    ].join('\n'),
  locationWhichArea: (address: string, options: Option[]) =>
    `收到位置：${clip(address, 100)}\n这是哪个村（社区）？请回复名字或序号：\n${compactList(options)}`,
  locationWrong: '没认出是哪个村（社区）。请带上村或社区的名字，比如“团结村3组”，或者回复序号。',
  locationTooLong: '地点说简短一点就行，比如“团结村3组”“向阳社区花园路1栋”。',
  locationNoted: (place: string) => `地点记下了：${clip(place, 100)}`,

  // —— households ——
  householdsPrompt: '大概影响多少户？回复数字就行，比如“56户”。不清楚可以回复“跳过”。',
  householdsWrong: '请回复大概的户数，比如“56”或“56户”；不清楚就回复“跳过”。',

  // —— urgency ——
  urgencyPrompt: (suggested: string, options: Option[]) =>
    `这件事有多急？我建议按“${suggested}”办理。同意请回复“是”；要改请回复序号：\n${list(options)}`,
  urgencyOption: (char: string, meaning: string, suggested: boolean) => `${char}${suggested ? '（建议）' : ''}：${meaning}`,
  priorityMeaning: (priority: Priority) => PRIORITY_MEANING[priority],
  urgencyWrong: '请回复“是”，或者回复 1 到 4 中的一个数字（也可以直接回“急”“重”“缓”“轻”）。',

  // —— phone ——
  phonePrompt: '留个电话吧，方便干部联系您。请发手机号；不想留可以回复“跳过”。',
  phoneReusePrompt: (masked: string) => `还用上次的电话 ${masked} 吗？是的话回复“是”；换号码请直接发新号码；不想留请回复“跳过”。`,
  phoneWrong: '这个号码好像不对。请发11位手机号（如13812345678）或座机（如0813-1234567）；不想留请回复“跳过”。',

  // —— summary and filing ——
  summary: (v: SummaryView) =>
    [
      '请核对一下：',
      `问题：${clip(v.description, 200)}`,
      `类别：${v.categoryName}`,
      `地点：${v.place}`,
      `影响：${v.households === null ? '不清楚' : `约${v.households}户`}`,
      `轻重缓急：${v.priority.char}（${v.priority.label}）`,
      `电话：${v.phone ?? '未留'}`,
      ...(v.attachments > 0 ? [`图片：${v.attachments}张`] : []),
      '没问题请回复“确认”提交；要修改回复“上一步”；不报了回复“取消”。',
    ].join('\n'),
  confirmWrong: '没问题请回复“确认”提交；要修改请回复“上一步”；不报了回复“取消”。',
  caseFiled: (caseNumber: string, areaName: string, acceptWithinHours: number | null) =>
    [
      `已提交，案件编号：${caseNumber}`,
      `已交给${areaName}的干部${acceptWithinHours === null ? '，会尽快受理' : `，${acceptWithinHours}小时内受理`}。有进展会通知您，办完后还会回访。`,
      `想看进度，回复“查询 ${caseNumber}”。`,
    ].join('\n'),
  fileFailed: '抱歉，刚才没有提交成功，您填的内容还在。请回复“确认”再试一次。',
  fileFailedLost: '抱歉，刚才没有提交成功。请再说一下遇到的问题，我重新帮您登记。',
  fileDeferred: '您反映的事已经记下了。系统暂时有点忙，还没登记上；一恢复就会自动登记，编号会发给您，不用再发一遍。',

  // —— global commands ——
  cancelled: '好的，已取消，这次的内容没有提交。有事随时找我。',
  nothingToCancel: '现在没有正在填写的反映。有什么问题，直接告诉我就行。',
  backAtStart: '已经是第一步了。',
  help: [
    '我可以帮您把村（社区）里的问题反映给干部，并告诉您办理进度。按提示一步步回复就行，随时可以回复：',
    '· 取消：这次不报了',
    '· 上一步：改前面填的内容',
    '· 我的案件：看我反映过的事',
    '· 查询 编号：看某件事的进度，如“查询 GJ-20260226-0042”',
  ].join('\n'),
  lookupFormat: '没看懂这个编号。案件编号像这样：GJ-20260226-0042，请回复“查询 编号”。',

  // —— wrong answers, attachments, other input ——
  choicesAgain: (prompt: string) => `好像没对上，我再说一遍怎么回：\n${prompt}\n${CANCEL_HINT}`,
  imageAdded: (count: number) => `收到图片（共${count}张）。`,
  imageLimit: (max: number) => `图片最多${max}张，这张没有保存。`,
  imageFirst: '收到图片。请再用文字说说是什么问题。',
  locationFirst: (place: string) => `收到位置：${clip(place, 100)}。请再用文字说说是什么问题。`,
  unsupported: (what: keyof typeof UNSUPPORTED_TEXT) => UNSUPPORTED_TEXT[what],

  // —— the resident's cases ——
  noCases: '您还没有反映过事情。有什么问题，直接告诉我就行。',
  myCases: (cases: CaseLine[]) =>
    [
      '您反映过的事：',
      ...cases.map((c) => `${c.caseNumber}【${c.status}】${c.date} ${c.categoryName}：${clip(c.description, 20)}`),
      '看详细进度，回复“查询 编号”。',
    ].join('\n'),
  caseNotFound: '没有找到这个编号的案件，请核对一下编号。',
  caseDetail: (c: CaseView) =>
    [
      `案件 ${c.caseNumber}【${c.status}】`,
      `${c.categoryName}：${clip(c.description, 100)}`,
      `地点：${c.areaName}${c.locationText ? ` ${clip(c.locationText, 60)}` : ''}`,
      '办理经过：',
      ...c.events.map((e) => `${e.time} ${e.what}${e.note ? `：${clip(e.note, 80)}` : ''}`),
    ].join('\n'),
  statusText: (status: string) => STATUS_TEXT[status] ?? '办理中',
  eventText: (type: string) => EVENT_TEXT[type] ?? '更新',
};

// —————————————————— notifications (sent through the outbox) ——————————————————

export type NewCaseView = {
  caseNumber: string;
  priorityChar: string;
  categoryName: string;
  place: string;
  description: string;
  households: number | null;
  residentPhone: string | null;
  due: string;
};

export const notices = {
  cadreNewCase: (c: NewCaseView) =>
    [
      `【新案件·${c.priorityChar}】${c.caseNumber}`,
      `${c.categoryName}：${clip(c.description, 200)}`,
      `地点：${c.place}`,
      ...(c.households === null ? [] : [`影响：约${c.households}户`]),
      `群众电话：${c.residentPhone ?? '未留'}`,
      `请在${c.due}前受理，回复“受理 ${c.caseNumber}”。`,
    ].join('\n'),
  residentAssigned: (caseNumber: string, cadreName: string, cadrePhone: string | null) =>
    `您反映的事（${caseNumber}）已交给${cadreName}办理${cadrePhone ? `，电话${cadrePhone}` : ''}。有进展会告诉您。`,
  residentAccepted: (caseNumber: string, cadreName: string) => `${cadreName}已受理您反映的事（${caseNumber}），正在安排处理。`,
  residentProgress: (caseNumber: string, note: string) => `您反映的事（${caseNumber}）有新进展：${clip(note, 300)}`,
  residentTransferred: (caseNumber: string, toName: string) =>
    `您反映的事（${caseNumber}）已转给${toName}办理，会继续跟进。`,
  cadreTransferredAway: (caseNumber: string, toName: string) => `案件 ${caseNumber} 已转给${toName}，您不用再处理了。`,
  residentResolved: (caseNumber: string, result: string) =>
    `您反映的事（${caseNumber}）已办结：${clip(result, 300)}\n过几天我们会回访，问问您是否满意。`,
};

// —————————————————— cadres in WeChat ——————————————————

export type OpenCaseLine = { caseNumber: string; priorityChar: string; statusText: string; due: string; overdue: boolean; summary: string };

export const cadreTexts = {
  help: [
    '干部可用的命令（编号如 GJ-20260226-0042）：',
    '· 待办：我的未办结案件',
    '· 案件 编号：看详情和办理经过',
    '· 受理 编号',
    '· 进展 编号 内容：如“进展 GJ-20260226-0042 已联系施工队”',
    '· 办结 编号 结果：如“办结 GJ-20260226-0042 管道已疏通”',
    '· 转办 编号 村(社区)或干部 原因',
  ].join('\n'),
  bound: (name: string, areaName: string) => `绑定成功！${name}（${areaName}），以后交给您的案件会在这里通知您。回复“帮助”看能做什么。`,
  notBound: '这个命令只有绑定过的干部能用。干部请先回复“绑定 绑定码”（绑定码向管理员要）。',
  bindCodeInvalid: '这个绑定码不对，或者已经用过、过期了。请联系管理员重新生成。',
  bindAlreadyBound: (name: string) => `这个微信已经绑定了干部${name}，不用再绑。`,
  bindTooManyTries: '绑定码试错太多次了，请一小时后再试，或联系管理员。',
  missingCode: '请回复“绑定 绑定码”，绑定码由管理员提供。',
  missingCaseNumber: (verb: string) => `请带上案件编号，如“${verb} GJ-20260226-0042”。`,
  badCaseNumber: (verb: string, given: string) => `“${clip(given, 30)}”不像案件编号。请这样回复：“${verb} GJ-20260226-0042”。`,
  missingNote: (verb: string) => `请在编号后写上${verb === '办结' ? '办理结果' : '进展情况'}，如“${verb} GJ-20260226-0042 ${verb === '办结' ? '管道已疏通' : '已联系施工队'}”。`,
  missingTarget: '请写上转给哪个村（社区）或哪位干部，如“转办 GJ-20260226-0042 团结村 属地不对”。',
  missingReason: '请写上转办原因，如“转办 GJ-20260226-0042 团结村 属地不对”。',
  notFound: (caseNumber: string) => `没有找到案件 ${caseNumber}，请核对编号。`,
  notYours: (caseNumber: string, assigneeName: string | undefined) =>
    `案件 ${caseNumber} 不是交给您的${assigneeName ? `（现由${assigneeName}办理）` : ''}，不能操作。`,
  badTransition: (caseNumber: string, statusText: string, actionText: string) =>
    `案件 ${caseNumber} 现在是“${statusText}”，不能${actionText}。${actionText === '办结' || actionText === '记进展' ? '请先回复“受理 编号”。' : ''}`,
  unknownTarget: (target: string) => `没找到“${clip(target, 20)}”这个村（社区）或干部，请核对名字。`,
  sameAssignee: (caseNumber: string) => `案件 ${caseNumber} 已经在您这里了，不用转。`,
  accepted: (caseNumber: string, due: string) => `已受理 ${caseNumber}，请在${due}前办结。办理中可回复“进展 编号 内容”。`,
  progressNoted: (caseNumber: string) => `已记录 ${caseNumber} 的进展，群众会收到通知。`,
  resolved: (caseNumber: string) => `${caseNumber} 已办结，群众会收到通知，之后会回访。`,
  transferred: (caseNumber: string, toName: string) => `${caseNumber} 已转给${toName}。`,
  openCasesEmpty: '您现在没有待办的案件。',
  caseExtra: (detail: string, x: { priorityChar: string; households: number | null; residentPhone: string | null; assigneeName: string | null }) =>
    [
      detail,
      `轻重缓急：${x.priorityChar}${x.households === null ? '' : `　影响：约${x.households}户`}`,
      `群众电话：${x.residentPhone ?? '未留'}`,
      `责任人：${x.assigneeName ?? '未派单'}`,
    ].join('\n'),
  openCases: (lines: OpenCaseLine[], more: number) =>
    [
      `您的待办（${lines.length + more}件，急的、快到期的在前）：`,
      ...lines.map((l) => `${l.priorityChar} ${l.caseNumber}【${l.statusText}】${l.overdue ? '已超期' : `${l.due}前`} ${clip(l.summary, 20)}`),
      ...(more > 0 ? [`……还有${more}件，可在管理后台查看。`] : []),
    ].join('\n'),
  actionText: {
    assign: '派单',
    accept: '受理',
    progress: '记进展',
    resolve: '办结',
    transfer: '转办',
    close: '归档',
    reopen: '重新办理',
  } as Record<string, string>,
};

// —————————————————— scheduled work: reminders, escalation, updates, follow-up visits ——————————————————

export type DigestLine = { caseNumber: string; priorityChar: string; overdue: boolean; due: string; summary: string };
export type WeeklyFigures = {
  from: string;
  to: string;
  filed: number;
  resolved: number;
  overdue: number;
  reopened: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
};

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const phaseText = (phase: 'ACCEPT' | 'RESOLVE') => (phase === 'ACCEPT' ? '受理' : '办结');

export const scheduled = {
  cadreReminder: (caseNumber: string, phase: 'ACCEPT' | 'RESOLVE', due: string) =>
    `【提醒】案件 ${caseNumber} 请在${due}前${phaseText(phase)}。${phase === 'ACCEPT' ? `回复“受理 ${caseNumber}”` : `办完回复“办结 ${caseNumber} 结果”`}。`,
  escalation: (v: { caseNumber: string; phase: 'ACCEPT' | 'RESOLVE'; due: string; assigneeName: string; level: number; summary: string }) =>
    [
      `【督办·${['', '村(社区)', '镇(街道)', '区'][v.level] ?? ''}】案件 ${v.caseNumber} 超期未${phaseText(v.phase)}（期限${v.due}）。`,
      `责任人：${v.assigneeName}`,
      `内容：${clip(v.summary, 60)}`,
      `请督促办理，可回复“案件 ${v.caseNumber}”看详情。`,
    ].join('\n'),
  residentUpdate: (v: { caseNumber: string; statusText: string; latest: string | null; assigneeName: string | null }) =>
    [
      `您反映的事（${v.caseNumber}）现在是“${v.statusText}”${v.assigneeName ? `，由${v.assigneeName}办理` : ''}。`,
      v.latest ? `最新进展：${clip(v.latest, 120)}` : '干部正在处理，有进展会马上告诉您。',
    ].join('\n'),
  followUpQuestion: (caseNumber: string, result: string | null) =>
    [
      `回访：您反映的事（${caseNumber}）已办结${result ? `：${clip(result, 80)}` : ''}。`,
      '您对办理结果满意吗？请回复数字：',
      '1 满意　2 基本满意　3 不满意',
    ].join('\n'),
  followUpReminder: (caseNumber: string) => `再问一下：您对案件 ${caseNumber} 的办理满意吗？回复 1 满意、2 基本满意、3 不满意。`,
  followUpThanks: (caseNumber: string) => `谢谢您的评价！案件 ${caseNumber} 已归档。以后有事随时找我。`,
  followUpReopened: (caseNumber: string) => `抱歉没让您满意。案件 ${caseNumber} 已重新办理，并报给上级督办，有进展会告诉您。`,
  cadreDigest: (lines: DigestLine[], open: number, overdue: number) =>
    [
      `早上好！您有${open}件未办结${overdue > 0 ? `，其中${overdue}件已超期` : ''}：`,
      ...lines.map((l) => `${l.priorityChar} ${l.caseNumber}${l.overdue ? '【超期】' : `（${l.due}前）`} ${clip(l.summary, 18)}`),
      ...(open > lines.length ? [`……还有${open - lines.length}件，回复“待办”查看。`] : []),
    ].join('\n'),
  weeklySummary: (f: WeeklyFigures) =>
    [
      `【本周民情台账】${f.from}—${f.to}`,
      `登记${f.filed}件，办结${f.resolved}件，超期${f.overdue}件，重新办理${f.reopened}件。`,
      `响应率${percent(f.responseRate)}，解决率${percent(f.resolutionRate)}，满意率${percent(f.satisfactionRate)}。`,
    ].join('\n'),
};

// —————————————————— the web chat page ——————————————————

export const webChatTexts = {
  title: '连心桥 · 群众诉求',
  intro: '有什么问题，直接在下面说。我们会登记下来，交给负责的干部办理。',
  placeholder: '请输入……',
  send: '发送',
  offline: '网络不太好，消息没发出去，请稍后再试。',
};

/** The supervisors' dashboard (/): labels, headings and the answers to what a cadre does there. */
export const dashboardTexts = {
  title: '连心桥 · 民情台账',
  nav: { ledger: '台账', assessment: '考核', signOut: '退出' },
  signIn: {
    heading: '干部登录',
    tokenLabel: '登录令牌',
    tokenHint: '由管理员用 npx lianxin token create --cadre <干部编号> 生成，只显示一次。',
    submit: '登录',
    wrong: '登录令牌不对，或者已经停用。请向管理员要一个新的。',
    expired: '登录已过期，请重新登录。',
  },
  ledger: {
    all: '全部台账',
    heading: (ledgerName: string) => ledgerName,
    search: '搜索编号、地点或内容',
    anyStatus: '全部状态',
    anyPriority: '全部缓急',
    anyArea: '全部地区',
    overdueOnly: '只看超期',
    filter: '筛选',
    reset: '清空',
    empty: '没有符合条件的案件。',
    total: (n: number) => `共 ${n} 件`,
    page: (page: number, pages: number) => `第 ${page} / ${pages} 页`,
    prev: '上一页',
    next: '下一页',
    exportXlsx: '导出 Excel',
    exportCsv: '导出 CSV',
    overdue: '超期',
    columns: { caseNumber: '编号', createdAt: '登记时间', ledger: '台账', category: '类别', priority: '缓急', area: '村/社区', location: '地点', description: '问题', households: '户数', assignee: '责任人', status: '状态', resolveDueAt: '办结期限' },
  },
  caseDetail: {
    back: '返回台账',
    fields: { ledger: '台账', category: '类别', priority: '轻重缓急', status: '状态', area: '村/社区', location: '地点', households: '影响户数', phone: '联系电话', assignee: '责任人', createdAt: '登记时间', acceptDueAt: '受理期限', resolveDueAt: '办结期限', resolvedAt: '办结时间' },
    timeline: '办理经过',
    actions: '办理',
    accept: '受理',
    progress: '记进展',
    resolve: '办结',
    transfer: '转办 / 指派',
    notePlaceholder: '写几句办理情况',
    reasonPlaceholder: '转办原因',
    targetLabel: '交给',
    noActions: '这件案件现在没有可以办理的操作。',
    done: { accept: '已受理。', progress: '进展已记下，群众会收到。', resolve: '已办结，群众会收到通知和回访。', transfer: '已转办。' },
    noteRequired: '请写几句办理情况。',
    notFound: (caseNumber: string) => `没有找到案件 ${caseNumber}，或者您没有查看它的权限。`,
    none: '无',
  },
  assessment: {
    heading: '考核情况',
    from: '从',
    to: '到',
    show: '查看',
    rates: { responseRate: '响应率', resolutionRate: '解决率', satisfactionRate: '满意率' },
    noData: '暂无',
    counts: { filed: '登记', resolved: '办结', overdue: '超期', households: '涉及户数' },
    byArea: '各地区办理情况',
    byCadre: '各干部办理情况',
    byLedger: '各台账登记数',
    chartFiled: '登记',
    chartResolved: '办结',
    chartOverdue: '超期',
    badPeriod: '时间段不对：开始日期要早于结束日期，最长两年。',
  },
  badRequest: '请求有误，请返回重试。',
  forbidden: '请先登录。',
  staleForm: '页面已过期，请刷新后再提交。',
};
