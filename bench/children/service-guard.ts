/**
 * Preloaded (`node -r`) into the service's and the CLI's processes, transpiled
 * to plain JavaScript at run time so they never load ts-node. It only ends the
 * process (SIGTERM, its normal shutdown) when the bench goes away, so a crashed
 * or killed bench leaves no orphan behind. It never touches the application.
 */
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
// The channel must not keep the process alive: it shuts down exactly as it would without us.
process.channel?.unref();
