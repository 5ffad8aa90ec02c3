import { createContext, useContext } from 'react'

const NonceContext = createContext<string>('')

export const NonceProvider = NonceContext.Provider

/** The CSP nonce of this response (server.ts makes one per request); empty in the browser. */
export function useNonce() {
  return useContext(NonceContext)
}
