/** Passwords the end-to-end tests type. The global teardown checks none of them reached the server log. */
export const E2E_PASSWORD = 'Mua-thu-Ha-Noi-2026'
export const DEMO_PASSWORD = 'HoaNhap-demo-2026'

/** A recognisable sensitive value typed into a candidate record: it must never reach the server log. */
export const SENSITIVE_CANARY = 'CANARY-sensitive-7f3a91'
