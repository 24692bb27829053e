export * from './caseDb';
export { CASE_DB_NAME, CASE_DB_VERSION } from './schema';
