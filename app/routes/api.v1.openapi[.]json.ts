/**
 * GET /api/v1/openapi.json — public. The request schema is generated from the appeal schema the forms use,
 * so the document cannot drift from what the API accepts; the categories are the ones in use today.
 */
import { z } from "zod";
import { STATUS_LABEL } from "~/domain/appeal";
import { listCategories } from "~/models/appeal.server";
import { appealSchema } from "~/schemas/appeal";
import { MAX_API_BODY_BYTES } from "~/schemas/api-keys";
import { CITY } from "~/utils/city";
import { getDb } from "~/utils/db.server";

type JsonSchema = Record<string, unknown>;

const FIELD_DESCRIPTIONS: Record<string, string> = {
  creditCode:
    "统一社会信用代码,18位(GB 32100-2015);小写字母和空格会被规范化。校验位不符或法人库中查无此企业的,诉求照常受理,转市场监管部门核实",
  enterpriseName: "企业全称,与法人库比对(忽略全角/半角和空格差异)",
  contactName: "联系人姓名",
  contactPhone: "联系电话:11位手机号码,或带区号的固定电话(如 0768-2345678)",
  contactEmail: "联系人电子邮箱(可选)",
  title: "诉求标题,5至60字",
  content: "诉求内容,20至3000字",
  categoryId: "诉求类别编号",
  publishName: "是否同意日后公开企业名称,默认 false",
};

function requestSchema(categories: { id: number; name: string }[]): JsonSchema {
  const schema = z.toJSONSchema(appealSchema, { io: "input", target: "draft-2020-12" }) as JsonSchema & {
    properties: Record<string, JsonSchema>;
  };
  delete schema.$schema;
  for (const [name, description] of Object.entries(FIELD_DESCRIPTIONS)) {
    if (schema.properties[name]) schema.properties[name].description = description;
  }
  if (categories.length > 0) {
    schema.properties.categoryId.enum = categories.map((c) => c.id);
    schema.properties.categoryId.description =
      `${FIELD_DESCRIPTIONS.categoryId}。当前可选:` + categories.map((c) => `${c.id} ${c.name}`).join(";");
  }
  schema.description = "一件诉求。附件暂不支持通过接口提交。";
  return schema;
}

const instant = (description: string): JsonSchema => ({
  type: "string",
  format: "date-time",
  description: `${description}(ISO 8601,北京时间 +08:00)`,
  examples: ["2026-11-20T10:00:00+08:00"],
});

const errorSchema: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "string", description: "错误说明(中文)" } },
};

const validationErrorSchema: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: { type: "string", examples: ["请求内容有误"] },
    fieldErrors: {
      type: "object",
      description: "按字段列出的错误说明(中文)",
      additionalProperties: { type: "array", items: { type: "string" } },
      examples: [{ title: ["诉求标题至少5个字"] }],
    },
  },
};

const appealSchemaJson: JsonSchema = {
  type: "object",
  required: ["trackingNumber", "status", "statusLabel", "cycle", "receivedAt", "nextCycle"],
  properties: {
    trackingNumber: { type: "string", description: "受理编号", examples: ["ZT20261120000123"] },
    status: {
      type: "string",
      enum: Object.keys(STATUS_LABEL),
      description: Object.entries(STATUS_LABEL)
        .map(([k, v]) => `${k}:${v}`)
        .join(";"),
    },
    statusLabel: { type: "string", description: "状态的中文名称", examples: ["待甄别"] },
    cycle: {
      type: "object",
      description: "诉求所属期次",
      required: ["number", "onsiteDate"],
      properties: {
        number: { type: "integer", description: "期次编号(第N期)" },
        onsiteDate: { type: "string", format: "date", description: "现场活动日" },
      },
    },
    receivedAt: instant("受理时间"),
    nextCycle: {
      type: "boolean",
      description: "受理时本期预约已截止,诉求纳入下一期(应如实告知企业)",
    },
  },
};

const personSchema: JsonSchema = {
  oneOf: [
    { type: "null" },
    {
      type: "object",
      required: ["name", "title"],
      properties: { name: { type: "string" }, title: { type: "string" } },
    },
  ],
};

const scheduleSchema: JsonSchema = {
  type: "object",
  required: ["year", "calendarConfirmed", "cycles"],
  properties: {
    year: { type: "integer" },
    calendarConfirmed: { type: "boolean", description: "该年的法定节假日安排是否已确认" },
    cycles: {
      type: "array",
      items: {
        type: "object",
        required: [
          "number",
          "month",
          "onsiteDate",
          "bookingOpensAt",
          "bookingClosesAt",
          "catalogDueAt",
          "agendaDueAt",
          "commitmentsDueAt",
          "leader",
          "secretaryGeneral",
          "provisional",
        ],
        properties: {
          number: { type: "integer", description: "期次编号(第N期)" },
          month: { type: "string", pattern: "^\\d{4}-\\d{2}$", description: "所属月份" },
          onsiteDate: { type: "string", format: "date", description: "现场活动日" },
          bookingOpensAt: instant("预约开始"),
          bookingClosesAt: instant("预约截止(此刻起不再纳入本期)"),
          catalogDueAt: instant("问题目录报送截止"),
          agendaDueAt: instant("活动议程审定截止"),
          commitmentsDueAt: instant("承诺事项公开截止"),
          leader: { ...personSchema, description: "出席市领导" },
          secretaryGeneral: { ...personSchema, description: "轮值秘书长" },
          provisional: { type: "boolean", description: "日期取决于尚未确认的年度节假日安排,可能调整" },
        },
      },
    },
  },
};

function document(categories: { id: number; name: string }[]): JsonSchema {
  const err = (description: string, schema: JsonSchema = errorSchema) => ({
    description,
    content: { "application/json": { schema } },
  });
  return {
    openapi: "3.1.0",
    info: {
      title: `${CITY.city}解决企业诉求“直通车”平台接口`,
      version: "1.0.0",
      description:
        "供12345热线系统推送企业诉求,及查询期次安排。所有时间为北京时间(+08:00)。" +
        "提交诉求需使用平台管理员签发的 API 密钥;附件暂不支持通过接口提交。",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "平台管理员在“接口密钥”页签发的密钥,形如 ztk_xxxxxxxx_…,仅在签发时显示一次",
        },
      },
      schemas: {
        AppealRequest: requestSchema(categories),
        Appeal: appealSchemaJson,
        Error: errorSchema,
        ValidationError: validationErrorSchema,
        Schedule: scheduleSchema,
      },
    },
    paths: {
      "/api/v1/appeals": {
        post: {
          operationId: "submitAppeal",
          summary: "提交一件企业诉求",
          description:
            "诉求按受理时刻归入期次:本期预约窗口已截止的,纳入下一期(nextCycle 为 true)。" +
            "请为每件诉求生成一个 Idempotency-Key 并在重试时原样发送,以免重复受理。",
          security: [{ apiKey: [] }],
          parameters: [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              description:
                "本次提交的唯一标识(1至100个可打印 ASCII 字符,建议 UUID)。同一密钥下重复发送同一标识," +
                "返回首次受理的诉求(响应头 Idempotent-Replayed: true),不会重复受理;内容不同则返回 422。" +
                "不提供时,每次请求都作为一件新诉求受理。",
              schema: { type: "string", minLength: 1, maxLength: 100, pattern: "^[\\x20-\\x7E]+$" },
            },
          ],
          requestBody: {
            required: true,
            description: `JSON,不超过 ${MAX_API_BODY_BYTES / 1024} KB`,
            content: { "application/json": { schema: { $ref: "#/components/schemas/AppealRequest" } } },
          },
          responses: {
            "201": {
              description: "已受理(或同一 Idempotency-Key 的重放)",
              headers: {
                Location: { description: "诉求状态查询地址", schema: { type: "string" } },
                "Idempotent-Replayed": {
                  description: "为 true 时表示此前已受理,本次返回的是首次受理的结果",
                  schema: { type: "string", enum: ["true"] },
                },
              },
              content: { "application/json": { schema: { $ref: "#/components/schemas/Appeal" } } },
            },
            "400": err("请求内容有误:字段错误见 fieldErrors", { $ref: "#/components/schemas/ValidationError" }),
            "401": {
              ...err("缺少或无效的 API 密钥"),
              headers: { "WWW-Authenticate": { schema: { type: "string", enum: ["Bearer"] } } },
            },
            "403": err("API 密钥已被撤销"),
            "405": err("请求方法不是 POST"),
            "413": err("请求内容超过 64 KB"),
            "415": err("Content-Type 不是 application/json"),
            "422": err("该 Idempotency-Key 已用于另一件内容不同的诉求"),
            "503": err("暂无可预约的期次"),
          },
        },
      },
      "/api/v1/appeals/{trackingNumber}": {
        get: {
          operationId: "getAppeal",
          summary: "查询通过接口提交的诉求的状态",
          description: "只能查询本单位密钥提交的诉求;其他诉求一律返回 404。",
          security: [{ apiKey: [] }],
          parameters: [{ name: "trackingNumber", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": {
              description: "诉求当前状态",
              content: {
                "application/json": {
                  schema: {
                    allOf: [
                      { $ref: "#/components/schemas/Appeal" },
                      {
                        type: "object",
                        properties: {
                          rejectionReason: { type: ["string", "null"], description: "不予受理的理由" },
                          updatedAt: instant("最近更新"),
                        },
                      },
                    ],
                  },
                },
              },
            },
            "401": err("缺少或无效的 API 密钥"),
            "403": err("API 密钥已被撤销"),
            "404": err("未找到"),
          },
        },
      },
      "/api/v1/cycles": {
        get: {
          operationId: "listCycles",
          summary: "某年的期次安排(公开)",
          security: [],
          parameters: [
            {
              name: "year",
              in: "query",
              required: false,
              description: "四位年份,默认当年",
              schema: { type: "string", pattern: "^\\d{4}$" },
            },
          ],
          responses: {
            "200": {
              description: "该年各期的日期与出席人员",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Schedule" } } },
            },
            "400": err("year 参数有误"),
          },
        },
      },
    },
  };
}

export async function loader() {
  const categories = await listCategories(getDb());
  return Response.json(document(categories.map((c) => ({ id: c.id, name: c.name }))), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
