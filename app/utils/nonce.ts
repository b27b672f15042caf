/**
 * The response's CSP nonce, from server.ts (getLoadContext) through entry.server.tsx to the inline
 * scripts root.tsx renders. In the browser it is "": a browser hides a nonce attribute's value from the
 * page once it has checked it, so the hydrated markup matches.
 */
import { createContext, useContext } from "react";

const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
