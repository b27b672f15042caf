import { describe, expect, it } from "vitest";
import {
  appealContactPhone,
  handlesAppeal,
  handlingOrganisations,
  maskPhone,
  maskPhonesInText,
  type AppealHandlers,
  type PhoneViewer,
} from "./personal-data";
import { ROLES, type Role } from "./roles";

describe("maskPhone", () => {
  it("keeps a mobile's first three and last four digits", () => {
    expect(maskPhone("13712342222")).toBe("137****2222");
    expect(maskPhone("19900001111")).toBe("199****1111");
  });

  it("sees through spaces, dashes, a country code and surrounding blanks", () => {
    expect(maskPhone(" 137 1234 2222 ")).toBe("137****2222");
    expect(maskPhone("137-1234-2222")).toBe("137****2222");
    expect(maskPhone("+8613712342222")).toBe("137****2222");
    expect(maskPhone("+86 137 1234 2222")).toBe("137****2222");
  });

  it("keeps a landline's area code and last four digits, and its extension", () => {
    expect(maskPhone("0768-2201101")).toBe("0768-***1101");
    expect(maskPhone("07682201101")).toBe("0768-***1101");
    expect(maskPhone("(0768)2201101")).toBe("0768-***1101");
    expect(maskPhone("020-12345678")).toBe("020-****5678");
    expect(maskPhone("010-87654321")).toBe("010-****4321");
    expect(maskPhone("0768-2201101-8001")).toBe("0768-***1101-8001");
  });

  it("hides every digit but the last four of anything else, and leaves no full number behind", () => {
    expect(maskPhone("12345678")).toBe("****5678");
    expect(maskPhone("852 9123 4567")).toBe("*** **** 4567");
    expect(maskPhone("12345")).toBe("*2345");
    expect(maskPhone("1234")).toBe("1234");
  });

  it("passes nothing through as nothing", () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone(undefined)).toBeNull();
    expect(maskPhone("")).toBe("");
  });

  it("hides the middle four digits of every mobile prefix 13x–19x", () => {
    for (let second = 3; second <= 9; second++)
      for (let third = 0; third <= 9; third++) {
        const n = `1${second}${third}56781234`;
        const masked = maskPhone(n);
        expect(masked).toBe(`1${second}${third}****1234`);
        expect(masked).not.toContain("5678");
      }
  });
});

describe("maskPhonesInText", () => {
  it("masks every mobile inside a text and leaves the rest as it was", () => {
    expect(maskPhonesInText("请联系张科长13812345678或李科长 139-1234-5678,办公电话0768-2201101。")).toBe(
      "请联系张科长138****5678或李科长 139****5678,办公电话0768-2201101。",
    );
    expect(maskPhonesInText("+86 13812345678")).toBe("138****5678");
  });

  it("leaves longer runs of digits and codes alone", () => {
    // A tracking number, a credit code, a timestamp in milliseconds.
    for (const text of ["ZT20261118000001", "91445102MA13812345678", "1763604000000", "12345"])
      expect(maskPhonesInText(text)).toBe(text);
  });

  it("passes nothing through as nothing", () => {
    expect(maskPhonesInText(null)).toBeNull();
  });
});

describe("who handles an appeal", () => {
  const appeal: AppealHandlers = {
    enterpriseOrganisationId: 50,
    registeredBy: 7,
    organisationIds: [20, 30],
    registryReview: false,
  };
  const viewer = (role: Role, organisationId: number, id = 1): PhoneViewer => ({ role, organisationId, id });

  it("the office, the registrar, the handling organisations and the enterprise itself", () => {
    expect(handlesAppeal(viewer("platform_admin", 1), appeal)).toBe(true);
    expect(handlesAppeal(viewer("window_clerk", 2, 7), appeal)).toBe(true);
    expect(handlesAppeal(viewer("hotline_operator", 3, 7), appeal)).toBe(true);
    expect(handlesAppeal(viewer("department", 20), appeal)).toBe(true);
    expect(handlesAppeal(viewer("county", 30), appeal)).toBe(true);
    expect(handlesAppeal(viewer("enterprise", 50), appeal)).toBe(true);
  });

  it("not another clerk, department, county or enterprise", () => {
    expect(handlesAppeal(viewer("window_clerk", 2, 8), appeal)).toBe(false);
    expect(handlesAppeal(viewer("hotline_operator", 3, 8), appeal)).toBe(false);
    expect(handlesAppeal(viewer("department", 21), appeal)).toBe(false);
    expect(handlesAppeal(viewer("county", 31), appeal)).toBe(false);
    expect(handlesAppeal(viewer("enterprise", 51), appeal)).toBe(false);
    // An organisation id that happens to equal the registrar's user id is no registrar.
    expect(handlesAppeal(viewer("department", 7), appeal)).toBe(false);
  });

  it("the registry reviewer only while the appeal is sent to the registry review", () => {
    expect(handlesAppeal(viewer("registry_reviewer", 40), appeal)).toBe(false);
    expect(handlesAppeal(viewer("registry_reviewer", 40), { ...appeal, registryReview: true })).toBe(true);
  });

  it("never the leader, the secretary-general, the government office or the supervisor", () => {
    const everything: AppealHandlers = {
      enterpriseOrganisationId: 1,
      registeredBy: 1,
      organisationIds: [1],
      registryReview: true,
    };
    for (const role of ["leader", "secretary_general", "government_office", "supervisor"] as const)
      expect(handlesAppeal(viewer(role, 1, 1), everything), role).toBe(false);
  });

  it("an appeal nobody handles yet (no registrar, no account, no assignment) is the office's alone", () => {
    const bare: AppealHandlers = {
      enterpriseOrganisationId: null,
      registeredBy: null,
      organisationIds: [],
      registryReview: false,
    };
    expect(ROLES.filter((r) => handlesAppeal(viewer(r, 1, 1), bare))).toEqual(["platform_admin"]);
  });

  it("an ended assignment no longer handles the appeal", () => {
    expect(
      handlingOrganisations([
        { organisationId: 20, state: "ended" },
        { organisationId: 21, state: "accepted" },
        { organisationId: 22, state: "done" },
        { organisationId: 21, state: "disputed" },
        { organisationId: 23, state: "assigned" },
      ]),
    ).toEqual([21, 22, 23]);
  });

  it("gives the handler the number and everyone else the masked one", () => {
    expect(appealContactPhone(viewer("department", 20), appeal, "13712342222")).toBe("13712342222");
    expect(appealContactPhone(viewer("department", 21), appeal, "13712342222")).toBe("137****2222");
    expect(appealContactPhone(viewer("supervisor", 20), appeal, "0768-2201101")).toBe("0768-***1101");
  });
});
