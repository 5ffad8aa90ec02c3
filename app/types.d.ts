import 'react-router'

declare module 'react-router' {
  interface AppLoadContext {
    /** Per-response CSP nonce made by server.ts. */
    cspNonce: string
    requestId: string
    /** The client's address as Express sees it (honours TRUST_PROXY). */
    clientIp: string | null
  }
}
