/**
 * Process settings that must be in place before anything else loads. ESM evaluates imports in
 * order, so `run.ts` imports this module first: the SDK checks the Node-version flag when the
 * first client is built, and Powertools reads its settings when the handler module is loaded.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Per-batch info lines and EMF metric documents from the handler would bury the report on
// stdout; warnings and errors still show.
process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

export {};
