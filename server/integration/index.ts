// Tools › Integration: API keys, allowed domains and the live test of the tracker.
export { createApiKey, revokeApiKey } from './api-keys';
export { setAllowedDomains, websiteHost } from './allowed-domains';
export { sendTestClick, sendTestSale, TEST_CHANNEL, TEST_SOURCE } from './test-events';
export { checkProxy, type ProxyCheckReport } from './proxy-check';
export { proxySnippets, proxiedScriptTag, PROXY_PREFIX } from './proxy-snippets';
