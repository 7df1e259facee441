// Imports from other trackers: Post Affiliate Pro's CSV exports (Settings › Import, npm run import:pap).
export { importPap, planPapImport, PAP_ACTION_CODE, type PapImportReport, type PlannedItem, type RowProblem } from './pap-import';
export { readPapFiles, PAP_KINDS, type PapFile, type PapKind } from './pap-csv';
