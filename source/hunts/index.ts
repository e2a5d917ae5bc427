/**
 * The hunts domain, for the CLI and the TUI (no terminal or React code here):
 * - loadHunts() reads queries/*.sql, the user folder and extra folders; malformed files come back as problems;
 * - runHunts(conn, hunts, {signal, onProgress}) summarises each (matches, first/last seen, top principals);
 * - runHunt(conn, hunt, {signal, limit}) returns a hunt's rows; huntMatchKeysSql(hunt) is SQL yielding the
 *   matched event_keys, for a pivot filter `event_key IN (...)`;
 * - recordRuns / recordRunsIn write hunt_runs and an audit row.
 * Give interactive hunts their own connection (CaseStore.connect()): an abort interrupts the whole connection.
 */
export {HuntError, SEVERITIES, severityRank, type Hunt, type HuntProblem, type Severity} from './hunt.js';
export {huntReport, huntTable, type HuntReportEntry} from './hunt-report.js';
export {builtInQueriesDir, loadHunts, userQueriesDir, type LoadedHunts, type LoadHuntsOptions} from './load-hunts.js';
export {parseHunt} from './parse-hunt.js';
export {adHocRunRecord, distinctEventKeys, huntRunRecord, recordRuns, recordRunsIn, sha256Hex, type RecordOutcome, type RunRecord} from './record-runs.js';
export {checkHunt, huntMatchKeysSql, huntRowsSql, REQUIRED_COLUMNS, runHunt, summariseHunt, type HuntSummary} from './run-hunt.js';
export {runHunts, type HuntOutcome, type RunHuntsOptions} from './run-hunts.js';
