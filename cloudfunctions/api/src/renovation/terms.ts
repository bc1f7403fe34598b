import type { RenovationTerms, WorkItem } from '../../../../typings/renovation';

/** The work checklist; structural items need the government approval document (seed 000 (三) 3). */
export const WORK_ITEMS: WorkItem[] = [
  { code: 'structure', label: '拆改房屋结构（墙体、梁柱、楼板）', structural: true },
  { code: 'mezzanine', label: '增加夹层', structural: true },
  { code: 'seismic', label: '其他可能影响房屋整体性、抗震性和结构安全的改动', structural: true },
  { code: 'plumbing-electric', label: '水电线路改造', structural: false },
  { code: 'waterproof', label: '防水工程', structural: false },
  { code: 'floor-wall', label: '地面、墙面铺贴与涂刷', structural: false },
  { code: 'ceiling', label: '吊顶', structural: false },
  { code: 'doors-windows', label: '更换户内门窗（不改变外立面）', structural: false },
  { code: 'kitchen-bath', label: '厨卫改造', structural: false },
  { code: 'furniture', label: '家具安装', structural: false },
];

/** Seed 000 (三) 2: the prohibited actions and the notes, told at registration. */
const PROHIBITIONS = [
  '未经批准拆改房屋承重结构、增加夹层或改变房屋主体结构',
  '将没有防水要求的房间或阳台改为卫生间、厨房',
  '扩大承重墙上原有的门窗尺寸，拆除连接阳台的砖、混凝土墙体',
  '损坏房屋原有节能设施，降低节能效果',
  '擅自改变房屋外立面，私搭乱建',
  '损坏、拆改公共部位和共用设施设备',
  '装修现场使用明火、乱拉电线；特种作业人员无证上岗',
  '在阳台堆放装修物品和其他易燃易爆物品',
];

const NOTES = [
  '施工时间：工作日 8:00–12:00、14:00–18:00，节假日不得进行产生噪音的施工',
  '装修垃圾须袋装，在物业指定的时间运到指定地点，不得堆放在公共通道',
  '施工期间关闭通向公共通道的门窗，避免灰尘影响其他业主',
  '施工人员须佩戴物业发放的统一识别标志',
  '装修现场按每 50 平方米至少 1 个 2 公斤干粉灭火器配备，不足 50 平方米按 50 平方米计算',
  '完工后须申请验收；超过批准的工期须提前办理延期',
];

export const AGREEMENT_VERSION = '2026-01';

const AGREEMENT = [
  '装饰装修管理服务协议',
  '一、装修人应遵守《住宅室内装饰装修管理办法》及本小区管理规约，按批准的内容和工期施工。',
  '二、装修人已知悉装饰装修活动的禁止行为和注意事项，并对装饰装修企业的施工行为负责。',
  '三、物业服务企业按约定进行装修巡查，发现违规行为有权劝阻、要求整改，并报告有关部门。',
  '四、因装修造成公共部位、共用设施设备或他人财产损坏的，由装修人负责修复或赔偿。',
  '五、装修完工后，装修人应申请验收；验收合格后本次装修手续办结。',
].join('\n');

const SAFETY_COMMITMENT = [
  '既有建筑装修改造工程施工安全告知承诺书',
  '本人已知悉既有建筑装修改造工程的施工安全要求，承诺：不擅自变动建筑主体和承重结构；',
  '委托具有相应资质的施工单位施工；落实现场消防、用电和高处作业安全措施；',
  '如违反上述承诺，愿承担相应法律责任。',
].join('\n');

/** Seed 002 §11: what an inspection during the works checks. */
export const INSPECTION_CHECKS = [
  { code: 'no-open-flame', label: '现场无明火作业' },
  { code: 'wiring', label: '无乱拉电线' },
  { code: 'extinguishers', label: '按要求配备灭火器' },
  { code: 'balcony', label: '阳台无装修物品及易燃易爆物品' },
  { code: 'corridor-doors', label: '通向公共通道的门窗已关闭' },
  { code: 'debris', label: '装修垃圾按规定时间、地点清运' },
  { code: 'worker-id', label: '施工人员佩戴统一识别标志' },
  { code: 'special-work', label: '特种作业人员持证上岗' },
];

export const TERMS: Omit<RenovationTerms, 'today'> = {
  workItems: WORK_ITEMS,
  prohibitions: PROHIBITIONS,
  notes: NOTES,
  agreementVersion: AGREEMENT_VERSION,
  agreementText: AGREEMENT,
  safetyCommitmentText: SAFETY_COMMITMENT,
  inspectionChecks: INSPECTION_CHECKS,
};
