import en from './bundles/en'
import { addBundle } from './bundles/registry'
import vi from './bundles/vi'

addBundle('vi', vi)
addBundle('en', en)

/** Both languages, for the server's i18next instances. */
export const serverResources = { vi: { common: vi }, en: { common: en } }
