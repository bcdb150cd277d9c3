import type { Priority } from '../../domain/ledger';
import type { VisitKindCode } from '../../messages/zh-CN';

/**
 * What residents of the demo district report over a quarter: every ledger, in the words people
 * use. Demo data only (made up, no real person or number); the loader files them as residents would.
 */
export type DemoStory = { category: string; description: string; place: string; households: number | null; priority?: Priority };

export const DEMO_STORIES: readonly DemoStory[] = [
  { category: 'DRAINAGE', description: '小区后面阴沟堵了好几天，污水漫到路上，味道很大', place: '建设路12号后面', households: 30 },
  { category: 'DRAINAGE', description: '下雨后排水沟满了，水倒灌进一楼住户家里', place: '人民街菜市场旁', households: 8, priority: 'URGENT' },
  { category: 'IRRIGATION', description: '三组的提灌站坏了，秧田放不进水，眼看要误农时', place: '团结村三组提灌站', households: 26 },
  { category: 'IRRIGATION', description: '自来水这几天时有时无，早上根本接不到水', place: '水塘村五组', households: 15 },
  { category: 'ROADS', description: '村道上有个大坑，晚上骑车的人摔了好几次', place: '火石村村道二公里处', households: null },
  { category: 'ROADS', description: '路灯坏了一个多月，晚上接孩子放学很黑', place: '向阳社区桂花园小区门口', households: 40 },
  { category: 'SANITATION', description: '垃圾桶好几天没人清运，苍蝇很多', place: '锦绣小区3栋旁', households: 20 },
  { category: 'SANITATION', description: '河边有人乱倒建筑垃圾', place: '旭水河边花园路段', households: null },
  { category: 'HOUSING_SAFETY', description: '老房子外墙开裂，掉了几块砖下来，怕伤到人', place: '菜市巷7号', households: 4, priority: 'URGENT' },
  { category: 'HOUSING_SAFETY', description: '邻居家的危房一直没人管，雨季怕垮', place: '团结村一组', households: 2 },
  { category: 'DISPUTE', description: '楼上装修天天打电钻到晚上十点，沟通了几次都不听', place: '桂花园小区5栋', households: 2 },
  { category: 'DISPUTE', description: '两家为了宅基地边界吵了好久，差点动手', place: '水塘村二组', households: 2 },
  { category: 'HARDSHIP', description: '我家老人瘫痪在床，子女在外地打工，想问问能不能申请帮扶', place: '火石村四组', households: 1 },
  { category: 'HARDSHIP', description: '孩子上大学学费凑不齐，听说有助学的政策想了解一下', place: '团结村六组', households: 1 },
  { category: 'VILLAGE_AFFAIRS', description: '村里修路的钱是怎么用的，想看一下公开的账目', place: '团结村村委会', households: null },
  { category: 'VILLAGE_AFFAIRS', description: '低保评定名单没有张贴公示，大家有意见', place: '水塘村村委会', households: null },
  { category: 'PARTY_AFFAIRS', description: '流动党员在外地，组织生活怎么参加，想咨询一下', place: '向阳社区', households: null },
  { category: 'SUGGESTION', description: '建议在小区里装几个健身器材，老人没地方活动', place: '花园社区', households: null },
  { category: 'SUGGESTION', description: '希望社区多组织几次免费体检', place: '向阳社区', households: null },
  { category: 'OTHER', description: '快递柜一直坏着，取件很麻烦', place: '锦绣小区', households: 50 },
];

/** 五访五问 visits over the quarter: who was visited, what they said, the problems found. */
export type DemoVisit = { kind: VisitKindCode; visitee: string; opinions: string[]; problems: string[]; fileFirst: boolean };

export const DEMO_VISITS: readonly DemoVisit[] = [
  { kind: 'ENTERPRISE', visitee: '恒达机械厂', opinions: ['希望简化办证流程', '建议组织一次招聘会'], problems: ['厂门口道路破损，货车进出困难'], fileFirst: true },
  { kind: 'HARDSHIP_GROUP', visitee: '独居老人王大爷家', opinions: ['冬天取暖难', '希望有人定期来看看'], problems: ['屋顶漏雨'], fileFirst: true },
  { kind: 'ORDINARY_RESIDENT', visitee: '三组村民座谈', opinions: ['希望路灯多装几盏'], problems: [], fileFirst: false },
  { kind: 'BRANCH_SECRETARY', visitee: '团结村党支部', opinions: ['党员活动室设备老旧'], problems: [], fileFirst: false },
  { kind: 'SERVICE_RECIPIENT', visitee: '便民服务中心办事群众', opinions: ['办事排队时间长', '希望能网上预约'], problems: [], fileFirst: false },
  { kind: 'HARDSHIP_GROUP', visitee: '残疾人李大姐家', opinions: ['康复器材不够用'], problems: ['家门口台阶太高，轮椅出不去'], fileFirst: true },
  { kind: 'ENTERPRISE', visitee: '绿源农业合作社', opinions: ['希望对接销售渠道'], problems: [], fileFirst: false },
  { kind: 'ORDINARY_RESIDENT', visitee: '桂花园小区居民', opinions: ['停车位不够', '希望增加快递柜'], problems: [], fileFirst: false },
];

/** What cadres write when they act, and what residents answer when asked (回访). */
export const DEMO_NOTES = {
  progress: ['已到现场查看，联系了施工队', '已和相关部门对接，正在协调', '已上门了解情况，材料在准备中'],
  resolve: ['已处理完毕，现场已恢复', '已协调解决，双方都同意', '已按政策办理，结果已告知本人'],
  unsatisfied: '问题还是没解决，跟原来一样',
  partly: '基本解决了，还有点小尾巴',
};
