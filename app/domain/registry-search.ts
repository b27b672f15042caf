/**
 * How a search of the registry (法人库) by name reads the query, and the character bigrams that let an index
 * find a fragment of two Chinese characters (a trigram index cannot: it needs three).
 *
 * The SQL functions `registry_fold` and `registry_bigrams` (migration 2026_12_07_1000_registry_bigrams) do
 * exactly what `foldForSearch` and `nameBigrams` do here; tests/integration/registry-search.test.ts holds
 * them to it. The index stores the bigrams of every name; a query asks for the rows holding all of its own
 * bigrams and then checks the words themselves.
 */

/** Full-width ASCII forms (！ … ～, U+FF01–U+FF5E) sit at a fixed distance from their half-width twins. */
const FULL_WIDTH_OFFSET = 0xfee0;

/**
 * The name or query as both are compared: full-width letters, digits and punctuation as their half-width
 * forms, the ideographic space as a space, and Latin capitals in lower case. Nothing else changes: the
 * comparison is the same whatever the database's locale.
 */
export function foldForSearch(s: string): string {
  return s.replace(/[\uff01-\uff5e\u3000A-Z]/g, (c) => {
    if (c === "\u3000") return " ";
    const code = c.charCodeAt(0);
    const half = code >= 0xff01 ? code - FULL_WIDTH_OFFSET : code;
    return String.fromCharCode(half >= 0x41 && half <= 0x5a ? half + 0x20 : half);
  });
}

/**
 * Every pair of neighbouring characters (code points, as PostgreSQL counts them) of the folded text, in
 * order, repeats kept: "潮州市" → ["潮州", "州市"]. Fewer than two characters have none.
 */
export function nameBigrams(s: string): string[] {
  const chars = Array.from(foldForSearch(s));
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1]);
  return pairs;
}

/**
 * Whether a folded word is found in a name exactly where it is found in the folded name: when it holds no
 * ASCII character. Folding changes only characters into ASCII ones and leaves every other character as it
 * is, so such a word can only meet the name's own, unchanged characters (the search then compares with the
 * name as stored, sparing the fold of every name it checks).
 */
export function unaffectedByFolding(word: string): boolean {
  return Array.from(word).every((c) => c.codePointAt(0)! > 0x7f);
}

export type NameQuery =
  /** Names containing every word, in any order; the bigrams are what the index is asked for. */
  | { kind: "contains"; words: string[]; first: string; bigrams: string[] }
  /**
   * A single character has no bigram: only the names beginning with it are looked for (the office is told
   * to type two characters or more to find it anywhere in a name).
   */
  | { kind: "prefix"; words: [string]; first: string }
  | { kind: "empty" };

/**
 * The words of a name query, folded: "湘桥 恒达" finds 潮州市湘桥区恒达… as well as a name with the words the
 * other way round. A query of single characters apart ("恒 达") is read as one word ("恒达"): a lone character
 * says too little to look for on its own.
 */
export function parseNameQuery(q: string): NameQuery {
  const words = [
    ...new Set(
      foldForSearch(q)
        .split(/\s+/)
        .filter((w) => w !== ""),
    ),
  ];
  if (words.length === 0) return { kind: "empty" };
  const read = words.every((w) => Array.from(w).length === 1) ? [words.join("")] : words;
  if (read.length === 1 && Array.from(read[0]).length === 1)
    return { kind: "prefix", words: [read[0]], first: read[0] };
  return {
    kind: "contains",
    words: read,
    first: read[0],
    bigrams: [...new Set(read.flatMap(nameBigrams))],
  };
}

/** Words in a registration status (登记状态) that mean the firm no longer exists in law: 注销 or 吊销. */
export const DEREGISTERED_MARKERS = ["注销", "吊销"] as const;

/**
 * Whether the registry's status says the firm was deregistered (注销) or had its licence revoked (吊销,
 * including "吊销,未注销"): such a firm can still be found, but is flagged and listed after live ones.
 */
export function deregistration(status: string | null): "revoked" | "cancelled" | null {
  if (!status) return null;
  if (status.includes("吊销")) return "revoked";
  if (status.includes("注销")) return "cancelled";
  return null;
}
