/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// Single fetch: loaders' data arrives with Dates, Maps … intact, and useLoaderData is typed so.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// What server.ts hands every loader, action and entry.server: this response's CSP nonce (absent only
// where a test calls a loader or an action directly).
declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    cspNonce?: string;
  }
}

export {};
