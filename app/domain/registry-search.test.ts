import { describe, expect, it } from "vitest";
import { deregistration, foldForSearch, nameBigrams, parseNameQuery, unaffectedByFolding } from "./registry-search";

describe("foldForSearch", () => {
  it("turns full-width forms and the ideographic space half-width and capitals lower case, nothing else", () => {
    expect(foldForSearch("潮州市ＴＣＬ（集团）　Ｎｏ．１ ABCxyz")).toBe("潮州市tcl(集团) no.1 abcxyz");
    // Letters outside ASCII keep their case: the database's locale must not decide what matches.
    expect(foldForSearch("ÉCOLE Ωmega")).toBe("École Ωmega");
    expect(foldForSearch("恒达")).toBe("恒达");
  });
});

describe("nameBigrams", () => {
  it("lists every pair of neighbouring characters in order, repeats kept", () => {
    expect(nameBigrams("潮州市湘桥区")).toEqual(["潮州", "州市", "市湘", "湘桥", "桥区"]);
    expect(nameBigrams("华华华")).toEqual(["华华", "华华"]);
    expect(nameBigrams("恒达")).toEqual(["恒达"]);
  });

  it("has none for fewer than two characters", () => {
    expect(nameBigrams("")).toEqual([]);
    expect(nameBigrams("华")).toEqual([]);
  });

  it("pairs folded characters, spaces and punctuation included", () => {
    expect(nameBigrams("ＴＣＬ（集团）")).toEqual(["tc", "cl", "l(", "(集", "集团", "团)"]);
    expect(nameBigrams("A B")).toEqual(["a ", " b"]);
  });

  it("counts a character beyond the Basic Multilingual Plane as one, as PostgreSQL does", () => {
    // 𠮷 (U+20BB7) is two UTF-16 code units in JavaScript, one character in PostgreSQL.
    expect(nameBigrams("𠮷野家")).toEqual(["𠮷野", "野家"]);
    expect(nameBigrams("𠮷")).toEqual([]);
  });
});

describe("unaffectedByFolding", () => {
  it("holds for a word without ASCII characters: the name as stored matches it where the folded one does", () => {
    expect(unaffectedByFolding("恒达陶瓷")).toBe(true);
    expect(unaffectedByFolding("𠮷野")).toBe(true);
    // What folding may have produced from a full-width form or a capital: compare with the folded name.
    for (const word of ["tcl", "(集团)", "100%", "a b"]) expect(unaffectedByFolding(word), word).toBe(false);
  });

  it("agrees with folding: a folded word without ASCII is in the folded name exactly when it is in the name", () => {
    const names = ["潮州市ＴＣＬ（集团）有限公司", "ABC恒达（潮州）", "恒达　陶瓷"];
    // Words as the query gives them: folded (（潮州） is read as (潮州)).
    const words = ["恒达", "（潮州）", "集团", "陶瓷", "、"].map(foldForSearch);
    for (const name of names)
      for (const word of words.filter(unaffectedByFolding))
        expect(foldForSearch(name).includes(word), `${word} in ${name}`).toBe(name.includes(word));
  });
});

describe("parseNameQuery", () => {
  it("reads words in the order typed, folded, without repeats; the bigrams of them all", () => {
    expect(parseNameQuery("湘桥 恒达")).toEqual({
      kind: "contains",
      words: ["湘桥", "恒达"],
      first: "湘桥",
      bigrams: ["湘桥", "恒达"],
    });
    expect(parseNameQuery(" 恒达陶瓷　恒达陶瓷 ")).toEqual({
      kind: "contains",
      words: ["恒达陶瓷"],
      first: "恒达陶瓷",
      bigrams: ["恒达", "达陶", "陶瓷"],
    });
    expect(parseNameQuery("ＴＣＬ 华华华")).toMatchObject({ words: ["tcl", "华华华"], bigrams: ["tc", "cl", "华华"] });
  });

  it("keeps a one-character word beside a longer one: the longer one finds the rows, the name holds both", () => {
    expect(parseNameQuery("恒达 陶")).toEqual({
      kind: "contains",
      words: ["恒达", "陶"],
      first: "恒达",
      bigrams: ["恒达"],
    });
  });

  it("reads single characters typed apart as one word", () => {
    expect(parseNameQuery("恒 达")).toMatchObject({ kind: "contains", words: ["恒达"], bigrams: ["恒达"] });
  });

  it("looks for names beginning with a lone character", () => {
    expect(parseNameQuery(" 华 ")).toEqual({ kind: "prefix", words: ["华"], first: "华" });
    expect(parseNameQuery("𠮷")).toEqual({ kind: "prefix", words: ["𠮷"], first: "𠮷" });
  });

  it("has nothing to look for in spaces", () => {
    expect(parseNameQuery(" \u3000 ")).toEqual({ kind: "empty" });
  });
});

describe("deregistration", () => {
  it("flags 注销 and 吊销 in whatever words the registry put them, and nothing else", () => {
    expect(deregistration("注销")).toBe("cancelled");
    expect(deregistration("已注销")).toBe("cancelled");
    expect(deregistration("吊销")).toBe("revoked");
    expect(deregistration("吊销,未注销")).toBe("revoked");
    expect(deregistration("存续(在营、开业、在册)")).toBeNull();
    expect(deregistration("存续")).toBeNull();
    expect(deregistration(null)).toBeNull();
  });
});
