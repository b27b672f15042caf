/**
 * The demo city: Chaozhou (潮州市, 445100). People and contacts are fictional; phone numbers and mail
 * addresses are placeholders that reach no one.
 */
import type { OrganisationKind, Role } from "../schema";

export const CITY = { name: "潮州市", code: "445100" };

/** Counties, districts and administrations. 枫溪区 and 潮州新区 have no national division code; the 4451xx codes here are the platform's own. */
export const COUNTIES = [
  { name: "湘桥区人民政府", short: "湘桥区", region: "445102", contact: "陈嘉文", phone: "13768011101" },
  { name: "潮安区人民政府", short: "潮安区", region: "445103", contact: "林晓东", phone: "13768011102" },
  { name: "饶平县人民政府", short: "饶平县", region: "445122", contact: "黄立群", phone: "13768011103" },
  { name: "枫溪区管理委员会", short: "枫溪区", region: "445171", contact: "吴少鹏", phone: "13768011104" },
  { name: "潮州新区管理委员会", short: "潮州新区", region: "445172", contact: "蔡雅琳", phone: "13768011105" },
] as const;

export const DEPARTMENTS = [
  ["市发展和改革局", "发改局", "郑伟明"],
  ["市工业和信息化局", "工信局", "许丽娟"],
  ["市科学技术局", "科技局", "刘志坚"],
  ["市财政局", "财政局", "张晓红"],
  ["市人力资源和社会保障局", "人社局", "李建国"],
  ["市自然资源局", "自然资源局", "杨海涛"],
  ["市生态环境局", "生态环境局", "谢雨桐"],
  ["市住房和城乡建设局", "住建局", "赵俊杰"],
  ["市交通运输局", "交通运输局", "周文斌"],
  ["市水务局", "水务局", "方晓燕"],
  ["市商务局", "商务局", "邱思远"],
  ["市应急管理局", "应急管理局", "孙国庆"],
  ["市市场监督管理局", "市场监管局", "何丽萍"],
  ["国家税务总局潮州市税务局", "税务局", "马振华"],
  ["市公安局", "公安局", "罗志勇"],
] as const;

export const OTHER_ORGANISATIONS: { kind: OrganisationKind; name: string; short: string; contact: string }[] = [
  { kind: "platform_office", name: "市政务服务数据管理局", short: "政数局", contact: "黄思敏" },
  { kind: "service_hall", name: "市政务服务中心“难办事”窗口", short: "政务大厅", contact: "陈小玲" },
  { kind: "hotline_center", name: "潮州市12345政务服务便民热线", short: "12345热线", contact: "林美华" },
  { kind: "government_office", name: "市政府办公室", short: "市府办", contact: "詹志华" },
  { kind: "supervision_office", name: "市政府督查室", short: "督查室", contact: "苏振宇" },
  { kind: "city_government", name: "潮州市人民政府", short: "市政府", contact: "詹志华" },
];

export const LEADERS = [
  { name: "陈立新", title: "市长" },
  { name: "林国栋", title: "常务副市长" },
  { name: "黄美玲", title: "副市长" },
  { name: "吴启明", title: "副市长" },
  { name: "蔡文华", title: "副市长" },
  { name: "郑海波", title: "副市长" },
];

export const SECRETARIES_GENERAL = [
  { name: "许志远", title: "市政府秘书长" },
  { name: "刘晓峰", title: "市政府副秘书长" },
  { name: "杨德胜", title: "市政府副秘书长" },
  { name: "谢晓雯", title: "市政府副秘书长" },
];

export const DEMO_PASSWORD = "Demo@2026";

/** One account per role; `organisation` names the organisation it belongs to. */
export const DEMO_ACCOUNTS: { username: string; role: Role; displayName: string; organisation: string }[] = [
  { username: "enterprise", role: "enterprise", displayName: "企业联系人 陈先生", organisation: "(demo enterprise)" },
  {
    username: "window",
    role: "window_clerk",
    displayName: "窗口工作人员 陈小玲",
    organisation: "市政务服务中心“难办事”窗口",
  },
  {
    username: "hotline",
    role: "hotline_operator",
    displayName: "话务员 林美华",
    organisation: "潮州市12345政务服务便民热线",
  },
  {
    username: "office",
    role: "platform_admin",
    displayName: "平台管理员 黄思敏",
    organisation: "市政务服务数据管理局",
  },
  {
    username: "reviewer",
    role: "registry_reviewer",
    displayName: "法人库审核员 何丽萍",
    organisation: "市市场监督管理局",
  },
  { username: "county", role: "county", displayName: "湘桥区联络员 陈嘉文", organisation: "湘桥区人民政府" },
  { username: "dept", role: "department", displayName: "工信局联络员 许丽娟", organisation: "市工业和信息化局" },
  {
    username: "secretary",
    role: "secretary_general",
    displayName: "许志远(市政府秘书长)",
    organisation: "潮州市人民政府",
  },
  { username: "govoffice", role: "government_office", displayName: "市府办 詹志华", organisation: "市政府办公室" },
  { username: "leader", role: "leader", displayName: "陈立新(市长)", organisation: "潮州市人民政府" },
  { username: "supervisor", role: "supervisor", displayName: "督查室 苏振宇", organisation: "市政府督查室" },
];

/** Appeal categories and, for each, the department suggested as lead (the routing table). */
export const CATEGORIES: { name: string; department: string | null }[] = [
  { name: "项目审批与投资", department: "市发展和改革局" },
  { name: "工业发展与技术改造", department: "市工业和信息化局" },
  { name: "科技创新与研发", department: "市科学技术局" },
  { name: "财政资金与补贴", department: "市财政局" },
  { name: "用工、人才与社保", department: "市人力资源和社会保障局" },
  { name: "用地与规划", department: "市自然资源局" },
  { name: "环保与环评", department: "市生态环境局" },
  { name: "工程建设与房产", department: "市住房和城乡建设局" },
  { name: "交通与物流", department: "市交通运输局" },
  { name: "供水与排水", department: "市水务局" },
  { name: "外贸与商务", department: "市商务局" },
  { name: "安全生产与消防", department: "市应急管理局" },
  { name: "市场准入与监管", department: "市市场监督管理局" },
  { name: "税费", department: "国家税务总局潮州市税务局" },
  { name: "治安与证照", department: "市公安局" },
  { name: "其他", department: null },
];
