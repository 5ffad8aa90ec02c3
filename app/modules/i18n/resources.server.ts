import en from './bundles/en'
import { addBundle } from './bundles/registry'
import { translateKey } from './translator'
import vi from './bundles/vi'

// The server speaks both languages: importing this module loads both sets of strings.
addBundle('vi', vi)
addBundle('en', en)

/** Both languages' strings, as loaded (the locale tests compare them). */
export const serverBundles = { vi, en }

/** `translate` for server code (downloads, the HSDS feed): importing it from here loads both languages first. */
export { translateKey as translate }
