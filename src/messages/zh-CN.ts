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

/** One line of a timeline; `by` names who acted (absent: nobody to name, e.g. a reminder). */
export type TimelineLine = { time: string; what: string; by?: string | null; note: string | null };

export type CaseView = CaseLine & { areaName: string; locationText: string; events: TimelineLine[] };

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
  JOINED: '又有群众反映',
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
  householdsPlaceNoted: (place: string) => `好的，地点补上“${place}”了。大概影响多少户？回复数字就行；不清楚可以回复“跳过”。`,

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
    '· 找干部：要负责干部的联系方式',
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
      ...c.events.map((e) => `${e.time} ${e.what}${e.by ? `（${e.by}）` : ''}${e.note ? `：${clip(e.note, 80)}` : ''}`),
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
  // `by` is whoever acted, as residents may hear of them (actorTexts.forResidents): never another cadre's name.
  residentAccepted: (caseNumber: string, by: string) => `${by}已受理您反映的事（${caseNumber}），正在安排处理。`,
  residentProgress: (caseNumber: string, by: string, note: string) => `您反映的事（${caseNumber}）有新进展（${by}）：${clip(note, 300)}`,
  residentTransferred: (caseNumber: string, by: string | null, toName: string) =>
    `您反映的事（${caseNumber}）已${by ? `由${by}` : ''}转给${toName}办理，会继续跟进。`,
  cadreTransferredAway: (caseNumber: string, toName: string, by: string | null) =>
    `案件 ${caseNumber} 已${by ? `由${by}` : ''}转给${toName}，您不用再处理了。`,
  residentResolved: (caseNumber: string, by: string, result: string) =>
    `您反映的事（${caseNumber}）已由${by}办结：${clip(result, 300)}\n过几天我们会回访，问问您是否满意。`,
  /** To the assignee when someone else (a supervisor, a town cadre) took a step on their case. */
  cadreStepByOther: (caseNumber: string, by: string, step: string, note: string | null) =>
    `案件 ${caseNumber} 已由${by}${step}${note ? `：${clip(note, 100)}` : ''}。`,
};

// —————————————————— who acted: names in timelines and notices ——————————————————

/** A cadre as others read them: their area and name (never their phone). */
export type CadreRef = { name: string; areaName: string };

export const actorTexts = {
  /** Staff outputs (dashboard, admin API, cadres in WeChat): always the person. */
  cadre: (c: CadreRef) => `${c.areaName} ${c.name}`,
  /** What residents hear, as the district chose (`notices.actorName`): the person, or their area's cadres. */
  forResidents: (c: CadreRef, naming: 'name' | 'generic') => (naming === 'name' ? `${c.areaName} ${c.name}` : `${c.areaName}的干部`),
  /** A resident is never named to anyone but themselves. */
  resident: '群众',
  system: '系统',
  /** A cadre's step with no cadre on record: nobody is named. */
  someCadre: '干部',
  transferredTo: (whom: string) => `转给${whom}`,
  /** A step's verb for cadreStepByOther. */
  step: { ACCEPTED: '受理', PROGRESS: '记了进展', RESOLVED: '办结' } as Record<string, string>,
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
    '· 走访：记录一次走访（五访五问），问题可当场登记成案件',
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

/** A cadre's step on a case that was refused, as the case service reports it (CaseRefusal in cases/case-change.ts). */
export type RefusalView = {
  code: 'notFound' | 'notYours' | 'badTransition' | 'unknownTarget' | 'sameAssignee';
  caseNumber: string;
  status?: string;
  action?: string;
  assigneeName?: string;
  target?: string;
};

/** Why a cadre's step was refused, in the same words on WeChat, in the admin API and on the desk. */
export function refusalText(r: RefusalView): string {
  switch (r.code) {
    case 'notFound':
      return cadreTexts.notFound(r.caseNumber);
    case 'notYours':
      return cadreTexts.notYours(r.caseNumber, r.assigneeName);
    case 'badTransition':
      return cadreTexts.badTransition(r.caseNumber, messages.statusText(r.status ?? ''), cadreTexts.actionText[r.action ?? ''] ?? '操作');
    case 'unknownTarget':
      return cadreTexts.unknownTarget(r.target ?? '');
    case 'sameAssignee':
      return cadreTexts.sameAssignee(r.caseNumber);
  }
}

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
  /** `assigneeName` as residents may hear of them (actorTexts.forResidents). */
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

// —————————————————— "me too" cases (我也遇到) ——————————————————

/** An open case the resident's report looks like, as it is shown to them. */
export type SimilarCaseView = { place: string; categoryName: string; reporters: number; households: number | null; open: string };

export const meTooTexts = {
  offer: (c: SimilarCaseView) =>
    [
      '这件事好像已经有人反映过了：',
      `${clip(c.place, 60)}，${c.categoryName}，${c.open}。已有 ${c.reporters} 位居民反映${c.households === null ? '' : `，共约 ${c.households} 户`}。`,
      '是同一件事吗？是的话回复“是”，我把您也算上，进展会一起告诉您；不是请回复“不是”，我们另外登记。',
    ].join('\n'),
  offerWrong: '请回复“是”（是同一件事）或“不是”（另外登记）。',
  householdsPrompt: '好的。您这边大概有多少户受影响？回复数字就行，比如“3户”；不清楚回复“跳过”。',
  joined: (caseNumber: string, reporters: number, households: number | null) =>
    [
      `已把您算进这件事，案件编号：${caseNumber}。`,
      `现在共 ${reporters} 位群众反映${households === null ? '' : `，约 ${households} 户`}。有进展、办结了都会告诉您。`,
      `想看进度，回复“查询 ${caseNumber}”。`,
    ].join('\n'),
  alreadyReporter: (caseNumber: string) => `这件事您已经反映过了（${caseNumber}），有进展会告诉您。`,
  closedMeanwhile: '那件事刚刚已经办结了。您这边还有问题的话，我们另外登记一件。',
  joinFailed: '抱歉，刚才没有算上。请把刚才的回答再发一次试试；不想等可以回复“取消”。',
  joinedNote: (households: number | null, reporters: number, total: number | null) =>
    `又有群众反映同一问题（${households === null ? '户数不清楚' : `${households}户`}），现共${reporters}位${total === null ? '' : `、约${total}户`}`,
  cadreReporterJoined: (caseNumber: string, reporters: number, households: number | null, phone: string | null = null) =>
    `案件 ${caseNumber} 又有群众反映同一问题，现共 ${reporters} 位群众${households === null ? '' : `、约 ${households} 户`}。${phone ? `新反映群众电话：${phone}` : ''}`,
  reportersLine: (reporters: number, households: number | null) =>
    `反映群众：${reporters}位${households === null ? '' : `，共约${households}户`}`,
  /** What an open case is doing, in the offer: 正在处理 or 重新办理中. */
  openText: (status: string) => (status === 'REOPENED' ? '重新办理中' : '正在处理'),
};

// —————————————————— the five-visits log (五访五问) ——————————————————

export type VisitKindCode = 'BRANCH_SECRETARY' | 'ENTERPRISE' | 'SERVICE_RECIPIENT' | 'HARDSHIP_GROUP' | 'ORDINARY_RESIDENT';

/** The five kinds, in the article's order: whom, and what is asked about. */
export const VISIT_KINDS: readonly { code: VisitKindCode; name: string; short: string; focus: string }[] = [
  { code: 'BRANCH_SECRETARY', name: '访支部书记', short: '支部书记', focus: '组织建设' },
  { code: 'ENTERPRISE', name: '访企业', short: '企业', focus: '发展状况' },
  { code: 'SERVICE_RECIPIENT', name: '访服务对象', short: '服务对象', focus: '作风效能' },
  { code: 'HARDSHIP_GROUP', name: '访困难群体', short: '困难群体', focus: '衣食冷暖' },
  { code: 'ORDINARY_RESIDENT', name: '访普通群众', short: '普通群众', focus: '社会治理' },
];

export type VisitSummaryView = { kindName: string; visitee: string; place: string; opinions: string[]; problems: string[]; toFile: number[] };

const numbered = (items: string[]) => items.map((t, i) => `${i + 1}. ${clip(t, 60)}`).join('\n');

export const visitTexts = {
  kindPrompt: [
    '记录一次走访（五访五问）。这次是哪一类？请回复序号：',
    ...VISIT_KINDS.map((k, i) => `${i + 1}. ${k.name}（${k.focus}）`),
    '随时回复“取消”可以不记。',
  ].join('\n'),
  kindWrong: `请回复 1 到 ${VISIT_KINDS.length} 中的一个序号，比如企业回复“2”。`,
  whomPrompt: '访问了谁？请写姓名、户主或企业名称，比如“王大爷家”“兴旺建材厂”。',
  whomWrong: '请写访问对象的名字或企业名称，两个字以上、五十个字以内。',
  wherePrompt: (home: string | null) =>
    home
      ? `在哪里？请写村（社区）和地点，比如“团结村3组”。在${home}的话，直接写地点或回复 0。`
      : '在哪里？请写村（社区）和地点，比如“团结村3组”。',
  whereWrong: '没认出是哪个村（社区）。请带上村或社区的名字，比如“团结村3组”。',
  opinionsPrompt: '收集到哪些意见建议？一条发一条消息（一条消息里分行写也行）。写完回复“好了”；没有就回复“没有”。',
  problemsPrompt: '发现了哪些要解决的问题？一件发一条（分行写也行）。写完回复“好了”；没有就回复“没有”。',
  itemNoted: (what: '意见建议' | '问题', count: number) => `记下了，已有${what}${count}条。还有就接着发，写完回复“好了”。`,
  itemTooMany: (max: number) => `一次最多记${max}条，后面的请另记一次走访。写完回复“好了”。`,
  itemTooLong: (max: number) => `这条太长了（最多${max}个字），请分成几条发。`,
  filePrompt: (problems: string[]) =>
    [
      '这些问题要登记成案件吗？会代被访群众登记，按类别交给负责的干部办理：',
      numbered(problems),
      '全部登记回复“全部”；只登记几件回复序号（如“1 3”）；都不用回复“不用”。',
    ].join('\n'),
  fileWrong: (max: number) => `请回复“全部”、“不用”，或 1 到 ${max} 中的序号（如“1 2”）。`,
  summary: (v: VisitSummaryView) =>
    [
      '请核对这次走访：',
      `类别：${v.kindName}`,
      `对象：${v.visitee}`,
      `地点：${v.place}`,
      `意见建议：${v.opinions.length}条${v.opinions.length ? `\n${numbered(v.opinions)}` : ''}`,
      `发现问题：${v.problems.length}个${v.problems.length ? `\n${numbered(v.problems)}` : ''}`,
      ...(v.problems.length ? [`登记成案件：${v.toFile.length === 0 ? '不登记' : v.toFile.map((i) => `第${i + 1}个`).join('、')}`] : []),
      '没问题回复“确认”保存；不记了回复“取消”。',
    ].join('\n'),
  confirmWrong: '没问题请回复“确认”保存；不记了回复“取消”。',
  saved: (v: { kindName: string; visitee: string; opinions: number; problems: number; cases: { caseNumber: string; ledgerName: string; assigneeName: string | null }[] }) =>
    [
      `已记录走访：${v.kindName}，${v.visitee}。意见建议${v.opinions}条，发现问题${v.problems}个。`,
      ...(v.cases.length
        ? ['已登记案件：', ...v.cases.map((c) => `${c.caseNumber}（${c.ledgerName}${c.assigneeName ? `，交给${c.assigneeName}` : ''}）`)]
        : []),
    ].join('\n'),
  saveFailed: '抱歉，刚才没有保存成功，内容还在。请回复“确认”再试一次。',
  cancelled: '好的，这次走访没有记录。',
  expired: '上次的走访记录很久没有继续，已经作废，没有保存。',
  helpLine: '· 走访：记录一次走访（五访五问），问题可当场登记成案件',
};

/** The district's report for a period, in the form it is written up ("访问企业 360 户次，收集意见建议 780 条"). */
export type DistrictReportView = {
  title: string;
  visitsByKind: { name: string; count: number }[];
  visits: number;
  opinions: number;
  problemsFound: number;
  problemsSolved: number;
  disputesResolved: number;
  householdsReached: number;
  servicesProvided: number;
};

export const reportTexts = {
  districtReport: (r: DistrictReportView) =>
    [
      r.title,
      `开展“五访五问”${r.visits}户次：${r.visitsByKind.map((k) => `${k.name} ${k.count} 户次`).join('，')}。`,
      `收集意见建议 ${r.opinions} 条，发现问题 ${r.problemsFound} 个，解决问题 ${r.problemsSolved} 个，化解矛盾纠纷 ${r.disputesResolved} 起。`,
      `走访和反映涉及群众 ${r.householdsReached} 户，为群众办实事好事 ${r.servicesProvided} 件。`,
    ].join('\n'),
};

// —————————————————— the web chat page ——————————————————

export const webChatTexts = {
  title: '连心桥 · 群众诉求',
  intro: '有什么问题，直接在下面说。我们会登记下来，交给负责的干部办理。',
  placeholder: '请输入……',
  send: '发送',
  offline: '网络不太好，消息没发出去，请稍后再试。',
  /** The photo button, and what a refused photo is told (kind, and what to do instead). */
  photo: '发图片',
  photoSending: '图片发送中……',
  photoWrongType: '这个文件发不了。请发照片（JPG、PNG 或 GIF 格式的图片）。',
  photoTooBig: (mb: number) => `这张图片太大了，请发 ${mb}MB 以内的照片（可以先截个图再发）。`,
  photoSent: '[图片]',
  choicesLabel: '可以直接点：',
};

/**
 * The quick replies the web chat shows as buttons (src/dialogue/choices.ts): each button sends a
 * word the dialogue already understands when typed, so tapping and typing are one and the same.
 */
export const quickReplyTexts = {
  agree: '同意',
  decline: '不同意',
  yes: '是',
  notSame: '不是',
  notRight: '不对',
  skip: '跳过',
  confirm: '确认',
  back: '上一步',
  cancel: '取消',
  eraseConfirm: '确认删除',
  /** A numbered option's button: its number and what it stands for. */
  numbered: (n: number, text: string) => `${n} ${text}`,
  /** "0": the place already known, or skipping the place when it cannot be found. */
  knownPlace: (place: string) => `0 还是${clip(place, 20)}`,
  skipPlace: '0 跳过',
  reusePhone: (masked: string) => `是，用 ${masked}`,
};

/** The supervisors' dashboard (/): labels, headings and the answers to what a cadre does there. */
export const dashboardTexts = {
  title: '连心桥 · 民情台账',
  nav: { ledger: '台账', assessment: '考核', cards: '连心卡', signOut: '退出' },
  signIn: {
    heading: '干部登录',
    tokenLabel: '登录令牌',
    tokenHint: '还没有登录令牌？请向系统管理员要一个，每位干部一个，请勿转给别人。',
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
    fields: { ledger: '台账', category: '类别', priority: '轻重缓急', status: '状态', area: '村/社区', location: '地点', households: '影响户数', reporters: '反映群众', phone: '联系电话', assignee: '责任人', createdAt: '登记时间', acceptDueAt: '受理期限', resolveDueAt: '办结期限', resolvedAt: '办结时间' },
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
    reporters: (n: number) => `${n} 位`,
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
    report: '按区里的口径',
    reportTitle: (from: string, to: string) => `${from} 至 ${to}`,
  },
  badRequest: '请求有误，请返回重试。',
  forbidden: '请先登录。',
  staleForm: '页面已过期，请刷新后再提交。',
};

// —————————————————— residents' privacy and bond cards (连心卡) ——————————————————

export const privacyTexts = {
  notice: [
    '您好，这里是“连心桥”，帮您把村（社区）里的事反映给干部。',
    '先说明一下：为了办理您反映的事，我们会保存您说的问题、地点，以及您愿意留的电话，只给负责办理的干部看，不会公开。办完一段时间后，电话等个人信息会自动清除。您随时可以回复“删除我的信息”。',
    '同意请回复“同意”；不同意请回复“不同意”。',
  ].join('\n'),
  agreed: '谢谢您！下面请说说遇到了什么问题。',
  thanks: '谢谢您！',
  askAgain: '请先回复“同意”或“不同意”。同意后才能帮您登记反映的事。',
  declined:
    '好的，您的信息我们不会保存，这次也没有登记。您可以直接找村（社区）干部：打村（社区）委员会的电话，或者到村（社区）便民服务中心当面反映；也可以拨打 12345 政务服务热线。想在这里反映时，回复“同意”就行。',
  eraseConfirm:
    '确定要删除您的个人信息吗？删除后，您的名字、电话和聊天记录会清除，您反映过的事会匿名保留（干部照常办理，但没法再通知您进度）。\n确定请回复“确认删除”；不删了回复“取消”。',
  eraseKept: '好的，没有删除。',
  erased: '您的个人信息已经删除。以后有事，随时可以再找我。',
  eraseNothing: '我们这里没有保存您的个人信息。',
};

export const bondCardTexts = {
  tied: (areaName: string, cadreName: string) =>
    `收到您的连心卡：${areaName}，联系干部${cadreName}。以后您反映的${areaName}的事，会优先交给${cadreName}办理。\n有什么问题，直接告诉我就行。`,
  revoked: '这张连心卡已经停用了。没关系，直接告诉我遇到了什么问题，我照样帮您登记，交给负责的干部。',
  unknown: '没有找到这张连心卡，请核对一下卡上的编号（6位字母和数字）。也可以直接说遇到了什么问题，我照样帮您登记。',
  format: '请回复“连心卡 编号”，编号是卡上的6位字母和数字，比如“连心卡 K7M2Q9”。',
  locationPrompt: (areaName: string, options: Option[]) =>
    [
      `在${areaName}的话，直接说组、小区或楼栋就行（比如“3组”“花园路1栋”），或者回复 0。`,
      `在别的村（社区），请说名字或回复序号：\n${compactList(options)}`,
    ].join('\n'),
};

// —————————————————— the dashboard's safety answers (issue 12: sessions, forged forms, hostile input) ——————————————————

export const deskSafetyTexts = {
  signInStale: '登录页面已过期，请重新输入令牌登录。',
  badPeriod: '日期不对，请填写 2000 年到 2100 年之间的日期，例如 2026-01-31。',
  tooMany: '操作太频繁了，请稍等一分钟再试。',
  failed: '系统出了点问题，请稍后再试。',
};

/** What stands in public texts (Open311) where a phone, ID or card number, or a name, was removed. */
export const publicRedactionTexts = {
  number: '***',
  name: '某',
};

// —————————————————— the WeChat Official Account (服务号/公众号) ——————————————————

export const officialAccountTexts = {
  /** Followed without a bond card's QR code. */
  followed: '感谢关注“连心桥”！村（社区）里的大事小事，直接发消息告诉我就行，也可以点下方菜单“我要反映”。',
  /**
   * The one short line a subscription or template message carries (at most 20 characters), by
   * outbox kind; the resident opens the account to read more.
   */
  noticeStep: {
    'resident.assigned': '已交给负责的干部办理',
    'resident.transferred': '已转给其他干部办理',
    'resident.accepted': '干部已受理',
    'resident.progress': '有新的办理进展',
    'resident.resolved': '已办结，请查看结果',
    'resident.update': '办理情况更新',
    'resident.followUp': '请对办理结果评价',
    'resident.followUpReminder': '请对办理结果评价',
  } as Record<string, string>,
  noticeStepOther: '您反映的事有新消息',
};

// —————————————————— understanding residents: emergencies, intents, places (issue 13) ——————————————————

/** What to do, and which number, for each kind of danger; the three numbers close every advice. */
const HAZARD_ADVICE: Record<string, string> = {
  fire: '着火了请马上离开，走楼梯不要坐电梯，立刻打 119 火警！',
  gas: '闻到燃气（煤气）味：马上开窗、离开，不要开关电灯电器、不要打火，到外面安全的地方再打 119 和燃气公司电话！',
  electricity: '电线掉落或电器打火：离远一点，不要用手碰，不要去拉电闸，到安全的地方打 119 和供电公司电话 95598！',
  water: '有人落水或被水淹：马上打 110、119！不会水不要下水，找竹竿、绳子递过去。',
  collapse: '房子垮塌、塌方或滑坡：马上离开危险的地方，打 119！有人受伤打 120。',
  trapped: '有人被困：马上打 119！有人受伤打 120。',
  violence: '有人动手、拿刀或有危险：先保护好自己，马上打 110 报警！',
  medical: '有人受伤、昏迷或中毒：马上打 120 急救！',
  missing: '老人或孩子走失、几天没见到：马上打 110 报警，说清楚最后在哪里见到的。',
};
const EMERGENCY_NUMBERS = '记住：110 报警，119 火警，120 急救。我们也会马上转给干部。';

export type FactView = { place: string | null; households: number | null; priority: { char: string; label: string } | null; phone: string | null };

export const understandingTexts = {
  /** The advice for a hazard (null: danger of an unknown kind), always with the three numbers. */
  emergencyAdvice: (hazard: string | null) => (hazard && HAZARD_ADVICE[hazard] ? `${HAZARD_ADVICE[hazard]}\n${EMERGENCY_NUMBERS}` : messages.emergencyAdvice),
  /** In a group: the advice, and where to report it. */
  emergencyInGroup: (advice: string) => `${advice}\n要登记这件事，请私聊我。`,

  thanks: '不客气！有事随时找我。',
  humanContact: (areaName: string, cadreName: string, phone: string | null) =>
    `可以直接找${areaName}的干部${cadreName}${phone ? `，电话 ${phone}` : '（到村、社区便民服务中心找）'}。也可以拨打 12345 政务服务便民热线。`,
  humanHotline: '可以拨打 12345 政务服务便民热线，或者到村（社区）便民服务中心当面找干部。告诉我是哪个村（社区），我也能帮您登记，直接交给负责的干部。',

  // —— before the privacy notice is answered ——
  consentCancelled: '好的，没有登记，您说的话也没有保存。以后有事随时找我。',
  consentHelp: '我是“连心桥”，帮您把村（社区）里的事反映给干部，办理进度也会告诉您。要帮您登记，得先请您同意我们保存反映的内容。',
  statusBeforeConsent: '您还没有在这里反映过事情。',

  // —— places ——
  placeNear: (options: Option[]) =>
    options.length === 1
      ? `您说的是“${options[0]!.text}”吗？是的话回复“是”；不是请再说一下村（社区）的名字。`
      : `您说的是哪一个？请回复序号：\n${list(options)}\n都不是请再说一下村（社区）的名字。`,
  placeList: (options: Option[], fallback: string | null) =>
    [
      '还是没认出来。请回复序号选一个：',
      compactList(options),
      fallback ? `不清楚的话回复 0 跳过（先按“${fallback}”登记）。` : '不清楚的话回复 0 跳过，干部会联系您确认。',
    ].join('\n'),
  placeSkipped: (place: string) => `地点先记为“${clip(place, 60)}”，干部会联系您确认。`,

  // —— what the first message already said ——
  categoryWithFacts: (suggested: string | null, facts: FactView, options: Option[]) =>
    [
      suggested ? `这件事我归到“${suggested}”。` : '这件事属于哪一类？',
      '您说的这些我记下了：',
      ...(facts.place ? [`地点：${clip(facts.place, 60)}`] : []),
      ...(facts.households !== null ? [`影响：约${facts.households}户`] : []),
      ...(facts.priority ? [`轻重缓急：${facts.priority.char}（${facts.priority.label}）`] : []),
      ...(facts.phone ? [`电话：${facts.phone}`] : []),
      suggested
        ? `都对的话回复“是”；类别不对请回复序号：\n${list(options)}\n其他不对请回复“不对”，我一项一项问您。`
        : `请回复序号选类别：\n${list(options)}\n上面记的不对请回复“不对”，我一项一项问您。`,
    ].join('\n'),
};

// —————————————————— the desk's ledger, case page and assessment (issue 16) ——————————————————

export const deskViewTexts = {
  days: (n: number) => `${n}天`,
  hours: (n: number) => `${n}小时`,
  minutes: (n: number) => `${n}分钟`,
  left: (span: string) => `剩 ${span}`,
  late: (span: string) => `超期 ${span}`,
  acceptedAt: (at: string) => `${at} 已受理`,
  resolvedAt: (at: string) => `${at} 已办结`,
  notWatched: '不再计时',
  counters: { pending: '待受理', working: '办理中', overdue: '超期', dueToday: '今日到期', doneThisWeek: '本周办结' },
  counterHint: '点数字只看这些案件',
  open: '未办结',
  sortDue: '到期',
  acceptDue: '受理',
  resolveDue: '办结',
  people: (reporters: number, households: number | null) => `${reporters}人${households === null ? '' : ` · ${households}户`}`,
  columns: { deadlines: '期限', people: '人数 / 户数' },
  viewing: (name: string) => `正在看：${name}`,
  clearView: '看全部',
  facts: '案件情况',
  photos: '群众发来的照片',
  photoAlt: (n: number) => `照片 ${n}`,
  call: (name: string) => `拨打 ${name}`,
  assigneePhone: '责任人电话',
  chooseTarget: '请选择交给谁',
  areasGroup: '交给村（社区），由系统指派',
  primaryHint: '现在该做的',
  moreActions: '其他操作',
  assessment: {
    rateOf: (num: number, den: number) => `${num} / ${den} 件`,
    nothingDue: '期间没有到期的案件',
    noAnswers: '期间没有回访答复',
    responseNote: '按时受理 / 已到受理期限',
    resolutionNote: '办结未重开 / 已到办结期限',
    satisfactionNote: '满意和基本满意 / 回访有答复',
    tree: '各地区（含下级合计）',
    rollUp: '合计',
    trend: '每周走势',
    week: (monday: string) => `${monday} 起`,
    rankings: '排名',
    areasByOverdue: '地区 · 超期最多',
    areasBySatisfaction: '地区 · 满意率最高',
    cadresByOverdue: '干部 · 超期最多',
    cadresBySatisfaction: '干部 · 满意率最高',
    overdueCases: '超期未办结的案件',
    noOverdue: '没有超期的案件。',
    noRows: '暂无数据',
    dateHint: '日期格式：2026-01-31',
    overdueFor: (span: string) => `超期 ${span}`,
  },
};

// —————————————————— bond cards to print, and the cards page (h-cards) ——————————————————

/** What the printed 干群连心卡 says. */
export const cardSheetTexts = {
  title: '干群连心卡',
  role: {
    GRID_WORKER: '网格员',
    VILLAGE_CADRE: '村（社区）干部',
    BRANCH_SECRETARY: '党组织书记',
    TOWN_CADRE: '镇（街道）干部',
    SUPERVISOR: '区级督办',
  } as Record<string, string>,
  phone: (phone: string) => `电话 ${phone}`,
  code: (code: string) => `卡号 ${code}`,
  instruction: '微信扫一扫，或加好友时写上卡号，有事随时找我们',
  documentTitle: (areaName: string) => `${areaName} 干群连心卡`,
};

/** The dashboard's cards page: create, list, revoke, print. */
export const cardDeskTexts = {
  heading: '干群连心卡',
  hint: '选一个村（社区），给那里的干部生成连心卡，下载 PDF 用 A4 纸打印，沿裁切线裁开发给群众。',
  area: '村/社区',
  active: '有效卡片',
  residents: '已绑定群众',
  manage: '管理',
  downloadPdf: '下载 PDF（A4）',
  none: '还没有卡片',
  noCards: '这个村（社区）还没有有效的连心卡。',
  areaHeading: (areaName: string) => `${areaName}的连心卡`,
  back: '返回全部村（社区）',
  createHeading: '生成新卡',
  cadre: '联系干部',
  count: '张数',
  create: '生成',
  noCadres: '这个村（社区）还没有在岗的干部，先登记干部再生成卡片。',
  code: '卡号',
  createdAt: '生成时间',
  status: '状态',
  statusActive: '有效',
  statusRevoked: '已停用',
  revoke: '停用',
  revokeHint: '停用后这张卡的卡号不再有效，已绑定的群众不再优先找这位干部。',
  created: (n: number) => `已生成 ${n} 张连心卡。`,
  revoked: (code: string) => `连心卡 ${code} 已停用。`,
  badCount: '张数请填 1 到 100 之间的整数。',
  badCadre: '请选择这个村（社区）在岗的干部。',
  notRevoked: '这张卡已经停用，或者不属于您能管理的村（社区）。',
};
