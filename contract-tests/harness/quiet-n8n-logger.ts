/**
 * Jest setup file. n8n-core reports every error a node throws through n8n's logger, which prints it with its
 * stack to the console; the tests assert those errors themselves, so n8n's logger stays silent and a passing
 * run prints only jest's summary. Set N8N_LOG_LEVEL (error, warn, info or debug) to see n8n's log when
 * debugging a test.
 */
process.env.N8N_LOG_LEVEL ??= 'silent';
