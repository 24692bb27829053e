/** The portal's production hosts. Others are added at run time from the options. */
export const PORTAL_MATCHES = ['https://*.financial-ombudsman.org.uk/*'];
/** Hosts of the simulated portal: only builds made with `--mode e2e` may carry them. */
export const TEST_MATCHES = ['http://127.0.0.1/*', 'http://localhost/*'];
