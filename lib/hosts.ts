/** The portal's production hosts. Others are added at run time from the options. */
export const PORTAL_MATCHES = ['https://*.financial-ombudsman.org.uk/*'];
/** Hosts of the simulated portal: only builds made with `--mode e2e` may carry them (granted at install). */
export const TEST_MATCHES = ['http://127.0.0.1/*', 'http://localhost/*'];
/**
 * Where an e2e build's manifest runs the content script: 127.0.0.1 only. localhost is granted but
 * not matched, so a test can add it in the options as a user adds a portal host and see the
 * content script registered there (tests/e2e/hosts.e2e.ts).
 */
export const TEST_CONTENT_MATCHES = ['http://127.0.0.1/*'];
