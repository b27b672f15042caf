/** The city this installation serves (the demo city). */
export const CITY = { city: "潮州市", office: "潮州市政务服务数据管理局" };
export const CITY_CODE = "445100";
